"""Search on PostgreSQL: the generated ``search_vector`` column of ``search_document`` with its GIN index.

The parsed query becomes a tsquery built from ``phraseto_tsquery`` calls joined with ``&&``, ``||`` and ``!!``,
each reader's phrase a bound parameter: PostgreSQL's tsquery syntax (``:*``, ``&``, ``<->``) is never parsed
from reader text, and stop words inside phrases keep their distance. ``ts_headline``, which reads and
re-parses the text, runs only on the documents of the page shown.

What a search reads (migration 0004): filters are tokens in ``facet_vector``, matched in the same GIN index
as the text; a relevance search takes its window (the newest RELEVANCE_WINDOW matches) in one query, counts
it, and ranks it on ``rank_vector`` (title, summary, source: stored in the row) rather than the full vector,
whose bodies live out of line. A phrase of several words is looked for among the newest PHRASE_SCOPE
documents (checking positions reads each candidate's full vector), or everywhere when they hold less than a
page of it.
"""

from __future__ import annotations

import html

from django.db import connection

from newsdesk.search.backends import base
from newsdesk.search.backends.base import (
    Order,
    Position,
    Ranking,
    SearchBackend,
    SearchFilters,
    facet_token_groups,
    filter_sql,
    recency_factor,
)
from newsdesk.search.highlight import MARK_END, MARK_START
from newsdesk.search.query import ParsedQuery, Phrase

TEXT_CONFIG = "english"
# ts_rank_cd normalisation 32: rank / (rank + 1), so relevance lies in [0, 1).
RANK_NORMALISATION = 32
# Every match holds the query somewhere (in its body, if not in the ranking vector): this much relevance, so
# that matches in the body alone rank by recency after those with the words in the title or summary.
MATCH_FLOOR = 0.05
# A phrase is checked in this many newest documents (of any content): each candidate's positions are read
# from its out-of-line full vector, at some 15 µs each.
PHRASE_SCOPE = 20_000
# ts_headline parses the whole text it is given: the body is cut to this many characters for snippets.
SNIPPET_SOURCE_CHARS = 20000
HEADLINE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}"
SNIPPET_OPTIONS = f'{HEADLINE_OPTIONS}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
TITLE_OPTIONS = f"{HEADLINE_OPTIONS}, HighlightAll=true"


def tsquery_sql(query: ParsedQuery, loose: bool = False) -> tuple[str, list[str]]:
    """SQL for the query's tsquery, and its parameters (one phrase each); ``loose``: each phrase's words in any
    order and no exclusions (what the GIN index answers without reading positions)."""
    params: list[str] = []
    make = "plainto_tsquery" if loose else "phraseto_tsquery"

    def phrase(p: Phrase) -> str:
        params.append(" ".join(p.words))
        return f"{make}('{TEXT_CONFIG}', %s)"

    def any_of(phrases) -> str:
        return "(" + " || ".join(phrase(p) for p in phrases) + ")"

    expression = " && ".join(any_of(clause.alternatives) for clause in query.required)
    if query.excluded and not loose:
        expression += " && !!" + any_of(query.excluded)
    return expression, params


def facet_tsquery(filters: SearchFilters) -> str:
    """The filters' facet tokens (``base.facet_token_groups``) as ``to_tsquery('simple')`` text."""
    return " & ".join("(" + " | ".join(group) + ")" for group in facet_token_groups(filters))


