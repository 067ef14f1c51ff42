"""An outlet, an article with an approved comment, and a story, made with the ORM (the shared factories)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache.backends import base, filebased, locmem

from newsdesk.comments.models import Comment
from tests.support.clock import FakeClock


@pytest.fixture
def article(outlets, make_article):
    return make_article("cached-1", outlets[0], title="Harbour wall repaired before the storm")


@pytest.fixture
def approved_comment(article):
    return Comment.objects.create(
        article=article, name="Bea", email="bea@example.org", body="Well done.", status=Comment.Status.APPROVED
    )


@pytest.fixture
def story(outlets, make_article, make_story):
    return make_story(
        *(make_article(f"story-{n}", outlets[n], hours_ago=n + 1, title=f"Storm report {n}") for n in range(3))
    )


@pytest.fixture
def cache_clock(monkeypatch):
    """The clock Django's file and memory caches read for expiry (when an entry is stored, whether it has
    expired), standing still until the test advances it."""
    clock = FakeClock()
    for module in (base, filebased, locmem):
        monkeypatch.setattr(module, "time", SimpleNamespace(time=clock))
    return clock
