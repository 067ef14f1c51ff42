"""Behaviour on the wire during ingestion: conditional GET, robots.txt, canonical URLs."""

import pytest
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.ingest.runner import ingest_once
from newsdesk.sources.models import Source
from tests.ingest.test_failures import page, rss

pytestmark = pytest.mark.django_db


def conditional(body, etag):
    def handler(request):
        if request.headers.get("If-None-Match") == etag:
            request.send_response(304)
            request.send_header("ETag", etag)
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        data = body.encode()
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("ETag", etag)
        request.send_header("Last-Modified", "Tue, 24 Nov 2026 10:00:00 GMT")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    return handler


def test_an_unchanged_feed_costs_a_304(http_server):
    http_server.route("/feed.xml", handler=conditional(rss(http_server.url("/a.html")), '"v1"'))
    http_server.route("/a.html", page("Alpha"))
    source = Source.objects.create(url=http_server.url("/feed.xml"))

    ingest_once()
    source.refresh_from_db()
    assert source.etag == '"v1"' and source.last_modified == "Tue, 24 Nov 2026 10:00:00 GMT"

    http_server.requests.clear()
    report = ingest_once()
    feed_requests = [r for r in http_server.requests if r.path == "/feed.xml"]
    assert feed_requests[0].headers["if-none-match"] == '"v1"'
    assert feed_requests[0].headers["if-modified-since"] == "Tue, 24 Nov 2026 10:00:00 GMT"
    assert report.new_articles == 0 and not report.outcomes
    source.refresh_from_db()
    assert source.health == Source.Health.OK and Article.objects.count() == 1


def test_robots_txt_is_obeyed_for_pages_and_fetched_once(http_server):
    http_server.route("/robots.txt", "User-agent: *\nDisallow: /members/\n", content_type="text/plain")
    http_server.route(
        "/feed.xml",
        rss(http_server.url("/news/a.html"), http_server.url("/members/b.html"), http_server.url("/news/c.html")),
        content_type="application/rss+xml",
    )
    for path, title in (("/news/a.html", "Alpha"), ("/members/b.html", "Beta"), ("/news/c.html", "Gamma")):
        http_server.route(path, page(title))
    Source.objects.create(url=http_server.url("/feed.xml"))

    ingest_once()

    forbidden = Article.objects.get(url=http_server.url("/members/b.html"))
    assert forbidden.status == Article.Status.SKIPPED and forbidden.error_reason == "robots_forbidden"
    assert Article.objects.filter(status=Article.Status.READY).count() == 2
    paths = [r.path for r in http_server.requests]
    assert paths.count("/robots.txt") == 1 and "/members/b.html" not in paths


def test_robots_can_be_turned_off_by_the_operator(http_server, settings):
    settings.NEWSDESK_OBEY_ROBOTS = False
    http_server.route("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
    http_server.route("/feed.xml", rss(http_server.url("/a.html")), content_type="application/rss+xml")
    http_server.route("/a.html", page("Alpha"))
    Source.objects.create(url=http_server.url("/feed.xml"))
    ingest_once()
    assert Article.objects.get().status == Article.Status.READY


def test_two_urls_whose_pages_name_one_canonical_are_stored_once(http_server):
    canonical = http_server.url("/story/42")
    with_canonical = page("Harbour plan").replace("<head>", f'<head><link rel="canonical" href="{canonical}">')
    http_server.route("/story/42", with_canonical)
    http_server.route("/amp/story/42", with_canonical)
    http_server.route(
        "/feed.xml", rss(http_server.url("/amp/story/42"), canonical + "?ref=rss"), content_type="application/rss+xml"
    )
    Source.objects.create(url=http_server.url("/feed.xml"))

    report = ingest_once()

    assert Article.objects.filter(status=Article.Status.READY).count() == 1
    duplicate = Article.objects.get(status=Article.Status.SKIPPED)
    assert duplicate.error_reason == "duplicate"
    stored = Article.objects.get(status=Article.Status.READY)
    assert str(stored.pk) in duplicate.error_message
    assert stored.canonical_url == canonical
    assert report.outcomes["duplicate"] == 1


def test_a_failing_source_backs_off_then_recovers(http_server):
    source = Source.objects.create(url=http_server.url("/feed.xml"))
    ingest_once()
    source.refresh_from_db()
    first_delay = source.next_fetch_at - timezone.now()
    ingest_once()
    source.refresh_from_db()
    assert source.consecutive_failures == 2
    assert source.next_fetch_at - timezone.now() > first_delay  # exponential backoff

    http_server.route("/feed.xml", rss(), content_type="application/rss+xml")
    ingest_once()
    source.refresh_from_db()
    assert source.health == Source.Health.OK and source.consecutive_failures == 0
