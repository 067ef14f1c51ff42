"""Search on PostgreSQL: the generated ``search_vector`` column of ``search_document`` with its GIN index.

The parsed query becomes a tsquery built from ``phraseto_tsquery`` calls joined with ``&&``, ``||`` and ``!!``,
each reader's phrase a bound parameter: PostgreSQL's tsquery syntax (``:*``, ``&``, ``<->``) is never parsed
from reader text, and stop words inside phrases keep their distance. ``ts_headline``, which reads and
re-parses the text, runs only on the documents of the page shown.
"""

from __future__ import annotations

import html

from django.db import connection

from newsdesk.search.backends.base import (
    Order, Position, SearchBackend, SearchFilters, filter_sql, recency_factor_sql,
)
from newsdesk.search.highlight import MARK_END, MARK_START
from newsdesk.search.query import ParsedQuery, Phrase

TEXT_CONFIG = "english"
# ts_rank_cd normalisation 32: rank / (rank + 1), so relevance lies in [0, 1).
RANK_NORMALISATION = 32
# ts_headline parses the whole text it is given: the body is cut to this many characters for snippets.
SNIPPET_SOURCE_CHARS = 20000
HEADLINE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}"
SNIPPET_OPTIONS = f"{HEADLINE_OPTIONS}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \""
TITLE_OPTIONS = f"{HEADLINE_OPTIONS}, HighlightAll=true"


def tsquery_sql(query: ParsedQuery) -> tuple[str, list[str]]:
    """SQL for the query's tsquery, and its parameters (one phrase each)."""
    params: list[str] = []

    def phrase(p: Phrase) -> str:
        params.append(" ".join(p.words))
        return f"phraseto_tsquery('{TEXT_CONFIG}', %s)"

    def any_of(phrases) -> str:
        return "(" + " || ".join(phrase(p) for p in phrases) + ")"

    expression = " && ".join(any_of(clause.alternatives) for clause in query.required)
    if query.excluded:
        expression += " && !!" + any_of(query.excluded)
    return expression, params


class PostgresBackend(SearchBackend):
    name = "postgres"

    def ranked_keys(self, query: ParsedQuery, filters: SearchFilters, order: Order, position: Position,
                    limit: int) -> list[tuple[int, float]]:
        sql = filter_sql(filters, "d.id", floor=position.floor if order == Order.RELEVANCE else None)
        tsquery, query_params = tsquery_sql(query)
        matches = f"FROM search_document d, (SELECT {tsquery}) AS q(query) WHERE d.search_vector @@ q.query{sql.where()}"
        if order == Order.DATE:
            after = " AND d.id < %s" if position.key is not None else ""
            params = [*query_params, *sql.params] + ([position.key] if position.key is not None else []) + [limit]
            statement = f"SELECT d.id, 0.0 {matches}{after} ORDER BY d.id DESC LIMIT %s"
        else:
            score = (f"ts_rank_cd(d.search_vector, q.query, {RANK_NORMALISATION})::float8 * "
                     f"{recency_factor_sql('d.id')}")
            params = [position.now, position.now, *query_params, *sql.params]
            after = ""
            if position.key is not None:
                after = " WHERE score < %s OR (score = %s AND key < %s)"
                params += [position.score, position.score, position.key]
            statement = (f"SELECT key, score FROM (SELECT d.id AS key, {score} AS score {matches}) AS ranked"
                         f"{after} ORDER BY score DESC, key DESC LIMIT %s")
            params.append(limit)
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return [(int(key), float(score)) for key, score in cursor.fetchall()]

    def window_floor(self, query: ParsedQuery, filters: SearchFilters, size: int) -> int | None:
        sql = filter_sql(filters, "d.id")
        tsquery, query_params = tsquery_sql(query)
        statement = (f"SELECT d.id FROM search_document d, (SELECT {tsquery}) AS q(query) "
                     f"WHERE d.search_vector @@ q.query{sql.where()} ORDER BY d.id DESC LIMIT 1 OFFSET %s")
        with connection.cursor() as cursor:
            cursor.execute(statement, [*query_params, *sql.params, size - 1])
            row = cursor.fetchone()
        return None if row is None else int(row[0])

    def count(self, query: ParsedQuery, filters: SearchFilters, limit: int) -> int:
        sql = filter_sql(filters, "d.id")
        tsquery, query_params = tsquery_sql(query)
        statement = (f"SELECT count(*) FROM (SELECT 1 FROM search_document d, (SELECT {tsquery}) AS q(query) "
                     f"WHERE d.search_vector @@ q.query{sql.where()} LIMIT %s) AS matched")
        with connection.cursor() as cursor:
            cursor.execute(statement, [*query_params, *sql.params, limit])
            return cursor.fetchone()[0]

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
            return {row[0]: tuple(html.unescape(text or "") for text in row[1:]) for row in cursor.fetchall()}


def _escaped(column: str) -> str:
    # ts_headline's parser takes "<script>" for a tag and puts a space in its place: the text goes in
    # escaped, so every character survives, and comes out unescaped before our own escaping (highlight.py).
    return f"replace(replace(replace({column}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"
