"""The operator's view: source health, errors, queue depth and failed articles in the admin."""

import pytest
from django.utils.html import escape

from newsdesk.articles.models import Article
from newsdesk.ingest.runner import ingest_once
from newsdesk.sources.models import Source
from tests.ingest.test_failures import page, rss

pytestmark = pytest.mark.django_db


def test_source_list_shows_health_last_error_and_queue_depth(admin_client, http_server):
    http_server.route(
        "/good.xml", rss(http_server.url("/a.html"), http_server.url("/down.html")), content_type="application/rss+xml"
    )
    http_server.route("/a.html", page("Alpha"))
    http_server.route("/down.html", "busy", status=503, content_type="text/plain")
    Source.objects.create(url=http_server.url("/good.xml"), title="Good outlet")
    Source.objects.create(url=http_server.url("/gone.xml"), title="Gone outlet")
    ingest_once()

    html = admin_client.get("/admin/sources/source/").content.decode()
    assert "Good outlet" in html and "Gone outlet" in html
    assert "health-failing" in html and "health-ok" in html
    assert "HTTP 404 not found" in html  # the failing feed's reason, readable
    assert "Queue: <strong>1</strong> article waiting to be fetched" in html  # the 503 page, retried later
    assert "<strong>1</strong> failing source" in html


def test_article_admin_shows_why_an_article_was_not_stored(admin_client, http_server):
    http_server.route("/feed.xml", rss(http_server.url("/tiny.html")), content_type="application/rss+xml")
    http_server.route("/tiny.html", "<html><body><article><p>Hi.</p></article></body></html>")
    Source.objects.create(url=http_server.url("/feed.xml"))
    ingest_once()
    article = Article.objects.get()

    listing = admin_client.get("/admin/articles/article/?status__exact=skipped").content.decode()
    assert article.title in listing
    assert article.get_error_reason_display() in listing  # e.g. "Too short to be an article"
    detail = admin_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert article.error_message and escape(article.error_message) in detail
