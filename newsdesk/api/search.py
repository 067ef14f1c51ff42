"""``GET /api/v1/search``: the search page as JSON, with the same query language and filters, and cursors.

Registered on the API in ``views`` (one line). Each hit carries the article or story exactly as the
``articles`` and ``stories`` endpoints publish it, with its highlighted title and snippet (escaped HTML,
matches in ``<mark>``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from newsdesk.api.params import BAD_REQUEST, Cursor, Moment, RowId
from newsdesk.api.records import article_out, story_out
from newsdesk.api.schemas import ArticleOut, StoryOut
from newsdesk.search.backends import get_backend
from newsdesk.search.backends.base import FilterUnavailable, InvalidCursor, Order, SearchFilters
from newsdesk.search.query import parse_query
from newsdesk.search.results import with_objects

router = Router(tags=["search"])


class SearchParams(Schema):
    # Any text, NUL included: parse_query keeps only words, so nothing else reaches an engine.
    q: str = Field(..., description='Words, "quoted phrases", -exclusions, OR between alternatives.')
    sort: Literal["relevance", "date"] = "relevance"
    kind: Literal["article", "story"] | None = Field(None, description="Only articles, or only stories.")
    source: list[RowId] = Field([], description="Source IDs (repeat the parameter for several): articles only.")
    since: Moment | None = Field(None, description="Dated at or after (articles: published; stories: newest article).")
    until: Moment | None = Field(None, description="Dated before.")
    story: UUID | None = Field(None, description="Only this story's articles.")
    entity: UUID | None = Field(None, description="Only articles mentioning this entity (or one merged into it).")
    cursor: Cursor | None = None
    limit: int = 20


class SearchHitOut(Schema):
    kind: Literal["article", "story"]
    score: float = Field(..., description="Relevance with recency (0 when sorted by date).")
    dated: datetime
    title: str
    title_html: str = Field(..., description="Escaped HTML of the title, matches in <mark>.")
    snippet_html: str = Field(..., description="Escaped HTML of the best passage, matches in <mark>.")
    article: ArticleOut | None = None
    story: StoryOut | None = None


class SearchPage(Schema):
    items: list[SearchHitOut]
    next_cursor: str | None
    total: int = Field(..., description="Number of matches, counted up to 1000.")
    total_is_lower_bound: bool = Field(..., description="True when there are more than `total` matches.")


@router.get("", response={200: SearchPage, **BAD_REQUEST}, summary="Search articles and stories")
def search(request, params: Query[SearchParams]):
    filters = SearchFilters(
        sources=tuple(params.source),
        since=params.since,
        until=params.until,
        story=params.story,
        entity=params.entity,
        kinds=(params.kind,) if params.kind else (),
    )
    try:
        page = get_backend().search(
            parse_query(params.q), filters, order=Order(params.sort), cursor=params.cursor, limit=params.limit
        )
    except (InvalidCursor, FilterUnavailable) as exc:
        raise HttpError(400, str(exc)) from None
    items = []
    for result in with_objects(page.hits):
        hit = result.hit
        items.append(
            {
                "kind": hit.kind,
                "score": hit.score,
                "dated": hit.dated,
                "title": hit.title,
                "title_html": hit.title_html,
                "snippet_html": hit.snippet_html,
                "article": article_out(result.article) if result.article is not None else None,
                "story": story_out(result.story) if result.story is not None else None,
            }
        )
    return {
        "items": items,
        "next_cursor": page.next_cursor,
        "total": page.total,
        "total_is_lower_bound": page.total_is_lower_bound,
    }
