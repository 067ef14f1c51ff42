"""Polling: adaptive intervals, news sitemaps as sources, and the per-source choice of content."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.ingest.runner import ingest_once
from newsdesk.sources.models import Source
from tests.ingest.test_failures import PARAGRAPH, page

pytestmark = pytest.mark.django_db


def rss_items(items):
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>{date:%a, %d %b %Y %H:%M:%S +0000}</pubDate>"
        f"{extra}</item>"
        for title, link, date, extra in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Feed</title>{body}</channel></rss>"
    )


def test_poll_interval_follows_the_publishing_rhythm(http_server):
    now = timezone.now()
    items = [(f"Item {i}", http_server.url(f"/{i}.html"), now - timedelta(hours=i), "") for i in range(6)]
    http_server.route("/feed.xml", rss_items(items), content_type="application/rss+xml")
    for i in range(6):
        http_server.route(f"/{i}.html", page(f"Item {i}"))
    source = Source.objects.create(url=http_server.url("/feed.xml"))
    ingest_once()
    source.refresh_from_db()
    assert source.poll_interval == timedelta(hours=1)
    assert abs((source.next_fetch_at - source.last_fetched_at) - timedelta(hours=1)) < timedelta(seconds=1)

    ingest_once()  # nothing new: poll less often
    source.refresh_from_db()
    assert source.poll_interval == timedelta(hours=1.5)


def full_text(words=220):
    sentence = "The harbour board met again to weigh the cost of repairing the old quay wall before winter. "
    return "<p>" + sentence * (words // 16) + "</p><p>" + sentence * 2 + "</p>"


@pytest.mark.parametrize(
    "mode, content, page_fetched",
    [
        ("auto", full_text(), False),
        ("auto", "<p>A two-line teaser. Read more on our site.</p>", True),
        ("page", full_text(), True),
        ("feed", "<p>" + PARAGRAPH * 2 + "</p>", False),
    ],
)
def test_content_mode_decides_between_the_feeds_text_and_the_page(http_server, mode, content, page_fetched):
    link = http_server.url("/story.html")
    item = (
        "Quay repairs",
        link,
        datetime(2026, 11, 24, 9, tzinfo=UTC),
        f"<content:encoded><![CDATA[{content}]]></content:encoded>",
    )
    http_server.route("/feed.xml", rss_items([item]), content_type="application/rss+xml")
    http_server.route("/story.html", page("Quay repairs (page version)"))
    Source.objects.create(url=http_server.url("/feed.xml"), content_mode=mode)

    ingest_once()

    article = Article.objects.get()
    assert article.status == Article.Status.READY
    fetched = any(r.path == "/story.html" for r in http_server.requests)
    assert fetched is page_fetched
    if not page_fetched:
        assert article.title == "Quay repairs" and "harbour" in article.text
        assert article.published_at == datetime(2026, 11, 24, 9, tzinfo=UTC)
        assert article.summary_sentences


NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{urls}</urlset>"""


def sitemap_url(loc, title, when):
    return (
        f"<url><loc>{loc}</loc><news:news><news:publication><news:name>Harbour Gazette</news:name>"
        f"<news:language>en</news:language></news:publication><news:publication_date>{when.isoformat()}"
        f"</news:publication_date><news:title>{title}</news:title></news:news></url>"
    )


def test_a_news_sitemap_index_is_a_source(http_server):
    now = timezone.now()
    fresh = sitemap_url(http_server.url("/news/fresh.html"), "Fresh story", now - timedelta(hours=2))
    stale = sitemap_url(http_server.url("/news/stale.html"), "Old story", now - timedelta(days=30))
    http_server.route("/sitemap-news.xml", NEWS_SITEMAP.format(urls=fresh + stale), content_type="application/xml")
    http_server.route(
        "/sitemap.xml",
        f"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>{http_server.url("/sitemap-news.xml")}</loc></sitemap></sitemapindex>""",
        content_type="application/xml",
    )
    http_server.route("/news/fresh.html", page("Fresh story"))
    source = Source.objects.create(url=http_server.url("/sitemap.xml"), kind=Source.Kind.SITEMAP)

    ingest_once()

    source.refresh_from_db()
    assert source.health == Source.Health.OK, source.last_error_message
    assert source.title == "Harbour Gazette"
    article = Article.objects.get()  # the 30-day-old URL is archive, not news
    assert article.url == http_server.url("/news/fresh.html") and article.status == Article.Status.READY


def test_a_sources_own_politeness_overrides_the_default(http_server):
    links = [http_server.url(f"/{i}.html") for i in range(3)]
    items = [(f"Item {i}", link, timezone.now(), "") for i, link in enumerate(links)]
    http_server.route("/feed.xml", rss_items(items), content_type="application/rss+xml")
    for i in range(3):
        http_server.route(f"/{i}.html", page(f"Item {i}"))
    Source.objects.create(url=http_server.url("/feed.xml"), min_request_interval=0.3, max_in_flight=1)

    report = ingest_once()

    assert report.outcomes["stored"] == 3
    assert report.seconds >= 0.6  # three page requests (plus robots.txt) spaced 0.3 s apart


def test_single_page_sources_are_never_polled(http_server):
    Source.objects.create(url=http_server.url("/"), kind=Source.Kind.PAGES)
    report = ingest_once()
    assert report.sources_polled == 0 and not http_server.requests
