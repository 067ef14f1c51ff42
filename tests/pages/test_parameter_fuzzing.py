"""Hypothesis over the pages' and feeds' query strings: search filters, page numbers, cursors, reply links and
sitemap pages, with random and boundary values (huge and negative integers, dates at and past datetime's
ends, unicode, NUL, percent-encodings that are not UTF-8 or encode a lone surrogate) and parameters the page
does not know. Whatever is sent, no page answers 5xx or shows a traceback.

``NEWSDESK_PAGE_FUZZ_EXAMPLES`` sets the examples per group of addresses (default 150; BENCHMARKS.md has the
figures).
"""

from __future__ import annotations

import os
import time
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.api.pagination import encode
from tests.api.conftest import newsroom  # noqa: F401  (articles, a story, an entity, comments)

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("NEWSDESK_PAGE_FUZZ_EXAMPLES", "150"))
RUNS: dict[str, tuple[int, float]] = {}

# Raw pieces of a query string, sent as they are: not UTF-8, a lone surrogate (CESU-8 / WTF-8), overlong, NUL.
RAW = ["%FF", "%ED%A0%80", "%C0%AF", "%00", "%", "%%", "%2", "%E2%80%AE", "+", "&", "=", "%26", "%3D", ";"]
BOUNDARY = ["0", "-1", "1", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "9" * 40, "1e999", "NaN", "inf", "0x10", " 1", "1 ", "１", "٣",
            "0001-01-01", "9999-12-31", "10000-01-01", "0000-00-00", "2024-02-30", "2024-13-01", "1970-01-01",
            "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "00000000-0000-0000-0000-000000000000",
            "relevance", "date", "article", "story", "\"flood", "-flood", "flood OR", "*", "NEAR(", "x" * 2000]


def values(real: list[str]):
    encoded_text = st.text(max_size=40).map(lambda text: quote(text, safe=""))
    raw = st.lists(st.sampled_from(RAW) | encoded_text, max_size=5).map("".join)
    return st.sampled_from(BOUNDARY + real).map(lambda v: quote(v, safe="")) | encoded_text | raw


def queries(names: list[str], real: list[str]):
    pair = st.tuples(st.sampled_from(names) | st.text(max_size=8).map(lambda n: quote(n, safe="")), values(real))
    return st.lists(pair, max_size=6).map(lambda pairs: "&".join(f"{n}={v}" for n, v in pairs))


SEARCH = ["q", "q", "since", "until", "source", "story", "entity", "sort", "kind", "cursor", "page"]
PAGED = ["page", "p", "cursor", "replyto", "sort"]


@pytest.fixture
def addresses(newsroom):
    article, story, entity = newsroom["articles"][0], newsroom["story"], newsroom["entity"]
    source = newsroom["sources"][0]
    real = [str(article.pk), str(story.pk), str(entity.pk), str(source.pk), "flood",
            encode(article.discovered_at, article.pk)]
    return real, {
        "search": (["/search/", "/search/feed/", "/search/feed/atom/"], SEARCH),
        "lists": (["/", "/source/", f"/source/{source.pk}/", story.get_absolute_url(), entity.get_absolute_url(),
                   article.get_absolute_url(), "/sitemap.xml", "/sitemap-articles.xml", "/news-sitemap.xml"], PAGED),
        "feeds": (["/feed/", "/feed/atom/", f"/source/{source.pk}/feed/", f"/story/{story.pk}/feed/",
                   f"/entity/{entity.pk}/feed/", f"/article/{article.pk}/comments/feed/"], PAGED + SEARCH),
    }


@pytest.mark.parametrize("group", ["search", "lists", "feeds"])
def test_no_query_string_makes_a_page_fail(client, addresses, group):
    real, groups = addresses
    paths, names = groups[group]
    count, started = 0, time.perf_counter()

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(path=st.sampled_from(paths), query=queries(names, real))
    def run(path, query):
        nonlocal count
        count += 1
        response = client.get(f"{path}?{query}")  # the test client raises what the view raised
        assert response.status_code < 500, (path, query, response.status_code)
        assert b"Traceback" not in response.content
        assert b"fuzz-reader-7c1d@example.org" not in response.content  # a commenter's email, never shown

    run()
    RUNS[group] = (count, time.perf_counter() - started)


def test_zz_report_counts():
    """Prints the cases each group ran and how long they took (``pytest -s``), for BENCHMARKS.md."""
    if not RUNS:
        pytest.skip("the groups above did not run")
    for group, (count, seconds) in sorted(RUNS.items()):
        print(f"{group}: {count} cases, {seconds:.1f} s")
