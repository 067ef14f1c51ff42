"""Search on SQLite: the FTS5 table ``search_fts`` (external content over ``search_document``; migration 0001).

Queries compile to FTS5's syntax from the parsed query, every word inside a double-quoted string, so FTS5's
operators (``NEAR``, ``*``, ``:``, ``^``, column filters) can never come from a reader. The rowid is the
document key: date order and date ranges are rowid order and ranges, which FTS5 serves from its own index;
the other filters are tokens in the ``facets`` column, so no search reads ``search_document`` but for the
page's hits.

A relevance search reads no more of the index than its window needs (what a search costs must not grow with
the archive):

1. Scope: a query with a phrase of several words looks for it among the newest PHRASE_SCOPE documents that
   hold all its words (checking word positions is the costly part of a phrase); else, or when that finds
   less than a page, the whole archive. Beyond the scope the count says "more than".
2. Window: the newest RELEVANCE_WINDOW matches in key order (FTS5 walks its posting lists backwards and
   stops); their number is the count shown.
3. Rank: for each phrase and column, which of the window's documents hold it there (one query each, bounded
   by the window's key range), weighted as ``base`` documents. FTS5's ``bm25()`` is not used: it counts each
   term's documents over the whole archive on every query, which at a million articles costs more than the
   rest of the search.
"""

from __future__ import annotations

import math

from django.db import connection, transaction

