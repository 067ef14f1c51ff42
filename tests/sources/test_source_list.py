"""The outlets page: each outlet with the number of its published articles, counted once per cache period."""

from __future__ import annotations

import lxml.html
import pytest
from django.core.cache import cache

from newsdesk.articles.models import Article

pytestmark = pytest.mark.django_db


def counts_shown(response) -> dict[str, str]:
    doc = lxml.html.fromstring(response.content)
    return {
        item.xpath("string(.//h2)").strip(): item.xpath("string(.//p[@class='meta']/span[2])").strip()
        for item in doc.xpath("//ul[@class='article-list']/li")
    }


def test_each_outlet_shows_how_many_of_its_articles_are_published(client, make_source, make_article):
    gazette, wire, quiet = make_source("Harbour Gazette"), make_source("Metro Wire"), make_source("Quiet Post")
    make_article("g1", gazette)
    make_article("g2", gazette)
    make_article("g3", gazette, status=Article.Status.PENDING)
    make_article("g4", gazette, status=Article.Status.FAILED)
    make_article("w1", wire)
    make_article("q1", quiet, status=Article.Status.SKIPPED)

    response = client.get("/source/")

    assert counts_shown(response) == {
        "Harbour Gazette": "2 articles",
        "Metro Wire": "1 article",
        "Quiet Post": "0 articles",
    }


def test_the_counts_are_kept_for_the_page_cache_time_so_a_large_archive_is_counted_once(
    client, make_source, make_article, django_assert_num_queries, settings
):
    settings.NEWSDESK_PAGE_CACHE_SECONDS = 30
    gazette = make_source("Harbour Gazette")
    make_article("g1", gazette)
    client.get("/source/")
    make_article("g2", gazette)

    with django_assert_num_queries(1):  # the outlets; their counts come from the cache
        kept = client.get("/source/")
    cache.clear()  # the cache period is over
    fresh = client.get("/source/")

    assert counts_shown(kept) == {"Harbour Gazette": "1 article"}
    assert counts_shown(fresh) == {"Harbour Gazette": "2 articles"}
