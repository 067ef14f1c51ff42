"""The search interface both engines implement, and what they share.

A backend answers ``search(parsed query, filters, order, cursor, limit)`` with a ``ResultPage``: ranked hits,
each with its highlighted title and snippet, and the cursor of the next page. Documents are written through
``index`` and ``remove`` (the ``SearchDocument`` table; each engine's index follows it: FTS5 by triggers,
PostgreSQL by generated columns). Each engine supplies its relevance ranking (``rank``: the window, its count
and its scores), the newest-first keys and count, and the highlights of the page's documents only.

Ranking (the same formula on both engines)::

    score = relevance × (1 + RECENCY_BOOST / (1 + age_days / RECENCY_HALF_LIFE_DAYS))

``relevance`` is the engine's text score. SQLite: BM25F in its k1 = 0 form, computed on the window's
documents only (``backends/sqlite_fts5.py``): for each phrase of the query, its IDF times the weights of
the columns it occurs in (title 4, summary 2, body 1, source 0.5); how often it occurs there does not count,
and the IDF is estimated from the newest IDF_SAMPLE documents. PostgreSQL: ``ts_rank_cd`` (cover density,
weights A title, B summary, C source; normalised to rank/(rank+1)) of title, summary and source, plus
MATCH_FLOOR for every match (``backends/postgres.py``: a match in the body alone ranks by recency after them). The recency factor is 2 for a
document of now, 1.5 at RECENCY_HALF_LIFE_DAYS, and falls towards 1 for old ones: an old document beats a
new one only when it is clearly more relevant. ``age_days`` comes from the document key (time-ordered, see
``models.KEY_SHIFT``), so no other column is read to rank. Sorting by date is key order, newest first.

Ranking by relevance considers a query's newest RELEVANCE_WINDOW matches (found cheaply, in key order): a
query matching more documents than that (one common word in a large archive) is ranked among its newest
matches, so its cost stays bounded however large the archive grows; sorting by date reaches every match.

Cursors carry the last hit's (score, key), the time the first page was scored at and the window's oldest
key, so every page of one search ranks the same documents with the same clock and none skips or repeats a hit.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from uuid import UUID

from newsdesk.search.highlight import has_mark, marked_to_html, marked_to_text
from newsdesk.search.models import KEY_SHIFT, SearchDocument
from newsdesk.search.query import ParsedQuery

RECENCY_BOOST = 1.0
RECENCY_HALF_LIFE_DAYS = 7.0
SECONDS_PER_DAY = 86400.0
# Counting stops here: "more than 1,000 results" is as useful as an exact count, and bounded in cost.
COUNT_LIMIT = 1000
RELEVANCE_WINDOW = 2000
MAX_LIMIT = 100


class Order(StrEnum):
    RELEVANCE = "relevance"
    DATE = "date"


class InvalidCursor(ValueError):
    """A cursor that is not the ``next_cursor`` of a previous page of the same search order."""


class FilterUnavailable(ValueError):
    """A filter this installation cannot apply (e.g. entities, before the entities app is installed)."""


@dataclass(frozen=True)
class SearchFilters:
    """Narrowing a search. Source and entity filters find articles (a story spans outlets); dates apply to
    both kinds (an article's publication time, a story's newest article); ``story`` finds its articles."""

    sources: tuple[int, ...] = ()
    since: datetime | None = None  # at or after
    until: datetime | None = None  # before
    story: UUID | None = None
    entity: UUID | None = None
    kinds: tuple[str, ...] = ()  # empty: articles and stories

    def effective_kinds(self) -> tuple[str, ...]:
        if self.sources or self.story or self.entity is not None:
            return (SearchDocument.Kind.ARTICLE,)  # type: ignore[return-value]  # Django's Choices make this tuple a str
        return self.kinds


@dataclass(frozen=True)
class Hit:
    key: int
    kind: str
    article_id: UUID | None
    story_id: UUID | None
    dated: datetime
    score: float
    title: str  # plain text
    title_html: str  # escaped, matches in <mark>
    snippet_html: str  # escaped, matches in <mark>


@dataclass(frozen=True)
class ResultPage:
    hits: list[Hit]
    next_cursor: str | None
    total: int  # at most COUNT_LIMIT
    total_is_lower_bound: bool = False  # there are more than ``total``
    order: Order = Order.RELEVANCE


@dataclass(frozen=True)
class Ranking:
    """One page's ranked (key, score) rows, the window's oldest key for the next pages, and the count where the
    engine found it on the way (``None``: counted by ``count``)."""

    rows: list[tuple[int, float]]
    floor: int | None
    total: int | None = None
    total_is_lower_bound: bool = False


@dataclass(frozen=True)
class Position:
    """Where the next page starts: after this (score, key), ranked at time ``now`` (seconds since 1970)."""

    now: float
    score: float | None = None
    key: int | None = None
    floor: int | None = None  # the oldest key the relevance window reaches (None: every match)


@dataclass
class FilterSql:
    """SQL conditions (``%s`` parameters) on a key column: the window's floor and the date range. (The other
    filters are tokens each engine matches inside its text index: ``indexing.article_facets``.)"""

    conditions: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def add(self, sql: str, *params) -> None:
        self.conditions.append(sql)
        self.params.extend(params)

    def where(self) -> str:
        return "".join(f" AND {c}" for c in self.conditions)


def key_for_time(moment: datetime) -> int:
    return max(0, int(moment.timestamp())) << KEY_SHIFT


def filter_sql(filters: SearchFilters, key_column: str, floor: int | None = None) -> FilterSql:
    """The window's floor and the date filters as conditions on the time-ordered key."""
    sql = FilterSql()
    if floor is not None:
        sql.add(f"{key_column} >= %s", floor)
    if filters.since is not None:
        sql.add(f"{key_column} >= %s", key_for_time(filters.since))
    if filters.until is not None:
        until_second = math.ceil(filters.until.timestamp())
        sql.add(f"{key_column} < %s", max(0, until_second) << KEY_SHIFT)
    return sql


