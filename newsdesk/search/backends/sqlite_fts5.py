"""Search on SQLite: the FTS5 table ``search_fts`` (external content over ``search_document``; migration 0001).

Queries compile to FTS5's syntax from the parsed query, every word inside a double-quoted string, so FTS5's
operators (``NEAR``, ``*``, ``:``, ``^``, column filters) can never come from a reader. The rowid is the
document key: date order and date ranges are rowid order and ranges, which FTS5 serves from its own index;
``search_document`` is joined only for the filters that need it.
"""

from __future__ import annotations

from django.db import connection, transaction

from newsdesk.search.backends.base import (
    FilterSql, Order, Position, SearchBackend, SearchFilters, filter_sql, recency_factor_sql,
)
from newsdesk.search.highlight import MARK_END, MARK_START
from newsdesk.search.query import ParsedQuery, Phrase

# BM25 column weights: title, summary, body, source name, facets (the table's column order; facets are
# filter tokens, not text, and weigh nothing).
BM25_WEIGHTS = (4.0, 2.0, 1.0, 0.5, 0.0)
SNIPPET_TOKENS = 28
TEXT_COLUMNS = "title summary body source_name"


def fts5_phrase(phrase: Phrase) -> str:
    # The parser's words are letters and digits only; the doubling of '"' is FTS5's escape, kept as a guard.
    return '"' + " ".join(word.replace('"', '""') for word in phrase.words) + '"'


def fts5_match(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression: AND of the clauses (each an OR of phrases), then NOT the exclusions."""
    clauses = ["(" + " OR ".join(fts5_phrase(p) for p in clause.alternatives) + ")" for clause in query.required]
    expression = " AND ".join(clauses)
    if query.excluded:
        expression = f"({expression}) NOT (" + " OR ".join(fts5_phrase(p) for p in query.excluded) + ")"
    # Only the text columns: a reader typing a filter token ("src12") must not match the facets column.
    return f"{{{TEXT_COLUMNS}}} : ({expression})"


def facet_match(filters: SearchFilters) -> str:
    """Kind, source and story filters as FTS5 column filters on the ``facets`` tokens (indexing.article_facets):
    FTS5 intersects their short posting lists with the query's instead of reading a row per match."""
    groups = []
    kinds = filters.effective_kinds()
    if kinds:
        groups.append([f"kind{kind}" for kind in kinds])
    if filters.sources:
        groups.append([f"src{int(source)}" for source in filters.sources])
    if filters.story is not None:
        groups.append([f"st{filters.story.hex}"])
    return "".join(" AND (" + " OR ".join(f'facets : "{token}"' for token in group) + ")" for group in groups)


def fts5_filtered_match(query: ParsedQuery, filters: SearchFilters) -> str:
    facets = facet_match(filters)
    return f"({fts5_match(query)}){facets}" if facets else fts5_match(query)


class SqliteFts5Backend(SearchBackend):
    name = "sqlite_fts5"

    def _from(self, sql: FilterSql) -> str:
        join = " JOIN search_document d ON d.id = f.rowid" if sql.needs_document else ""
        return f"FROM search_fts f{join} WHERE search_fts MATCH %s"

    def ranked_keys(self, query: ParsedQuery, filters: SearchFilters, order: Order, position: Position,
                    limit: int) -> list[tuple[int, float]]:
        sql = filter_sql(filters, "f.rowid", floor=position.floor if order == Order.RELEVANCE else None,
                         facets_in_index=True)
        match = fts5_filtered_match(query, filters)
        if order == Order.DATE:
            after = " AND f.rowid < %s" if position.key is not None else ""
            params = [match, *sql.params] + ([position.key] if position.key is not None else []) + [limit]
            statement = (f"SELECT f.rowid, 0.0 {self._from(sql)}{sql.where()}{after} "
                         "ORDER BY f.rowid DESC LIMIT %s")
        else:
            weights = ", ".join(repr(w) for w in BM25_WEIGHTS)
            score = f"-bm25(search_fts, {weights}) * {recency_factor_sql('f.rowid')}"
            inner = f"SELECT f.rowid AS key, {score} AS score {self._from(sql)}{sql.where()}"
            params = [position.now, position.now, match, *sql.params]
            after = ""
            if position.key is not None:
                after = " WHERE score < %s OR (score = %s AND key < %s)"
                params += [position.score, position.score, position.key]
            statement = f"SELECT key, score FROM ({inner}){after} ORDER BY score DESC, key DESC LIMIT %s"
            params.append(limit)
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return [(int(key), float(score)) for key, score in cursor.fetchall()]

    def window_floor(self, query: ParsedQuery, filters: SearchFilters, size: int) -> int | None:
        sql = filter_sql(filters, "f.rowid", facets_in_index=True)
        statement = f"SELECT f.rowid {self._from(sql)}{sql.where()} ORDER BY f.rowid DESC LIMIT 1 OFFSET %s"
        with connection.cursor() as cursor:
            cursor.execute(statement, [fts5_filtered_match(query, filters), *sql.params, size - 1])
            row = cursor.fetchone()
        return None if row is None else int(row[0])

    def count(self, query: ParsedQuery, filters: SearchFilters, limit: int) -> int:
        sql = filter_sql(filters, "f.rowid", facets_in_index=True)
        statement = f"SELECT count(*) FROM (SELECT 1 {self._from(sql)}{sql.where()} LIMIT %s)"
        with connection.cursor() as cursor:
            cursor.execute(statement, [fts5_filtered_match(query, filters), *sql.params, limit])
            return cursor.fetchone()[0]

    def highlights(self, query: ParsedQuery, keys: list[int]) -> dict[int, tuple[str, str, str]]:
        if not keys:
            return {}
        marks = f"'{MARK_START}', '{MARK_END}'"
        # One query for the page: FTS5 looks each listed rowid up (the MATCH is what places the markers).
        statement = (f"SELECT rowid, highlight(search_fts, 0, {marks}), "
                     f"snippet(search_fts, 1, {marks}, '…', {SNIPPET_TOKENS}), "
                     f"snippet(search_fts, 2, {marks}, '…', {SNIPPET_TOKENS}) "
                     f"FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({', '.join(['%s'] * len(keys))})")
        with connection.cursor() as cursor:
            cursor.execute(statement, [fts5_match(query), *keys])
            return {row[0]: (row[1] or "", row[2] or "", row[3] or "") for row in cursor.fetchall()}

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    def clear(self) -> None:
        # Emptied in one step instead of one index delete per row: the delete trigger is dropped and remade
        # inside the transaction, so no other connection ever sees the table without it.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'search_document_ad'")
            trigger_sql = cursor.fetchone()[0]
            cursor.execute("DROP TRIGGER search_document_ad")
            cursor.execute("DELETE FROM search_document")
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
            cursor.execute(trigger_sql)
