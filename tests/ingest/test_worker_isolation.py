"""The workers' tasks (``newsdesk.tasks.work``) pass the same boundary: a crash is recorded on the row and the
task returns, so the broker does not deliver the same crashing message again and again."""

import pytest
from django.utils import timezone

from newsdesk.articles.models import Article, article_id_for, url_key_for
from newsdesk.ingest import isolation, polling
from newsdesk.sources.models import Source
from newsdesk.tasks import work
from tests.ingest.test_failures import page, rss

pytestmark = pytest.mark.django_db


def test_a_poll_task_whose_poll_crashes_records_it_and_returns(http_server, monkeypatch):
    http_server.route("/crash.xml", rss(http_server.url("/a.html")), content_type="application/rss+xml")
    monkeypatch.setattr(polling, "parse_feed", lambda *a, **k: [][1])
    monkeypatch.setattr(polling, "read_feed_document", lambda *a, **k: [][1])
    source = Source.objects.create(url=http_server.url("/crash.xml"))

    assert work.poll(source.pk) == 0

    source.refresh_from_db()
    assert source.last_error_reason == "internal_error" and "IndexError" in source.last_error_message
    assert source.next_fetch_at > timezone.now()


def test_a_process_task_whose_store_crashes_records_it_under_the_row_lock_and_returns(http_server, monkeypatch):
    http_server.route("/a.html", page("Alpha"))
    source = Source.objects.create(url=http_server.url("/feed.xml"))
    url = http_server.url("/a.html")
    key = url_key_for(url)
    article = Article.objects.create(id=article_id_for(key), url_key=key, source=source, url=url, canonical_url=url)
    monkeypatch.setattr(isolation, "store_article", lambda *a, **k: {}["a bug in storing"])

    assert work.process(str(article.pk)) == Article.Status.FAILED

    article.refresh_from_db()
    assert article.status == Article.Status.FAILED and article.error_reason == "internal_error"
    assert "KeyError" in article.error_message and article.attempts == 1
    assert work.process(str(article.pk)) == "done already"