def entity_ids(entity_id: UUID) -> list[UUID]:
    """The entity and those an editor merged into it (their mentions count as its own)."""
    from django.apps import apps
    from django.db.models import Q

    try:
        entity = apps.get_model("entities", "Entity")
    except LookupError:
        raise FilterUnavailable(
            "The entity filter needs the entities app (newsdesk.entities), which is not installed."
        ) from None
    ids = list(entity.objects.filter(Q(pk=entity_id) | Q(merged_into_id=entity_id)).values_list("pk", flat=True))
    return ids or [entity_id]


def facet_token_groups(filters: SearchFilters) -> list[list[str]]:
    """The kind, source, story and entity filters as groups of ``facets`` tokens (``indexing.article_facets``):
    a document must hold one token of every group. Made from integers, UUIDs and kind names, never from
    reader text. Source, story and entity tokens are on articles only, so with one of them the kind token,
    which every article has, would only add the longest posting list of all."""
    groups = []
    kinds = filters.effective_kinds()
    if kinds and not (filters.sources or filters.story or filters.entity):
        groups.append([f"kind{kind}" for kind in kinds if str(kind).isalnum()])
    if filters.sources:
        groups.append([f"src{int(source)}" for source in filters.sources])
    if filters.story is not None:
        groups.append([f"st{filters.story.hex}"])
    if filters.entity is not None:
        groups.append([f"en{entity.hex}" for entity in entity_ids(filters.entity)])
    return [group for group in groups if group]


def recency_factor_sql(key_column: str) -> str:
    """The recency factor of the formula above, in SQL both engines run (one %s: the scoring time)."""
    return (
        f"(1.0 + {RECENCY_BOOST!r} / (1.0 + (CASE WHEN %s > ({key_column} >> {KEY_SHIFT}) "
        f"THEN %s - ({key_column} >> {KEY_SHIFT}) ELSE 0 END) / {RECENCY_HALF_LIFE_DAYS * SECONDS_PER_DAY!r}))"
    )


def recency_factor(key: int, now: float) -> float:
    """The recency factor of the formula above, in Python (the same arithmetic as ``recency_factor_sql``)."""
    age_seconds = max(0.0, now - (key >> KEY_SHIFT))
    return 1.0 + RECENCY_BOOST / (1.0 + age_seconds / (RECENCY_HALF_LIFE_DAYS * SECONDS_PER_DAY))


def relevance_page(
    window_at: Callable[[int | None, int | None], list[int]],
    scores: Callable[[list[int]], dict],
    scope: int | None,
    first_page: bool,
    position: Position,
    limit: int,
) -> Ranking:
    """One page of a relevance search, the same on both engines.

    ``window_at(floor, size)``: the keys of the newest ``size`` matches at or after ``floor`` (every match for
    None), newest first; ``scores(keys)``: their {key: score}. On the first page the window is taken within
    ``scope`` (a phrase's newest documents), or everywhere when the scope holds less than a page; later pages
    re-rank what the first page's window held (``position.floor``). The count is the window's length, a lower
    bound once the window or the scope cut the matches short."""
    size = RELEVANCE_WINDOW
    if not first_page:
        scope = position.floor
    window = window_at(scope, size if first_page else None)
    if first_page and scope is not None and len(window) < limit:
        scope = None  # fewer than a page in the scope: a phrase this rare in recent news is looked for everywhere
        window = window_at(None, size)
    floor = window[-1] if first_page and len(window) >= size else scope
    scored = sorted(((score, key) for key, score in scores(window).items()), reverse=True)
    if position.key is not None:
        scored = [(s, k) for s, k in scored if s < position.score or (s == position.score and k < position.key)]
    return Ranking(
        [(key, score) for score, key in scored[:limit]],
        floor=floor,
        total=len(window),
        total_is_lower_bound=floor is not None,
    )


