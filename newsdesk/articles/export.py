"""The export record of an article. Field names are a public contract: tools outside newsdesk read them."""

from __future__ import annotations

from newsdesk.articles.models import Article
from newsdesk.entities.export import entity_fields
from newsdesk.pipeline.credentials import without_credentials


def _iso(value):
    return value.isoformat() if value else None


def _str_or_none(value):
    return str(value) if value is not None else None


def article_record(article: Article, *, with_text: bool = True) -> dict:
    """The article as exported; without ``text`` for lists that do not load it (the JSON API's)."""
    record = {
        "id": str(article.id),
        "url": without_credentials(article.url),  # a link resolved against a feed's user:pass@ inherits it
        "canonical_url": article.original_url,
        "source": str(article.source),
        "source_id": article.source_id,
        "source_domain": article.original_domain,
        "title": article.title,
        "author": article.author,
        "site_name": article.site_name,
        "language": article.language,
        "description": article.description,
        "image_url": article.image_url,
        "published_at": _iso(article.published_at),
        # The source's own date when it was not believed (published_at is then when we saw the article).
        "claimed_published_at": _iso(article.claimed_published_at),
        "published_at_untrusted": article.published_at_untrusted,
        "fetched_at": _iso(article.fetched_at),
        "summary": article.summary,
        "summary_sentences": article.summary_sentences,
        "story_id": _str_or_none(article.story_id),
        "duplicate_of": _str_or_none(article.duplicate_of_id),
    }
    if with_text:  # not read otherwise: lists defer the body column
        record["text"] = article.text
        record.update(entity_fields(article))  # `entities` and `key_facts` (newsdesk.entities)
    return record
