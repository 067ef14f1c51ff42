"""`newsdesk sources add URL` with a site's home page: its feed, or else its sitemap, becomes the source."""

import gzip
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from newsdesk.sources.models import Source

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>The Harbour Gazette</title>
<link>https://harbour.example/</link><item><title>Bridge reopens</title><link>https://harbour.example/a</link></item>
</channel></rss>"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://ledger.example/a</loc><news:news><news:publication><news:name>The Ledger</news:name>
<news:language>en</news:language></news:publication><news:publication_date>2026-11-23</news:publication_date>
<news:title>Storm</news:title></news:news></url></urlset>"""

PLAIN_SITEMAP = "<urlset><url><loc>https://ledger.example/about</loc></url></urlset>"


def home(*links: str) -> str:
    return f"<!DOCTYPE html><html><head><title>Home</title>{''.join(links)}</head><body><h1>Home</h1></body></html>"


def add(*args) -> str:
    out = StringIO()
    call_command("sources", "add", *args, stdout=out)
    return out.getvalue()


def test_home_page_with_an_alternate_link_adds_the_feed(http_server):
    http_server.route(
        "/",
        home(
            '<link rel="alternate" type="application/rss+xml" title="Comments" href="/comments.xml">',
            '<link rel="alternate" type="application/rss+xml" title="Main" href="/feed.xml">',
        ),
    )
    http_server.route("/feed.xml", RSS, content_type="application/rss+xml")

    out = add(http_server.url("/"))

    source = Source.objects.get()
    assert (source.url, source.kind) == (http_server.url("/feed.xml"), Source.Kind.FEED)
    assert source.title == "The Harbour Gazette"
    assert f"Found RSS feed {http_server.url('/feed.xml')} on {http_server.url('/')}" in out
    assert f"Added source {source.pk}" in out
    assert not any(r.path == "/comments.xml" for r in http_server.requests), "the main feed is tried first"


def test_direct_feed_url_is_added_as_given(http_server):
    http_server.route("/feed.xml", RSS, content_type="text/xml")
    out = add(http_server.url("/feed.xml"), "--title", "Gazette", "--republish-full-text")
    source = Source.objects.get()
    assert (source.url, source.title, source.republish_full_text) == (http_server.url("/feed.xml"), "Gazette", True)
    assert f"Added source {source.pk}: {source.url}" in out


def test_home_page_without_feeds_uses_the_news_sitemap_from_robots_txt(http_server):
    http_server.route("/", home())
    http_server.route(
        "/robots.txt",
        f"User-agent: *\nDisallow: /admin/\nSitemap: {http_server.url('/sitemap.xml')}\nsitemap: /news-sitemap.xml\n",
        content_type="text/plain",
    )
    http_server.route("/news-sitemap.xml", NEWS_SITEMAP, content_type="application/xml")

    out = add(http_server.url("/"))

    source = Source.objects.get()
    assert (source.url, source.kind, source.title) == (
        http_server.url("/news-sitemap.xml"),
        Source.Kind.SITEMAP,
        "The Ledger",
    )
    assert f"Found news sitemap {source.url} on {http_server.url('/robots.txt')}" in out
    assert not any(r.path == "/sitemap.xml" for r in http_server.requests), "the news-named sitemap is tried first"


def test_a_sitemap_index_is_searched_for_its_news_child(http_server):
    index = (
        f"<sitemapindex><sitemap><loc>{http_server.url('/posts.xml')}</loc></sitemap>"
        f"<sitemap><loc>{http_server.url('/news.xml.gz')}</loc></sitemap></sitemapindex>"
    )
    http_server.route("/", home())
    http_server.route("/robots.txt", "Sitemap: /sitemap_index.xml\n", content_type="text/plain")
    http_server.route("/sitemap_index.xml", index, content_type="application/xml")
    http_server.route("/news.xml.gz", gzip.compress(NEWS_SITEMAP.encode()), content_type="application/x-gzip")

    add(http_server.url("/"))

    assert Source.objects.get().url == http_server.url("/news.xml.gz")


def test_a_plain_sitemap_is_taken_when_no_news_sitemap_exists(http_server):
    http_server.route("/", home('<link rel="alternate" type="application/rss+xml" href="/gone.xml">'))
    http_server.route("/robots.txt", "Sitemap: /sitemap.xml\n", content_type="text/plain")
    http_server.route("/sitemap.xml", PLAIN_SITEMAP, content_type="application/xml")

    out = add(http_server.url("/"))

    assert Source.objects.get().kind == Source.Kind.SITEMAP
    assert "Found sitemap" in out


def test_nothing_found_fails_with_what_to_do_instead(http_server):
    http_server.route("/", home('<link rel="alternate" type="application/rss+xml" href="/broken.xml">'))
    http_server.route("/broken.xml", "<html><body>Moved</body></html>")
    with pytest.raises(CommandError) as caught:
        add(http_server.url("/"))
    message = str(caught.value)
    assert f"no feed or sitemap found at {http_server.url('/')}: add the feed's address directly" in message
    assert "broken.xml: advertised as a feed but is not one" in message
    assert not Source.objects.exists()


def test_unreachable_url_fails_with_a_hint_to_skip_detection(http_server):
    with pytest.raises(CommandError, match="404.*--kind feed"):
        add(http_server.url("/missing.xml"))


def test_kind_option_adds_without_fetching(http_server):
    add(http_server.url("/later.xml"), "--kind", "sitemap")
    assert Source.objects.get().kind == Source.Kind.SITEMAP
    assert http_server.requests == []


def test_adding_the_same_feed_twice_keeps_one_source(http_server):
    http_server.route("/", home('<link rel="alternate" type="application/atom+xml" href="/feed.xml">'))
    http_server.route("/feed.xml", RSS, content_type="application/rss+xml")
    add(http_server.url("/feed.xml"))
    out = add(http_server.url("/"))
    assert Source.objects.count() == 1
    assert "already exists" in out