class PostgresBackend(SearchBackend):
    name = "postgres"

    def _matches(
        self, tsquery: tuple[str, list], facets: str, filters: SearchFilters, floor: int | None = None
    ) -> tuple[str, list]:
        """``FROM ... WHERE ...`` of the matching documents, and its parameters."""
        expression, params = tsquery
        sql = filter_sql(filters, "d.id", floor=floor)
        where, where_params = "d.search_vector @@ q.query", []
        if facets:
            # The filter first: where PostgreSQL walks the key index and tests each row, the small facet vector
            # in the row rules most of them out before the full vector is fetched from TOAST.
            where = "d.facet_vector @@ to_tsquery('simple', %s) AND " + where
            where_params = [facets]
        return (
            f"FROM search_document d, (SELECT {expression}) AS q(query) WHERE {where}{sql.where()}",
            [*params, *where_params, *sql.params],
        )

    def ranked_keys(
        self, query: ParsedQuery, filters: SearchFilters, order: Order, position: Position, limit: int
    ) -> list[tuple[int, float]]:
        """Newest first (relevance goes through ``rank``)."""
        matches, params = self._matches(tsquery_sql(query), facet_tsquery(filters), filters)
        after = " AND d.id < %s" if position.key is not None else ""
        params += ([position.key] if position.key is not None else []) + [limit]
        return self._rows(f"SELECT d.id, 0.0::float8 {matches}{after} ORDER BY d.id DESC LIMIT %s", params)

    def rank(
        self, query: ParsedQuery, filters: SearchFilters, order: Order, position: Position, limit: int, first_page: bool
    ) -> Ranking:
        if order != Order.RELEVANCE:
            return super().rank(query, filters, order, position, limit, first_page)
        facets = facet_tsquery(filters)  # once: an entity filter reads the entity's merged names
        scope = self._phrase_scope(query, facets, filters) if first_page else None
        ranks: dict[int, float] = {}  # the text rank of each key of the last window taken

        def window_at(floor: int | None, size: int | None) -> list[int]:
            ranks.clear()
            ranks.update(self._window(query, facets, filters, floor, size))
            return list(ranks)

        return base.relevance_page(
            window_at,
            lambda window: {key: (ranks[key] + MATCH_FLOOR) * recency_factor(key, position.now) for key in window},
            scope,
            first_page,
            position,
            limit,
        )

    def _phrase_scope(self, query: ParsedQuery, facets: str, filters: SearchFilters) -> int | None:
        """The oldest key a phrase is checked in: the newest PHRASE_SCOPE documents, found in the key index
        alone (finding the newest documents that hold the words, as SQLite does, reads every one of them
        here)."""
        if all(len(p.words) == 1 for clause in query.required for p in clause.alternatives):
            return None
        rows = self._rows("SELECT id, 0 FROM search_document ORDER BY id DESC OFFSET %s LIMIT 1", [PHRASE_SCOPE - 1])
        return rows[0][0] if rows else None

    def _window(
        self, query: ParsedQuery, facets: str, filters: SearchFilters, floor: int | None, size: int | None
    ) -> list[tuple[int, float]]:
        """(key, text rank) of the newest ``size`` matches at or after ``floor`` (every one without ``size``).
        The window's keys are found first, then ranked: sorting whole rows (with their ranking vector) would
        spill to disk, and ranking before the limit would rank every candidate."""
        tsquery = tsquery_sql(query)
        matches, params = self._matches(tsquery, facets, filters, floor)
        limit = " LIMIT %s" if size else ""
        return self._rows(
            f"SELECT d.id, ts_rank_cd(d.rank_vector, q.query, {RANK_NORMALISATION})::float8 "
            f"FROM (SELECT d.id {matches} ORDER BY d.id DESC{limit}) AS w "
            f"JOIN search_document d ON d.id = w.id, (SELECT {tsquery[0]}) AS q(query) ORDER BY d.id DESC",
            [*params] + ([size] if size else []) + tsquery[1],
        )

    def count(self, query: ParsedQuery, filters: SearchFilters, limit: int) -> int:
        matches, params = self._matches(tsquery_sql(query), facet_tsquery(filters), filters)
        return self._rows(f"SELECT count(*), 0 FROM (SELECT 1 {matches} LIMIT %s) AS matched", [*params, limit])[0][0]

    def keys_with_facet(self, token: str) -> list[int]:
        return [
            key
            for key, _ in self._rows(
                "SELECT id, 0 FROM search_document WHERE facet_vector @@ to_tsquery('simple', %s)", [token]
            )
        ]

    def _rows(self, statement: str, params: list) -> list:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()

    def highlights(self, query: ParsedQuery, keys: list[int]) -> dict[int, tuple[str, str, str]]:
        if not keys:
            return {}
        tsquery, query_params = tsquery_sql(query)
        statement = (
            f"SELECT d.id, ts_headline('{TEXT_CONFIG}', {_escaped('d.title')}, q.query, %s), "
            f"ts_headline('{TEXT_CONFIG}', {_escaped('d.summary')}, q.query, %s), "
            f"ts_headline('{TEXT_CONFIG}', {_escaped(f'left(d.body, {SNIPPET_SOURCE_CHARS})')}, q.query, %s) "
            f"FROM search_document d, (SELECT {tsquery}) AS q(query) WHERE d.id = ANY(%s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, [TITLE_OPTIONS, SNIPPET_OPTIONS, SNIPPET_OPTIONS, *query_params, list(keys)])
            return {
                key: (html.unescape(title or ""), html.unescape(summary or ""), html.unescape(body or ""))
                for key, title, summary, body in cursor.fetchall()
            }


def _escaped(column: str) -> str:
    # ts_headline's parser takes "<script>" for a tag and puts a space in its place: the text goes in
    # escaped, so every character survives, and comes out unescaped before our own escaping (highlight.py).
    return f"replace(replace(replace({column}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"
