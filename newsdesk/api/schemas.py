"""What the API returns. Field names follow `newsdesk export` where they overlap. No email, ever."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ninja import Schema
from pydantic import Field, field_validator

from newsdesk.pipeline.credentials import without_credentials


class SourceOut(Schema):
    id: int
    name: str
    feed_url: str
    site_url: str

    @field_validator("feed_url", "site_url")
    @classmethod
    def _without_credentials(cls, url: str) -> str:  # a feed's user:pass@ is for the fetcher, not the public
        return without_credentials(url)

    domain: str
    republish_full_text: bool
    kind: str = Field(description="What the source is polled as: feed, sitemap, or pages (not polled).")
    served_format: str = Field(
        description="What the feed URL served at the last poll: rss, rdf, atom, json, sitemap, news-sitemap, "
        "sitemap-index; empty until it is first fetched."
    )
    url: str  # our page


class ArticleOut(Schema):
    """The fields of `newsdesk export`, but the body; plus our page's address."""

    id: UUID
    url: str
    canonical_url: str
    source_id: int
    source: str
    source_domain: str
    title: str
    author: str
    site_name: str
    language: str
    description: str
    image_url: str
    published_at: datetime | None
    claimed_published_at: datetime | None  # the source's date when not trusted (published_at: when we saw it)
    published_at_untrusted: bool
    fetched_at: datetime | None
    summary: str
    summary_sentences: list[dict]
    story_id: UUID | None
    duplicate_of: UUID | None
    page_url: str  # our page


class ArticleDetailOut(ArticleOut):
    text: str | None  # the full text only where the source allows republishing; else null
    excerpt: str


class StoryOut(Schema):
    id: UUID
    headline: str
    summary: str
    article_count: int
    outlet_count: int
    first_published_at: datetime | None
    updated_at: datetime | None
    page_url: str


class StoryDetailOut(StoryOut):
    articles: list[ArticleOut]


class CommentOut(Schema):
    id: int
    parent_id: int | None
    name: str
    website: str
    body: str
    created_at: datetime


class Page(Schema):
    next_cursor: str | None


class ArticlePage(Page):
    items: list[ArticleOut]


class StoryPage(Page):
    items: list[StoryOut]


class CommentPage(Page):
    items: list[CommentOut]
