"""The operator sees what the boundary recorded (``newsdesk.ingest.isolation``): a bug met on a source or an
article shows as an internal error with the exception's class, counted above the source list with the queue."""

import pytest
from django.utils.html import escape

from newsdesk.ingest import isolation, polling
from newsdesk.ingest.runner import ingest_once
from newsdesk.sources.models import Source
from tests.ingest.test_failures import page, rss

pytestmark = pytest.mark.django_db


def crash(*args, **kwargs):
    raise RuntimeError("a bug in the parser")


def test_internal_errors_show_with_their_class_on_sources_and_articles(admin_client, http_server, monkeypatch):
    http_server.route("/crash.xml", rss(http_server.url("/b.html")), content_type="application/rss+xml")
    http_server.route(
        "/good.xml", rss(http_server.url("/a.html"), http_server.url("/later.html")), content_type="application/rss+xml"
    )
    http_server.route("/a.html", page("Alpha"))
    http_server.route("/later.html", "busy", status=503, content_type="text/plain")
    Source.objects.create(url=http_server.url("/crash.xml"), title="Crashing outlet")
    Source.objects.create(url=http_server.url("/good.xml"), title="Good outlet")
    real_parse = polling.parse_feed
    monkeypatch.setattr(
        polling,
        "parse_feed",
        lambda content, *, url, headers=None: (
            crash() if url.endswith("/crash.xml") else real_parse(content, url=url, headers=headers)
        ),
    )
    monkeypatch.setattr(polling, "read_feed_document", crash)
    monkeypatch.setattr(isolation, "store_article", lambda *a, **k: {}["a bug in storing"])

    ingest_once()

    sources = admin_client.get("/admin/sources/source/").content.decode()
    assert "<strong>Internal error</strong>: RuntimeError: a bug in the parser" in sources
    assert "<strong>2</strong> internal errors" in sources  # the source, and the article Alpha
    assert "Queue: <strong>1</strong> article waiting to be fetched\n(0 due now)" in sources  # the 503 page
    articles = admin_client.get("/admin/articles/article/?error_reason__exact=internal_error").content.decode()
    assert "<strong>Internal error</strong>: " + escape("KeyError: 'a bug in storing'") in articles
