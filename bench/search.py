"""Search benchmark: N synthetic articles, indexed by `newsdesk search reindex`'s code, then query latency.

    .venv/bin/python bench/search.py [--articles 100000] [--repeat 40] [--postgres URL] [--json]

Each engine runs in a fresh process on a fresh database: SQLite (FTS5) in a temporary data folder, and,
with ``--postgres postgres://user:pass@host/db``, PostgreSQL in a database ``<db>_search_bench`` created
for the run (dropped afterwards). Articles are written with ``bulk_create`` and indexed with
``newsdesk.search.rebuild.reindex`` (timed: documents/s). Then each query shape runs ``--repeat`` times,
each time with another word of the same frequency band, through the backend's ``search()`` (ranked page of
20, highlights, count up to 1000) plus loading the page's articles and stories, as the search page does.

The reference, measured in the same run on the same words: the engine's bare match, the first 20 matching
document keys with no ranking, highlighting or count (FTS5 ``MATCH ... LIMIT 20``; PostgreSQL
``@@ plainto_tsquery ... LIMIT 20``). The ratio (search / bare match) says what ranking, snippets and
counting cost on top of finding the documents; the p95 is the figure for the goal (under 100 ms at 1M
articles on the 2-core machine).

Text: a Zipf-distributed vocabulary of 30,000 words (``w<rank>``: rank 1 the most frequent), titles of 8
words, summaries of 40, bodies of 250; 50 sources; 2,000 stories of 10 articles; 50 entities, each
mentioned by 2% of the articles; dates spread over a year. (``newsdesk generate``'s newsroom reads better
but uses a few hundred distinct words, so every word would match several per cent of the archive and there
would be no rare-word queries; a real archive's vocabulary has the long tail this one has.)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VOCABULARY = 30_000
TITLE_WORDS, SUMMARY_WORDS, BODY_WORDS = 8, 40, 250
SOURCES, STORIES, STORY_SIZE, ENTITIES = 50, 2_000, 10, 50
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
# Word frequency bands by Zipf rank: in how many documents a word of the band appears (at 100k articles,
# roughly: common ~90%, frequent ~35%, medium ~3%, rare ~0.3%).
BANDS = {"common": (5, 25), "frequent": (60, 120), "medium": (800, 1200), "rare": (8000, 12000)}


def shapes(band_word):
    """(name, query text, filter arguments, order) for each query shape; band_word(band, i) picks words."""
    return [
        ("one rare word", lambda i: band_word("rare", i), {}, "relevance"),
        ("one medium word", lambda i: band_word("medium", i), {}, "relevance"),
        ("one common word", lambda i: band_word("common", i), {}, "relevance"),
        ("two words (frequent + medium)", lambda i: f"{band_word('frequent', i)} {band_word('medium', i)}", {},
         "relevance"),
        ("phrase of two frequent words", lambda i: f'"{band_word("common", i)} {band_word("frequent", i)}"', {},
         "relevance"),
        ("OR and an exclusion", lambda i: f"{band_word('medium', i)} OR {band_word('medium', i + 1)} "
                                          f"-{band_word('frequent', i)}", {}, "relevance"),
        ("common word, newest first", lambda i: band_word("common", i), {}, "date"),
        ("common word, one source", lambda i: band_word("common", i), {"source": True}, "relevance"),
        ("common word, last 7 days", lambda i: band_word("common", i), {"days": 7}, "relevance"),
        ("common word, one story", lambda i: band_word("common", i), {"story": True}, "relevance"),
        ("medium word, one entity", lambda i: band_word("medium", i), {"entity": True}, "relevance"),
    ]


# --- the child process: one engine ---

def generate(count: int, seed: int = 0):
    import numpy as np

    rng = np.random.default_rng(seed)
    ranks = np.arange(1, VOCABULARY + 1)
    weights = 1.0 / ranks
    weights /= weights.sum()
    words = np.array([f"w{r}" for r in ranks])
    per_doc = TITLE_WORDS + SUMMARY_WORDS + BODY_WORDS
    for start in range(0, count, 5_000):
        n = min(5_000, count - start)
        drawn = words[rng.choice(VOCABULARY, size=(n, per_doc), p=weights)]
        ages = rng.uniform(0, 365 * 86400, size=n)
        for row, age in zip(drawn, ages):
            yield (" ".join(row[:TITLE_WORDS]), " ".join(row[TITLE_WORDS:TITLE_WORDS + SUMMARY_WORDS]),
                   " ".join(row[TITLE_WORDS + SUMMARY_WORDS:]), float(age))


def fill(count: int) -> dict:
    import uuid

    from django.apps import apps

    from newsdesk.articles.models import Article, article_id_for
    from newsdesk.sources.models import Source
    from newsdesk.stories.models import Story, story_id_for

    sources = Source.objects.bulk_create(
        Source(url=f"https://outlet{n}.example/feed.xml", title=f"Outlet {n}", site_url=f"https://outlet{n}.example/")
        for n in range(SOURCES))
    stories = Story.objects.bulk_create(
        Story(id=story_id_for(f"bench-story-{n}"), headline=f"Story {n}", article_count=STORY_SIZE, outlet_count=3,
              updated_at=NOW) for n in range(STORIES))
    entities, mention = [], None
    if apps.is_installed("newsdesk.entities"):
        from newsdesk.entities.models import Entity, Mention as mention

        entities = Entity.objects.bulk_create(
            Entity(id=uuid.uuid5(uuid.NAMESPACE_URL, f"bench-entity-{n}"), key=f"org:bench {n}", name=f"Bench {n}",
                   type=Entity.Type.ORG) for n in range(ENTITIES))
    started = time.perf_counter()
    articles = RowWriter(Article)
    mentions = RowWriter(mention) if entities else None
    for n, (title, summary, body, age) in enumerate(generate(count)):
        key = f"bench-{n}"
        article_id = article_id_for(key)
        articles.add(
            id=article_id, url_key=key, source=sources[n % SOURCES], url=f"https://outlet.example/{n}",
            title=title, summary=summary, text=body, status=Article.Status.READY,
            published_at=NOW - timedelta(seconds=age), fetched_at=NOW,
            story=stories[n // STORY_SIZE] if n < STORIES * STORY_SIZE else None)
        if mentions:
            mentions.add(entity=entities[n % ENTITIES], article_id=article_id)
    articles.flush()
    if mentions:
        mentions.flush()
    return {"seconds": time.perf_counter() - started, "sources": [s.pk for s in sources],
            "stories": [s.pk for s in stories], "entities": [e.pk for e in entities]}


class RowWriter:
    """Rows of one model written with one prepared INSERT per batch (``executemany``), not ``bulk_create``:
    the model's defaults are prepared once and only the columns given per row are converted, so a million
    articles are written in minutes. The values are the ORM's own (each field's ``get_db_prep_save``)."""

    BATCH = 5_000

    def __init__(self, model):
        from django.db import connection

        self.model, self.connection = model, connection
        # An auto-numbered key is left to the database.
        self.fields = [f for f in model._meta.concrete_fields if not getattr(f, "db_returning", False)]
        template = model()
        self.defaults = {f.attname: f.get_db_prep_save(f.pre_save(template, True), connection) for f in self.fields}
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        self.sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
                    f"VALUES ({', '.join(['%s'] * len(self.fields))})")
        self.rows: list[tuple] = []

    def add(self, **values) -> None:
        for name in list(values):
            field = self.model._meta.get_field(name)
            if field.attname != name:  # a relation given as an object: its key
                values[field.attname] = getattr(values.pop(name), "pk", None)
        prepared = dict(self.defaults)
        for name, value in values.items():
            prepared[name] = self.model._meta.get_field(name).get_db_prep_save(value, self.connection)
        self.rows.append(tuple(prepared[f.attname] for f in self.fields))
        if len(self.rows) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        from django.db import transaction

        if self.rows:
            with transaction.atomic(), self.connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
        self.rows = []


def bare_match(text: str) -> None:
    from django.db import connection

    from newsdesk.search.backends.sqlite_fts5 import fts5_match
    from newsdesk.search.query import parse_query

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH %s LIMIT 20",
                           [fts5_match(parse_query(text))])
        else:
            cursor.execute("SELECT id FROM search_document WHERE search_vector @@ plainto_tsquery('english', %s) "
                           "LIMIT 20", [text.replace('"', "").replace("-", "").replace(" OR ", " ")])
        cursor.fetchall()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_engine(count: int, repeat: int, keep: Path | None = None) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from newsdesk.search.backends import get_backend
    from newsdesk.search.backends.base import SearchFilters
    from newsdesk.search.rebuild import reindex
    from newsdesk.search.query import parse_query
    from newsdesk.search.results import with_objects

    call_command("migrate", verbosity=0)
    built = keep / f"built-{count}.json" if keep else None
    if built and built.exists():  # a kept database of this size: measure it again as it is
        filled, indexed, fill_seconds, index_seconds = json.loads(built.read_text())
    else:
        filled = fill(count)
        fill_seconds = filled["seconds"]
        started = time.perf_counter()
        indexed = reindex()
        index_seconds = time.perf_counter() - started
        if built:
            built.write_text(json.dumps([filled, indexed, fill_seconds, index_seconds], default=str))
    filled["stories"] = [uuid.UUID(str(s)) for s in filled["stories"]]
    filled["entities"] = [uuid.UUID(str(e)) for e in filled["entities"]]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_document")
            cursor.execute("ANALYZE articles_article")
    backend = get_backend()

    def band_word(band: str, i: int) -> str:
        low, high = BANDS[band]
        return f"w{low + (i * 7919) % (high - low)}"

    rows = []
    for name, make_query, filter_args, order in shapes(band_word):
        timings, reference, hits = [], [], []
        for i in range(repeat + 2):  # the first two are warm-up
            text = make_query(i)
            if filter_args.get("entity") and not filled["entities"]:
                break
            filters = SearchFilters(
                sources=(filled["sources"][i % len(filled["sources"])],) if filter_args.get("source") else (),
                since=NOW - timedelta(days=filter_args["days"]) if filter_args.get("days") else None,
                story=filled["stories"][i % len(filled["stories"])] if filter_args.get("story") else None,
                entity=filled["entities"][i % len(filled["entities"])] if filter_args.get("entity") else None)
            t0 = time.perf_counter()
            bare_match(text)
            t1 = time.perf_counter()
            page = backend.search(parse_query(text), filters, order=order, limit=20, now=NOW)
            with_objects(page.hits)
            t2 = time.perf_counter()
            if i >= 2:
                reference.append((t1 - t0) * 1000)
                timings.append((t2 - t1) * 1000)
                hits.append(page.total)
        if not timings:
            continue
        rows.append({"shape": name, "p50_ms": statistics.median(timings), "p95_ms": percentile(timings, 0.95),
                     "bare_p50_ms": statistics.median(reference), "bare_p95_ms": percentile(reference, 0.95),
                     "ratio_p50": statistics.median(timings) / max(statistics.median(reference), 1e-6),
                     "median_matches": statistics.median(hits)})
    return {"engine": backend.name, "articles": count, "indexed": indexed, "fill_s": fill_seconds,
            "index_s": index_seconds, "index_docs_per_s": (indexed["articles"] + indexed["stories"]) / index_seconds,
            "shapes": rows}


# --- the parent process ---

def child(count: int, repeat: int, env_extra: dict[str, str], keep: bool = False) -> dict:
    """One engine in a fresh process (its own settings, database and memory)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "DJANGO_"))}
    env.update(env_extra, DJANGO_SETTINGS_MODULE="newsdesk.settings", NEWSDESK_STORIES="0")
    command = [sys.executable, __file__, "--child", "--articles", str(count), "--repeat", str(repeat)]
    result = subprocess.run(command + (["--keep", env["NEWSDESK_DATA_DIR"]] if keep else []),
                            env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"benchmark child failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def postgres_database(url: str, create: bool) -> str:
    import psycopg
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_search_bench"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


def table(report: dict) -> str:
    lines = [f"{report['engine']}: {report['articles']:,} articles (+{report['indexed']['stories']:,} stories), "
             f"indexed in {report['index_s']:.1f}s ({report['index_docs_per_s']:,.0f} documents/s)",
             f"{'query shape':<32} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8} {'bare p50':>9} {'bare p95':>9} "
             f"{'ratio':>6}"]
    for row in report["shapes"]:
        lines.append(f"{row['shape']:<32} {row['median_matches']:>8.0f} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
                     f"{row['bare_p50_ms']:>9.1f} {row['bare_p95_ms']:>9.1f} {row['ratio_p50']:>6.1f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--postgres", metavar="URL", help="also measure PostgreSQL (a scratch database is made)")
    parser.add_argument("--json", action="store_true", dest="as_json")
    parser.add_argument("--keep", metavar="DIR", type=Path,
                        help="SQLite: build the database in DIR and keep it; a later run with the same DIR and "
                             "--articles measures it again without filling and indexing (PostgreSQL: ignored)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(run_engine(args.articles, args.repeat, args.keep), default=str))
        return
    reports = []
    with tempfile.TemporaryDirectory(prefix="newsdesk-search-bench-") as folder:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
        sqlite_folder = str(args.keep.resolve()) if args.keep else folder
        reports.append(child(args.articles, args.repeat, {"NEWSDESK_DATA_DIR": sqlite_folder}, keep=bool(args.keep)))
        if args.postgres:
            scratch = postgres_database(args.postgres, create=True)
            try:
                reports.append(child(args.articles, args.repeat,
                                     {"NEWSDESK_DATA_DIR": folder, "NEWSDESK_DATABASE_URL": scratch}))
            finally:
                postgres_database(args.postgres, create=False)
    if args.as_json:
        print(json.dumps(reports, indent=2, default=str))
    else:
        print("\n\n".join(table(r) for r in reports))


if __name__ == "__main__":
    main()
