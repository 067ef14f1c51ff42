"""Search benchmark: N synthetic articles, indexed by `newsdesk search reindex`'s code, then query latency.

    .venv/bin/python bench/search.py [--articles 100000] [--repeat 40] [--postgres URL] [--no-sqlite]
                                     [--keep DIR] [--json]

Each engine runs in a fresh process on a fresh database: SQLite (FTS5) in a temporary data folder, and,
with ``--postgres postgres://user:pass@host/db``, PostgreSQL in a database ``<db>_search_bench`` created
for the run (dropped afterwards). With ``--keep DIR`` both are kept (SQLite in DIR, PostgreSQL as
``<db>_search_bench_<N>``) and a later run of the same size measures them again as they are. Articles are
written with one prepared INSERT per batch (``newsdesk generate``'s ``BulkTable``) and indexed with
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VOCABULARY = 30_000
TITLE_WORDS, SUMMARY_WORDS, BODY_WORDS = 8, 40, 250
SOURCES, STORIES, STORY_SIZE, ENTITIES = 50, 2_000, 10, 50
NOW = datetime(2026, 6, 1, tzinfo=UTC)
# Word frequency bands by Zipf rank: in how many documents a word of the band appears (at 100k articles,
# roughly: common ~90%, frequent ~35%, medium ~3%, rare ~0.3%).
BANDS = {"common": (5, 25), "frequent": (60, 120), "medium": (800, 1200), "rare": (8000, 12000)}


def shapes(band_word):
    """(name, query text, filter arguments, order) for each query shape; band_word(band, i) picks words."""
    return [
        ("one rare word", lambda i: band_word("rare", i), {}, "relevance"),
        ("one medium word", lambda i: band_word("medium", i), {}, "relevance"),
        ("one common word", lambda i: band_word("common", i), {}, "relevance"),
        (
            "two words (frequent + medium)",
            lambda i: f"{band_word('frequent', i)} {band_word('medium', i)}",
            {},
            "relevance",
        ),
        (
            "phrase of two frequent words",
            lambda i: f'"{band_word("common", i)} {band_word("frequent", i)}"',
            {},
            "relevance",
        ),
        (
            "OR and an exclusion",
            lambda i: f"{band_word('medium', i)} OR {band_word('medium', i + 1)} -{band_word('frequent', i)}",
            {},
            "relevance",
        ),
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
            yield (
                " ".join(row[:TITLE_WORDS]),
                " ".join(row[TITLE_WORDS : TITLE_WORDS + SUMMARY_WORDS]),
                " ".join(row[TITLE_WORDS + SUMMARY_WORDS :]),
                float(age),
            )


def fill(count: int) -> dict:
    import uuid

    from django.apps import apps
    from django.db import transaction

    from newsdesk.articles.models import Article, article_id_for
    from newsdesk.demo.bulk import BulkTable
    from newsdesk.sources.models import Source
    from newsdesk.stories.models import Story, story_id_for

    sources = Source.objects.bulk_create(
        Source(url=f"https://outlet{n}.example/feed.xml", title=f"Outlet {n}", site_url=f"https://outlet{n}.example/")
        for n in range(SOURCES)
    )
    stories = Story.objects.bulk_create(
        Story(
            id=story_id_for(f"bench-story-{n}"),
            headline=f"Story {n}",
            article_count=STORY_SIZE,
            outlet_count=3,
            updated_at=NOW,
        )
        for n in range(STORIES)
    )
    entities, mention = [], None
    if apps.is_installed("newsdesk.entities"):
        from newsdesk.entities.models import Entity
        from newsdesk.entities.models import Mention as mention

        entities = Entity.objects.bulk_create(
            Entity(
                id=uuid.uuid5(uuid.NAMESPACE_URL, f"bench-entity-{n}"),
                key=f"org:bench {n}",
                name=f"Bench {n}",
                type=Entity.Type.ORG,
            )
            for n in range(ENTITIES)
        )
    started = time.perf_counter()
    articles = BulkTable(Article)
    mentions = BulkTable(mention, database_assigns_pk=True) if entities else None
    article_rows, mention_rows = [], []
    for n, (title, summary, body, age) in enumerate(generate(count)):
        key = f"bench-{n}"
        article_rows.append(
            dict(
                id=article_id_for(key),
                url_key=key,
                source_id=sources[n % SOURCES].pk,
                url=f"https://outlet.example/{n}",
                title=title,
                summary=summary,
                text=body,
                status=Article.Status.READY,
                published_at=NOW - timedelta(seconds=age),
                fetched_at=NOW,
                story_id=stories[n // STORY_SIZE].pk if n < STORIES * STORY_SIZE else None,
            )
        )
        if mentions:
            mention_rows.append({"entity_id": entities[n % ENTITIES].pk, "article_id": article_rows[-1]["id"]})
        if len(article_rows) == 5_000 or n == count - 1:
            with transaction.atomic():
                articles.insert(article_rows)
                if mentions:
                    mentions.insert(mention_rows)
            article_rows, mention_rows = [], []
    return {
        "seconds": time.perf_counter() - started,
        "sources": [s.pk for s in sources],
        "stories": [s.pk for s in stories],
        "entities": [e.pk for e in entities],
    }


def bare_match(text: str) -> None:
    from django.db import connection

    from newsdesk.search.backends.sqlite_fts5 import fts5_match
    from newsdesk.search.query import parse_query

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s LIMIT 20", [fts5_match(parse_query(text))]
            )
        else:
            cursor.execute(
                "SELECT id FROM search_document WHERE search_vector @@ plainto_tsquery('english', %s) LIMIT 20",
                [text.replace('"', "").replace("-", "").replace(" OR ", " ")],
            )
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
    from newsdesk.search.query import parse_query
    from newsdesk.search.rebuild import reindex
    from newsdesk.search.results import with_objects

    call_command("migrate", verbosity=0)
    built = keep / f"built-{connection.vendor}-{count}.json" if keep else None
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
                entity=filled["entities"][i % len(filled["entities"])] if filter_args.get("entity") else None,
            )
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
        rows.append(
            {
                "shape": name,
                "p50_ms": statistics.median(timings),
                "p95_ms": percentile(timings, 0.95),
                "bare_p50_ms": statistics.median(reference),
                "bare_p95_ms": percentile(reference, 0.95),
                "ratio_p50": statistics.median(timings) / max(statistics.median(reference), 1e-6),
                "median_matches": statistics.median(hits),
            }
        )
    return {
        "engine": backend.name,
        "articles": count,
        "indexed": indexed,
        "fill_s": fill_seconds,
        "index_s": index_seconds,
        "index_docs_per_s": (indexed["articles"] + indexed["stories"]) / index_seconds,
        "shapes": rows,
    }


# --- the parent process ---


def child(count: int, repeat: int, env_extra: dict[str, str], keep: Path | None = None) -> dict:
    """One engine in a fresh process (its own settings, database and memory)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "DJANGO_"))}
    env.update(env_extra, DJANGO_SETTINGS_MODULE="newsdesk.settings", NEWSDESK_STORIES="0")
    command = [sys.executable, __file__, "--child", "--articles", str(count), "--repeat", str(repeat)]
    result = subprocess.run(
        command + (["--keep", str(keep)] if keep else []), env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"benchmark child failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def postgres_database(url: str, create: bool, kept: int | None = None) -> str:
    """The scratch database's URL, made afresh (``create``) or dropped; a kept one (``kept``: its article count,
    in its name) is made only where missing and is not dropped."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_search_bench" + (f"_{kept}" if kept else "")
    with psycopg.connect(url, autocommit=True) as connection:
        if kept is None:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if create and not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


def table(report: dict) -> str:
    lines = [
        f"{report['engine']}: {report['articles']:,} articles (+{report['indexed']['stories']:,} stories), "
        f"indexed in {report['index_s']:.1f}s ({report['index_docs_per_s']:,.0f} documents/s)",
        f"{'query shape':<32} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8} {'bare p50':>9} {'bare p95':>9} {'ratio':>6}",
    ]
    for row in report["shapes"]:
        lines.append(
            f"{row['shape']:<32} {row['median_matches']:>8.0f} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['bare_p50_ms']:>9.1f} {row['bare_p95_ms']:>9.1f} {row['ratio_p50']:>6.1f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--postgres", metavar="URL", help="also measure PostgreSQL (a scratch database is made)")
    parser.add_argument("--json", action="store_true", dest="as_json")
    parser.add_argument(
        "--keep",
        metavar="DIR",
        type=Path,
        help="build the databases once and keep them (SQLite in DIR, PostgreSQL as "
        "<db>_search_bench_<articles>); a later run with the same DIR and --articles "
        "measures them again without filling and indexing",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(run_engine(args.articles, args.repeat, args.keep), default=str))
        return
    reports = []
    with tempfile.TemporaryDirectory(prefix="newsdesk-search-bench-") as folder:
        keep = args.keep.resolve() if args.keep else None
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
        if not args.no_sqlite:
            reports.append(child(args.articles, args.repeat, {"NEWSDESK_DATA_DIR": str(keep or folder)}, keep))
        if args.postgres:
            kept = args.articles if keep else None
            scratch = postgres_database(args.postgres, create=True, kept=kept)
            try:
                reports.append(
                    child(
                        args.articles,
                        args.repeat,
                        {"NEWSDESK_DATA_DIR": folder, "NEWSDESK_DATABASE_URL": scratch},
                        keep,
                    )
                )
            finally:
                if not kept:
                    postgres_database(args.postgres, create=False)
    if args.as_json:
        print(json.dumps(reports, indent=2, default=str))
    else:
        print("\n\n".join(table(r) for r in reports))


if __name__ == "__main__":
    main()
