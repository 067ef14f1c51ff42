"""An article or a story as every API endpoint publishes it: the lists, the detail pages and search.

A module of its own so that the routers registered on the API (``search``) use it without importing
``views``, which imports them while it registers them."""

from __future__ import annotations

from newsdesk.articles.export import article_record
from newsdesk.articles.models import Article
from newsdesk.stories.models import Story


def article_out(article: Article) -> dict:
    # The export's record (same names, one definition), without the body, plus our page's address.
    return {**article_record(article, with_text=False), "page_url": article.get_absolute_url()}


def story_out(story: Story) -> dict:
    return {
        "id": story.id,
        "headline": story.headline,
        "summary": story.summary,
        "article_count": story.article_count,
        "outlet_count": story.outlet_count,
        "first_published_at": story.first_published_at,
        "updated_at": story.updated_at,
        "page_url": story.get_absolute_url(),
    }
