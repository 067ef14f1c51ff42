"""Hypothesis over the pages' and feeds' query strings: search filters, page numbers, cursors, reply links and
sitemap pages, with random and boundary values (huge and negative integers, dates at and past datetime's
ends, unicode, NUL, percent-encodings that are not UTF-8 or encode a lone surrogate) and parameters the page
does not know. Whatever is sent, no page answers 5xx or shows a traceback.

``NEWSDESK_PAGE_FUZZ_EXAMPLES`` sets the examples per group of addresses (default 400; BENCHMARKS.md has the
figures).
"""

from __future__ import annotations

import base64
import json
import os
import time
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.api.pagination import encode
from tests.api.conftest import newsroom  # noqa: F401  (articles, a story, an entity, comments)

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("NEWSDESK_PAGE_FUZZ_EXAMPLES", "400"))
RUNS: dict[str, tuple[int, float]] = {}

# Raw pieces of a query string, sent as they are: not UTF-8, a lone surrogate (CESU-8 / WTF-8), overlong, NUL.
RAW = ["%FF", "%ED%A0%80", "%C0%AF", "%00", "%", "%%", "%2", "%E2%80%AE", "+", "&", "=", "%26", "%3D", ";"]
NUMBERS = [
    "0",
    "-1",
    "1",
    "2",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "9" * 40,
    "1e999",
    "NaN",
    "inf",
    "0x10",
    " 1",
    "１",
    "٣",
    "last",
]
DATES = [
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "0000-00-00",
    "2024-02-30",
    "2024-13-01",
    "1970-01-01",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-12:00",
    "31/12/9999",
    "2024-05-01",
]
WORDS = ["flood", "flood barrier", '"flood barrier"', "-flood", "flood OR report", '"', "*", "NEAR(", "x" * 2000]
IDS = ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "not-a-uuid"]


def forged(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


CURSORS = [
    forged(p)
    for p in (
        ["9999-12-31T23:59:59-12:00", "1"],
        [1, 2],
        ["x", "y"],
        {"o": "date"},
        {"o": "date", "t": 0, "k": 10**30, "f": None, "s": None},
        {"o": "relevance", "t": 1e308, "k": 1, "f": -(10**30), "s": "0x1p-1074"},
    )
]


def fuzz(known: list[str]):
    """A value for a parameter: one of its known hard cases, any text, or raw percent-encoded bytes."""
    encoded = st.text(max_size=30).map(lambda text: quote(text, safe=""))
    raw = st.lists(st.sampled_from(RAW) | encoded, min_size=1, max_size=5).map("".join)
    hard = st.sampled_from(known).map(lambda v: quote(v, safe=""))
    return st.one_of(hard, hard, encoded, raw)  # the hard cases half the time


def queries(values: dict[str, list[str]]):
    """Query strings: each known parameter or not (in any order, sometimes twice), with a value made for its
    kind, and sometimes parameters the page does not know."""
    names = sorted(values)
    known = st.lists(st.sampled_from(names), max_size=len(names)).flatmap(
        lambda chosen: st.tuples(*(st.tuples(st.just(name), fuzz(values[name])) for name in chosen))
    )
    unknown = st.lists(st.tuples(fuzz(["", "q[]", "page%00"]), fuzz(NUMBERS)), max_size=2)
    return st.tuples(known, unknown).map(lambda both: "&".join(f"{n}={v}" for n, v in (*both[0], *both[1])))


@pytest.fixture
def addresses(newsroom):
    article, story, entity = newsroom["articles"][0], newsroom["story"], newsroom["entity"]
    source = newsroom["sources"][0]
    real_ids = [str(article.pk), str(story.pk), str(entity.pk)]
    paging = {"page": NUMBERS, "p": NUMBERS, "replyto": NUMBERS + real_ids, "cursor": CURSORS}
    search = {
        "q": WORDS,
        "since": DATES,
        "until": DATES,
        "source": NUMBERS + [str(source.pk)],
        "story": IDS + real_ids,
        "entity": IDS + real_ids,
        "sort": ["relevance", "date", "DATE"],
        "kind": ["article", "story", "entity"],
        "cursor": CURSORS + [encode(article.discovered_at, article.pk)],
    }
    return {
        "search": (["/search/", "/search/feed/", "/search/feed/atom/"], search),
        "lists": (
            [
                "/",
                "/source/",
                f"/source/{source.pk}/",
                story.get_absolute_url(),
                entity.get_absolute_url(),
                article.get_absolute_url(),
                "/sitemap.xml",
                "/sitemap-articles.xml",
                "/news-sitemap.xml",
            ],
            paging,
        ),
        "feeds": (
            [
                "/feed/",
                "/feed/atom/",
                f"/source/{source.pk}/feed/",
                f"/story/{story.pk}/feed/",
                f"/entity/{entity.pk}/feed/",
                f"/article/{article.pk}/comments/feed/",
            ],
            {**search, **paging},
        ),
    }


@pytest.mark.parametrize("group", ["search", "lists", "feeds"])
def test_no_query_string_makes_a_page_fail(client, addresses, group):
    paths, values = addresses[group]
    count, started = 0, time.perf_counter()

    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    # A search needs words that match for its filters to be reached: half the queries start with some.
    @given(path=st.sampled_from(paths), query=queries(values), lead=st.sampled_from(["", "q=flood&"]))
    def run(path, query, lead):
        query = lead + query
        nonlocal count
        count += 1
        response = client.get(f"{path}?{query}")  # the test client raises what the view raised
        assert response.status_code < 500, (path, query, response.status_code)
        assert b"Traceback" not in response.content
        assert b"fuzz-reader-7c1d@example.org" not in response.content  # a commenter's email, never shown

    run()
    RUNS[group] = (count, time.perf_counter() - started)


@pytest.mark.parametrize("group", ["search", "lists", "feeds"])
def test_every_hard_value_of_every_parameter_alone(client, addresses, group):
    """Random search finds conjunctions slowly (words that match and a date at the end of time): every
    parameter is also tried with each of its hard cases, alone after words that match."""
    paths, values = addresses[group]
    for path in paths:
        for name, known in values.items():
            for value in known:
                query = f"q=flood&{name}={quote(value, safe='')}"
                response = client.get(f"{path}?{query}")
                assert response.status_code < 500, (path, query, response.status_code)


def test_zz_report_counts():
    """Prints the cases each group ran and how long they took (``pytest -s``), for BENCHMARKS.md."""
    if not RUNS:
        pytest.skip("the groups above did not run")
    for group, (count, seconds) in sorted(RUNS.items()):
        print(f"{group}: {count} cases, {seconds:.1f} s")
