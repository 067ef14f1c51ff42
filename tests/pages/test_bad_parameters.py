"""The pages' and feeds' query parameters: a value out of range is shown as the form's error (400) or ignored,
never a 500. The widest dates the form takes search from the first day or to the last day there is."""

from __future__ import annotations

import base64
import json
import warnings

import pytest
from django.core.cache.backends.base import CacheKeyWarning

from tests.api.conftest import newsroom  # noqa: F401  (articles, a story, an entity, comments)

pytestmark = pytest.mark.django_db


def forged(parts) -> str:
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


@pytest.mark.parametrize("query", ["until=9999-12-31", "since=0001-01-01", "since=0001-01-01&until=9999-12-31"])
@pytest.mark.parametrize("address", ["/search/", "/search/feed/", "/search/feed/atom/"])
def test_the_widest_dates_search_everything(client, newsroom, address, query):
    response = client.get(f"{address}?q=flood&{query}")
    assert response.status_code == 200, response.content[:300]
    assert response.content.count(b"barrier report") >= 5  # "flood" is highlighted in the titles


@pytest.mark.parametrize(
    "query, reason",
    [
        ("until=10000-01-01", b"Enter a valid date"),
        ("since=2024-02-30", b"Enter a valid date"),
        ("source=999999999999999999999999999999", b"Select a valid choice"),
        ("source=-9223372036854775809", b"Select a valid choice"),
        ("story=not-a-uuid", b"Enter a valid UUID"),
        ("cursor=" + forged({"o": "relevance", "t": 0, "k": 10**30, "f": None, "s": None}), b"Invalid cursor"),
        ("cursor=" + forged({"o": "relevance", "t": 0, "k": 1e999, "f": None, "s": None}), b"Invalid cursor"),
    ],
)
def test_a_bad_value_is_a_400_that_says_why(client, newsroom, query, reason):
    response = client.get(f"/search/?q=flood&{query}")
    assert response.status_code == 400, response.content[:300]
    assert reason in response.content
    feed = client.get(f"/search/feed/?q=flood&{query}")  # a feed has no pages: it ignores a cursor
    assert feed.status_code == (200 if query.startswith("cursor=") else 400)


@pytest.mark.parametrize(
    "page", ["99999999999999999999999999", "-9223372036854775809", "0", "x", "1e9", "%00", "9" * 300]
)
def test_any_page_number_shows_a_page(client, newsroom, page):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CacheKeyWarning)
        for address in ("/", f"/source/{newsroom['sources'][0].pk}/"):
            assert client.get(f"{address}?page={page}").status_code == 200, address
    # A NUL or 300 digits in a cache key is refused by some cache servers (memcached): the key holds a digest.
    assert not [w for w in caught if issubclass(w.category, CacheKeyWarning)]