def encode_cursor(order: Order, position: Position) -> str:
    payload = {
        "o": str(order),
        "t": position.now,
        "k": position.key,
        "f": position.floor,
        "s": None if position.score is None else position.score.hex(),
    }
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, order: Order) -> Position:
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if payload["o"] != str(order):
            raise InvalidCursor("This cursor belongs to the other sort order: start again from the first page.")
        score = None if payload["s"] is None else float.fromhex(payload["s"])
        floor = None if payload["f"] is None else int(payload["f"])
        key = int(payload["k"])
        position = Position(now=float(payload["t"]), score=score, key=key, floor=floor)
        # Keys are 64-bit columns: a made-up one would fail in the database instead of here.
        if not math.isfinite(position.now) or not all(abs(n) < 2**63 for n in (key, floor or 0)):
            raise ValueError("out of range")
        return position
    except InvalidCursor:
        raise
    except (
        binascii.Error,
        ValueError,
        TypeError,
        KeyError,
        UnicodeDecodeError,
        AttributeError,
        OverflowError,
        RecursionError,
    ):
        raise InvalidCursor("Invalid cursor: pass the next_cursor value of a previous page unchanged.") from None


class SearchBackend(ABC):
    """One engine's queries; the paging, cursors, highlighting and documents are common (here)."""

    name = "base"

    def search(
        self,
        query: ParsedQuery,
        filters: SearchFilters | None = None,
        *,
        order: Order = Order.RELEVANCE,
        cursor: str | None = None,
        limit: int = 20,
        now: datetime | None = None,
        with_total: bool = True,
    ) -> ResultPage:
        filters = filters or SearchFilters()
        order = Order(order)
        limit = max(1, min(limit, MAX_LIMIT))
        if query.is_empty:
            return ResultPage(hits=[], next_cursor=None, total=0, order=order)
        if cursor:
            position = decode_cursor(cursor, order)
        else:
            position = Position(now=(now or datetime.now(UTC)).timestamp())
        ranking = self.rank(query, filters, order, position, limit + 1, first_page=not cursor)
        more = len(ranking.rows) > limit
        rows = ranking.rows[:limit]
        hits = self._hits(query, rows)
        next_cursor = None
        if more and rows:
            last_key, last_score = rows[-1]
            next_cursor = encode_cursor(
                order, Position(now=position.now, score=last_score, key=last_key, floor=ranking.floor)
            )
        total, capped = 0, False
        if with_total and ranking.total is not None:
            total, capped = min(ranking.total, COUNT_LIMIT), ranking.total_is_lower_bound or ranking.total > COUNT_LIMIT
        elif with_total:
            total = self.count(query, filters, COUNT_LIMIT + 1)
            total, capped = min(total, COUNT_LIMIT), total > COUNT_LIMIT
        return ResultPage(hits=hits, next_cursor=next_cursor, total=total, total_is_lower_bound=capped, order=order)

    def rank(
        self, query: ParsedQuery, filters: SearchFilters, order: Order, position: Position, limit: int, first_page: bool
    ) -> Ranking:
        """The next ``limit`` rows after ``position``. Both engines rank relevance their own way (the window,
        its count and its ranking in a few bounded queries); newest first is ``ranked_keys`` here."""
        return Ranking(self.ranked_keys(query, filters, order, position, limit), floor=position.floor)

    def _hits(self, query: ParsedQuery, rows: list[tuple[int, float]]) -> list[Hit]:
        keys = [key for key, _ in rows]
        documents = SearchDocument.objects.only("id", "kind", "article_id", "story_id", "dated").in_bulk(keys)
        highlights = self.highlights(query, keys)
        hits = []
        for key, score in rows:
            document = documents.get(key)
            if document is None:  # removed between the two queries
                continue
            title, summary, body = highlights.get(key, ("", "", ""))
            snippet = next((s for s in (summary, body) if has_mark(s)), summary or body)
            hits.append(
                Hit(
                    key=key,
                    kind=document.kind,
                    article_id=document.article_id,
                    story_id=document.story_id,
                    dated=document.dated,
                    score=float(score or 0.0),
                    title=marked_to_text(title),
                    title_html=marked_to_html(title),
                    snippet_html=marked_to_html(snippet),
                )
            )
        return hits

    # --- what each engine supplies ---
    @abstractmethod
    def ranked_keys(
        self, query: ParsedQuery, filters: SearchFilters, order: Order, position: Position, limit: int
    ) -> list[tuple[int, float]]:
        """(key, 0.0) of the next ``limit`` hits after ``position``, newest first."""

    @abstractmethod
    def count(self, query: ParsedQuery, filters: SearchFilters, limit: int) -> int:
        """How many documents match, counting no further than ``limit``."""

    @abstractmethod
    def highlights(self, query: ParsedQuery, keys: list[int]) -> dict[int, tuple[str, str, str]]:
        """{key: (title, summary snippet, body snippet)} with matches between the highlight markers."""

    @abstractmethod
    def keys_with_facet(self, token: str) -> list[int]:
        """The keys of the documents holding this ``facets`` token (one made by ``facet_token_groups``' rules)."""

    def optimize(self) -> None:  # noqa: B027 - optional: engines without such a step keep this no-op
        """Compact the index after a bulk load (where the engine has such a step)."""

    # --- documents (the same table on both engines) ---
    def write(self, documents: list[SearchDocument]) -> None:
        SearchDocument.objects.bulk_create(documents)

    def clear(self) -> None:
        SearchDocument.objects.all().delete()
