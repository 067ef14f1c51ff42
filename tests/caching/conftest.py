"""An outlet, an article with an approved comment, and a story, made with the ORM (the shared factories)."""

from __future__ import annotations

import pytest

from newsdesk.comments.models import Comment


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
