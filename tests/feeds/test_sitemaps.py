"""sitemap.xml, the Google News sitemap and robots.txt, read back with our own sitemap and robots parsers."""

from datetime import timedelta

import pytest

from newsdesk.pipeline.sitemap_reader import parse_sitemap, sitemaps_from_robots

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_robots_txt_points_at_the_sitemaps_and_keeps_crawlers_out_of_admin(client):
    text = get(client, "/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert sitemaps_from_robots(text, base_url="http://testserver/") == [
        "http://testserver/sitemap.xml",
        "http://testserver/news-sitemap.xml",
    ]


def test_sitemap_index_lists_articles_stories_and_sources(client, outlets, make_article, make_story):
    article = make_article("a-1", outlets[0], hours_ago=2)
    story = make_story(article)
    index = parse_sitemap(get(client, "/sitemap.xml").content, url="http://testserver/sitemap.xml")
    assert index.is_index
    locations = set()
    for section in index.sitemaps:
        path = section.replace("http://testserver", "")
        locations |= {e.url for e in parse_sitemap(get(client, path).content, url=section).entries}
    assert f"http://testserver{article.get_absolute_url()}" in locations
    assert f"http://testserver{story.get_absolute_url()}" in locations
    assert f"http://testserver{outlets[0].get_absolute_url()}" in locations


def test_news_sitemap_has_the_last_48_hours_with_titles_and_dates(client, outlets, make_article, now):
    fresh = make_article("fresh", outlets[0], hours_ago=5, title="Fresh & new")
    make_article("old", outlets[0], hours_ago=72, title="Three days old")
    news = parse_sitemap(get(client, "/news-sitemap.xml").content, url="http://testserver/news-sitemap.xml")
    assert news.is_news
    (entry,) = news.entries
    assert entry.url == f"http://testserver{fresh.get_absolute_url()}"
    assert entry.title == "Fresh & new"
    assert abs(entry.published - fresh.published_at) < timedelta(seconds=1)
