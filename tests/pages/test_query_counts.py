"""Front, story and article pages: the queries do not grow with the page's size (no N+1), and a stored
page is answered with its stamp query alone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.pages.conftest import add_comments

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def fresh_renders(settings):
    settings.NEWSDESK_PAGE_CACHE_SECONDS = 0  # count what rendering costs, not what a stored copy costs


def test_article_page_queries_do_not_grow_with_comments(client, long_article, fresh_renders):
    add_comments(long_article, 2)
    few = queries_for(client, long_article.get_absolute_url())
    add_comments(long_article, 60)

    assert queries_for(client, long_article.get_absolute_url()) == few


def test_story_page_queries_do_not_grow_with_articles(client, outlets, make_article, make_story, fresh_renders):
    small = make_story(*(make_article(f"small-{n}", outlets[n], hours_ago=n + 1) for n in range(2)))
    large = make_story(*(make_article(f"large-{n}", outlets[n % 4], hours_ago=n / 10 + 1) for n in range(40)))

    assert queries_for(client, large.get_absolute_url()) == queries_for(client, small.get_absolute_url())


def test_front_page_queries_do_not_grow_with_stories_or_articles(
    client, outlets, make_article, make_story, fresh_renders
):
    make_story(*(make_article(f"first-{n}", outlets[n], hours_ago=n + 1) for n in range(2)))
    make_article("loose-0", outlets[0])
    few = queries_for(client, "/")
    for s in range(15):
        make_story(*(make_article(f"s{s}-{n}", outlets[n], hours_ago=s + n / 10 + 2) for n in range(4)))
        make_article(f"loose-{s + 1}", outlets[s % 4], hours_ago=s / 3)

    assert queries_for(client, "/") == few


def test_stored_pages_cost_at_most_their_stamp_query(client, long_article):
    add_comments(long_article, 10)
    story = long_article.story
    for url, stored_cost in (("/", 0), (long_article.get_absolute_url(), 1), (story.get_absolute_url(), 1)):
        client.get(url)
        assert queries_for(client, url) == stored_cost, url


def test_a_fresh_article_page_costs_a_handful_of_queries(client, long_article, fresh_renders):
    add_comments(long_article, 10)
    # The article with its outlet and story, the comment count, the comments, the entities app's key facts.
    assert queries_for(client, long_article.get_absolute_url()) <= 4


def test_feed_queries_do_not_grow_with_items(client, outlets, make_article, fresh_renders):
    # Items show their summary; the deferred text is read (one query) only for an article without a summary.
    make_article("feed-0", outlets[0])
    few = queries_for(client, "/feed/")
    for n in range(1, 30):
        make_article(f"feed-{n}", outlets[n % 4], hours_ago=n)

    assert queries_for(client, "/feed/") == few
    assert "Summary of feed-29." in client.get("/feed/").content.decode()


def test_the_sitemap_index_never_reads_every_article(client, outlets, make_article, make_story, monkeypatch):
    from newsdesk.web.sitemaps import ArticleSitemap, StorySitemap

    newest = make_article("map-1", outlets[0], hours_ago=0)
    story = make_story(newest, make_article("map-2", outlets[1], hours_ago=1))
    calls = []
    for sitemap in (ArticleSitemap, StorySitemap):
        original = sitemap.lastmod
        monkeypatch.setattr(
            sitemap, "lastmod", lambda self, item, original=original: calls.append(item) or original(self, item)
        )

    index = client.get("/sitemap.xml").content.decode()

    # Django's default asks every article and story for its date; ours asks one (the newest) at most.
    assert len(calls) <= 1
    assert index.count("<lastmod>") == 2
    assert story.updated_at.strftime("%Y-%m-%d") in index
