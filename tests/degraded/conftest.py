"""An outlet, an article and a story made with the ORM, for pages served while something underneath fails."""

from __future__ import annotations

import pytest


@pytest.fixture
def story(outlets, make_article, make_story):
    return make_story(
        *(make_article(f"degraded-{n}", outlets[n], hours_ago=n + 1, title=f"Flood report {n}") for n in range(3))
    )


@pytest.fixture
def article(story):
    return story.articles.order_by("published_at").first()