from newsdesk.search.backends import base
from newsdesk.search.backends.base import (
    FilterSql,
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

# Relevance weight of a phrase found in each text column (facets are filter tokens, not text: no weight).
COLUMN_WEIGHTS = {"title": 4.0, "summary": 2.0, "body": 1.0, "source_name": 0.5}
SNIPPET_TOKENS = 28
TEXT_COLUMNS = " ".join(COLUMN_WEIGHTS)
# A phrase is looked for among the newest this many documents holding all its words (step 1 above).
PHRASE_SCOPE = 20_000
# IDF is estimated from how many of the newest this many documents hold a phrase: exact enough to tell a rare
# word from a common one, and the same cost at any archive size. Only queries of several phrases need it.
IDF_SAMPLE = 10_000


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


def fts5_words_match(query: ParsedQuery) -> str:
    """A looser match than ``fts5_match``: each wanted phrase as its words in any order, no exclusions (what
    FTS5 finds without reading word positions)."""

    def words(phrase: Phrase) -> str:
        return "(" + " AND ".join(fts5_phrase(Phrase((word,))) for word in phrase.words) + ")"

    clauses = ["(" + " OR ".join(words(p) for p in clause.alternatives) + ")" for clause in query.required]
    return f"{{{TEXT_COLUMNS}}} : (" + " AND ".join(clauses) + ")"


def facet_match(filters: SearchFilters) -> str:
    """The filters' facet tokens (``base.facet_token_groups``; an entity's token is added when the entities
    stage stores its mentions) as FTS5 column filters: FTS5 intersects their short posting lists with the
    query's instead of reading a row per match."""
    return "".join(
        " AND (" + " OR ".join(f'facets : "{token}"' for token in group) + ")" for group in facet_token_groups(filters)
    )


def _one_phrase(query: ParsedQuery) -> bool:
    return len(query.required) == 1 and len(query.required[0].alternatives) == 1 and not query.excluded


def fts5_filtered_match(query: ParsedQuery, filters: SearchFilters) -> str:
    facets = facet_match(filters)
    return f"({fts5_match(query)}){facets}" if facets else fts5_match(query)


class SqliteFts5Backend(SearchBackend):
    name = "sqlite_fts5"

    def _from(self, sql: FilterSql) -> str:
        return "FROM search_fts f WHERE search_fts MATCH %s"

    def ranked_keys(
        self, query: ParsedQuery, filters: SearchFilters, order: Order, position: Position, limit: int
    ) -> list[tuple[int, float]]:
        """Newest first (relevance goes through ``rank``)."""
        sql = filter_sql(filters, "f.rowid")
        after = " AND f.rowid < %s" if position.key is not None else ""
        params = [fts5_filtered_match(query, filters), *sql.params]
        params += ([position.key] if position.key is not None else []) + [limit]
        return self._rows(
            f"SELECT f.rowid, 0.0 {self._from(sql)}{sql.where()}{after} ORDER BY f.rowid DESC LIMIT %s", params
        )

    def rank(
        self, query: ParsedQuery, filters: SearchFilters, order: Order, position: Position, limit: int, first_page: bool
    ) -> Ranking:
        if order != Order.RELEVANCE:
            return super().rank(query, filters, order, position, limit, first_page)
        # 1. Scope, 2. the window (the newest matches), 3. its ranking: ``base.relevance_page`` pages them.
        facets = facet_match(filters)  # once: an entity filter reads the entity's merged names
        match = f"({fts5_match(query)}){facets}"
        scope = self._phrase_scope(query, fts5_words_match(query) + facets, filters) if first_page else None
        within = match if facets or not _one_phrase(query) else ""
        return base.relevance_page(
            lambda floor, size: self._window(match, filters, floor, size),
            lambda window: self._scores(query, within, window, position.now),
            scope,
            first_page,
            position,
            limit,
        )

    def _phrase_scope(self, query: ParsedQuery, loose: str, filters: SearchFilters) -> int | None:
        """Step 1: the oldest key worth checking a phrase in, or None (no phrase, or few enough documents)."""
        if all(len(p.words) == 1 for clause in query.required for p in clause.alternatives):
            return None
        sql = filter_sql(filters, "f.rowid")
        rows = self._rows(
            f"SELECT f.rowid, 0 {self._from(sql)}{sql.where()} ORDER BY f.rowid DESC LIMIT 1 OFFSET %s",
            [loose, *sql.params, PHRASE_SCOPE - 1],
        )
        return rows[0][0] if rows else None

    def _window(self, match: str, filters: SearchFilters, floor: int | None, size: int | None) -> list[int]:
        """Step 2: the keys of the newest ``size`` matches at or after ``floor`` (every one without ``size``)."""
        sql = filter_sql(filters, "f.rowid", floor=floor)
        limit = " LIMIT %s" if size else ""
        rows = self._rows(
            f"SELECT f.rowid, 0 {self._from(sql)}{sql.where()} ORDER BY f.rowid DESC{limit}",
            [match, *sql.params] + ([size] if size else []),
        )
        return [key for key, _ in rows]

    def _scores(self, query: ParsedQuery, match: str, window: list[int], now: float) -> dict[int, float]:
        """Step 3: each window document's score (the formula in ``base``). ``match`` keeps FTS5 to the window's
        documents within its key range; empty where the query is one phrase (then matching the phrase in one
        column already implies the query)."""
        if not window:
            return {}
        phrases = list(dict.fromkeys(p for clause in query.required for p in clause.alternatives))
        weights = self._idf(phrases) if len(phrases) > 1 else {phrases[0]: 1.0}
        relevance = dict.fromkeys(window, 0.0)
        for phrase in phrases:
            for column, weight in COLUMN_WEIGHTS.items():
                in_column = f"{{{column}}} : {fts5_phrase(phrase)}"
                found = self._rows(
                    "SELECT rowid, 0 FROM search_fts WHERE search_fts MATCH %s AND rowid >= %s AND rowid <= %s",
                    [f"({in_column}) AND {match}" if match else in_column, window[-1], window[0]],
                )
                for key, _ in found:
                    if key in relevance:
                        relevance[key] += weights[phrase] * weight
        return {key: value * recency_factor(key, now) for key, value in relevance.items()}

    def _idf(self, phrases: list[Phrase]) -> dict[Phrase, float]:
        """Each phrase's IDF, estimated from the newest IDF_SAMPLE documents (BM25's IDF, never below zero)."""
        # Through the kind tokens' posting lists: walking the table itself would read 10,000 whole rows.
        newest = self._rows(
            "SELECT rowid, 0 FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT 1 OFFSET %s",
            ['facets : ("kindarticle" OR "kindstory")', IDF_SAMPLE - 1],
        )
        if newest:
            sample_floor, sample = newest[0][0], IDF_SAMPLE
        else:  # a smaller archive: all of it
            sample_floor, sample = 0, self._rows("SELECT count(*), 0 FROM search_document", [])[0][0]
        weights = {}
        for phrase in phrases:
            found = self._rows(
                "SELECT count(*), 0 FROM search_fts WHERE search_fts MATCH %s AND rowid >= %s",
                [f"{{{TEXT_COLUMNS}}} : {fts5_phrase(phrase)}", sample_floor],
            )[0][0]
            weights[phrase] = math.log(1.0 + (sample - found + 0.5) / (found + 0.5))
        return weights

    def _rows(self, statement: str, params: list) -> list[tuple[int, float]]:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()

    def count(self, query: ParsedQuery, filters: SearchFilters, limit: int) -> int:
        sql = filter_sql(filters, "f.rowid")
        statement = f"SELECT count(*) FROM (SELECT 1 {self._from(sql)}{sql.where()} LIMIT %s)"
        with connection.cursor() as cursor:
            cursor.execute(statement, [fts5_filtered_match(query, filters), *sql.params, limit])
            return cursor.fetchone()[0]

    def highlights(self, query: ParsedQuery, keys: list[int]) -> dict[int, tuple[str, str, str]]:
        if not keys:
            return {}
        marks = f"'{MARK_START}', '{MARK_END}'"
        # One query for the page: FTS5 looks each listed rowid up (the MATCH is what places the markers).
        statement = (
            f"SELECT rowid, highlight(search_fts, 0, {marks}), "
            f"snippet(search_fts, 1, {marks}, '…', {SNIPPET_TOKENS}), "
            f"snippet(search_fts, 2, {marks}, '…', {SNIPPET_TOKENS}) "
            f"FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({', '.join(['%s'] * len(keys))})"
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, [fts5_match(query), *keys])
            return {row[0]: (row[1] or "", row[2] or "", row[3] or "") for row in cursor.fetchall()}

    def keys_with_facet(self, token: str) -> list[int]:
        return [
            key
            for key, _ in self._rows(
                "SELECT rowid, 0 FROM search_fts WHERE search_fts MATCH %s", [f'facets : "{token}"']
            )
        ]

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
