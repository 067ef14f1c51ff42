"""The request deadline on the desk's own paths: a trickling feed, sitemap child or advertised feed fails alone.

The hostile servers (tests.support.slowloris) send one byte every 0.1 s, never quiet long enough for the
read timeout; only the whole-request deadline stops them. The deadlines are short (0.5 s) so that the suite
does not wait; the servers would trickle for seconds.
"""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import call_command

from newsdesk.articles.models import Article
from newsdesk.ingest.polling import poll_source
from newsdesk.pipeline import errors
from newsdesk.pipeline.fetch import FetchConfig, Fetcher
from newsdesk.sources.discovery import resolve_source_url
from newsdesk.sources.models import Source
from tests.ingest.test_failures import page, rss
from tests.support.slowloris import SlowServer

TOTAL = 0.5
MARGIN = 0.3  # thread start-up and a loaded CI machine; far below the read timeout or another deadline
INTERVAL = 0.1
STATUS = b"HTTP/1.1 200 OK\r\n"
TRICKLED_FEED = STATUS + b"Content-Type: application/rss+xml\r\nContent-Length: 12\r\n\r\n<rss></rss>\n" + b" " * 60


@pytest.fixture
def slow_server():
    server = SlowServer(slow=TRICKLED_FEED, interval=INTERVAL).start()
    yield server
    server.stop()


@pytest.fixture
def fetcher():
    config = FetchConfig(allow_private_networks=True, connect_timeout=1.0, read_timeout=3.0, total_timeout=TOTAL)
    with Fetcher(config) as f:
        yield f


@pytest.mark.django_db
def test_ingest_once_marks_a_trickling_feed_timed_out_and_ingests_the_others(http_server, slow_server, settings):
    settings.NEWSDESK_FETCH_TIMEOUT = 0.25  # read timeout 0.25 s (over the 0.1 s between bytes), deadline 0.75 s
    http_server.route("/good.xml", rss(http_server.url("/a.html")), content_type="application/rss+xml")
    http_server.route("/a.html", page("Harbour plan approved"))
    slow = Source.objects.create(url=slow_server.url("/feed.xml"))
    good = Source.objects.create(url=http_server.url("/good.xml"))

    started = time.monotonic()
    out = io.StringIO()
    call_command("ingest", "--once", "--no-entities", stdout=out)
    elapsed = time.monotonic() - started

    slow.refresh_from_db()
    good.refresh_from_db()
    assert slow.health == Source.Health.FAILING
    assert slow.last_error_reason == errors.Reason.TIMEOUT.value
    assert slow.last_error_message == "no complete answer within 0.75 s"
    assert good.health == Source.Health.OK and good.articles_found == 1
    assert Article.objects.get().title == "Harbour plan approved"
    assert "1 stored" in out.getvalue()
    # The trickle alone would take 13 s; what is left is the good source's fetch and extraction.
    assert elapsed < 0.75 + 8, f"ingest --once took {elapsed:.1f} s"


@pytest.mark.django_db
def test_a_trickling_sitemap_child_fails_the_poll_on_time(http_server, slow_server, fetcher):
    index = (
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{slow_server.url('/news-sitemap.xml')}</loc></sitemap></sitemapindex>"
    )
    http_server.route("/sitemap.xml", index, content_type="application/xml")
    source = Source.objects.create(url=http_server.url("/sitemap.xml"), kind=Source.Kind.SITEMAP)

    started = time.monotonic()
    outcome = poll_source(source, fetcher)
    assert time.monotonic() - started < TOTAL + MARGIN

    source.refresh_from_db()
    assert outcome.error.reason is errors.Reason.TIMEOUT
    assert outcome.error.url == slow_server.url("/news-sitemap.xml")
    assert source.health == Source.Health.FAILING and source.last_error_reason == "timeout"


def test_discovery_gives_up_on_a_trickling_advertised_feed_and_says_why(http_server, slow_server, fetcher):
    home = (
        f'<html><head><link rel="alternate" type="application/rss+xml" href="{slow_server.url("/feed.xml")}">'
        "</head><body><p>Home</p></body></html>"
    )
    http_server.route("/", home)

    started = time.monotonic()
    with pytest.raises(errors.FeedParseError) as caught:
        resolve_source_url(http_server.url("/"), fetcher)
    assert time.monotonic() - started < TOTAL + MARGIN
    assert f"{slow_server.url('/feed.xml')}: Timed out: no complete answer within {TOTAL:g} s" in caught.value.message


def test_discovery_of_a_trickling_home_page_is_a_timeout(slow_server, fetcher):
    started = time.monotonic()
    with pytest.raises(errors.FetchTimeout, match=f"no complete answer within {TOTAL:g} s"):
        resolve_source_url(slow_server.url("/"), fetcher)
    assert time.monotonic() - started < TOTAL + MARGIN


@pytest.mark.django_db
def test_a_sitemap_index_of_trickling_children_ends_within_the_polls_budget(http_server, slow_server, fetcher):
    # Each child alone keeps within its own deadline; five of them would hold the poll for five deadlines.
    children = "".join(f"<sitemap><loc>{slow_server.url(f'/news-{n}.xml')}</loc></sitemap>" for n in range(5))
    index = (
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{children}</sitemapindex>"
    )
    http_server.route("/sitemap.xml", index, content_type="application/xml")
    source = Source.objects.create(url=http_server.url("/sitemap.xml"), kind=Source.Kind.SITEMAP)

    started = time.monotonic()
    outcome = poll_source(source, fetcher)
    assert time.monotonic() - started < 2 * TOTAL + MARGIN  # not 5 deadlines

    source.refresh_from_db()
    assert outcome.error.reason is errors.Reason.TIMEOUT and source.last_error_reason == "timeout"


def test_discovery_of_several_trickling_feeds_ends_within_its_budget(http_server, slow_server, fetcher):
    links = "".join(
        f'<link rel="alternate" type="application/rss+xml" href="{slow_server.url(f"/feed-{n}.xml")}">'
        for n in range(3)
    )
    http_server.route("/", f"<html><head>{links}</head><body><p>Home</p></body></html>")

    started = time.monotonic()
    with pytest.raises(errors.PipelineError) as caught:
        resolve_source_url(http_server.url("/"), fetcher)
    assert time.monotonic() - started < 2 * TOTAL + MARGIN
    assert f"finding the site's feeds took more than {2 * TOTAL:g} s in all" in str(caught.value)
