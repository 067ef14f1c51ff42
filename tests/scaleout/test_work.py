"""What a worker does with each task, run here in process: every step may run twice and stores once."""

import pytest
from django.db import IntegrityError, transaction

from newsdesk.articles.models import Article, article_id_for, url_key_for
from newsdesk.sources.models import Source
from newsdesk.tasks import work
from tests.ingest.test_failures import page, rss

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_worker_state():
    """Each test is a fresh worker process: no intake or story desk left over from another test's database."""
    work._desk, work._desk_generation, work._intake = None, 0, None
    yield
    if work._intake is not None:
        work._intake.close()
    work._desk, work._desk_generation, work._intake = None, 0, None


@pytest.fixture
def feed(http_server):
    for name in ("harbour", "quay"):
        http_server.route(f"/{name}.html", page(f"The {name} plan"))
    http_server.route(
        "/feed.xml",
        rss(http_server.url("/harbour.html"), http_server.url("/quay.html")),
        content_type="application/rss+xml",
    )
    return Source.objects.create(url=http_server.url("/feed.xml"))


def page_requests(server):
    return [r.path for r in server.requests if r.path.endswith(".html")]


def test_polling_a_source_twice_records_each_entry_once(feed):
    assert work.poll(feed.pk) == 2
    assert work.poll(feed.pk) == 0
    assert Article.objects.filter(source=feed).count() == 2


def test_processing_an_article_twice_fetches_and_stores_it_once(feed, http_server):
    work.poll(feed.pk)
    article = Article.objects.get(url=http_server.url("/harbour.html"))
    assert work.process(str(article.pk)) == "stored"
    assert work.process(str(article.pk)) == "done already"  # a redelivered message
    article.refresh_from_db()
    assert article.status == Article.Status.READY and article.attempts == 1
    assert page_requests(http_server) == ["/harbour.html"]


def test_an_article_gone_or_paused_is_no_work(feed, http_server):
    assert work.process(str(article_id_for("no-such-key"))) == "done already"
    Source.objects.filter(pk=feed.pk).update(is_active=False)
    assert work.poll(feed.pk) == 0
    assert not [r for r in http_server.requests if r.path == "/feed.xml"]


def test_a_failed_fetch_is_recorded_for_a_later_retry(feed, http_server):
    work.poll(feed.pk)
    http_server.route("/quay.html", b"busy", status=503)
    article = Article.objects.get(url=http_server.url("/quay.html"))
    assert work.process(str(article.pk)) == "retry later"
    article.refresh_from_db()
    assert article.status == Article.Status.PENDING and article.attempts == 1 and article.error_reason


def test_filing_puts_every_stored_article_in_a_story_once(feed, http_server):
    work.poll(feed.pk)
    for article in Article.objects.all():
        work.process(str(article.pk))
    assert work.unfiled().count() == 2
    assert work.file_stories() == 2
    assert work.unfiled().count() == 0
    filed = dict(Article.objects.values_list("pk", "story_id"))
    assert work.file_stories() == 0  # nothing left: a second filing changes nothing
    assert dict(Article.objects.values_list("pk", "story_id")) == filed


def test_filing_waits_while_another_worker_holds_the_stories_lease(feed):
    from datetime import timedelta

    from newsdesk.tasks import leases

    work.poll(feed.pk)
    for article in Article.objects.all():
        work.process(str(article.pk))
    leases.acquire(work.STORIES_LEASE, "another-worker", timedelta(minutes=5))
    assert work.file_stories() == 0
    assert work.unfiled().count() == 2


def test_the_database_refuses_a_second_row_for_one_canonical_url(feed):
    key = url_key_for("https://example.org/news/one")
    Article.objects.create(id=article_id_for(key), url_key=key, source=feed, url="https://example.org/news/one")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            id=article_id_for(key + "-other"), url_key=key, source=feed, url="https://example.org/news/one?utm_source=x"
        )


def test_understanding_analyses_each_stored_article_once(feed, settings):
    from newsdesk.entities.models import ArticleAnalysis

    settings.NEWSDESK_ENTITIES = True
    work.poll(feed.pk)
    for article in Article.objects.all():
        work.process(str(article.pk))
    assert work.understand() == 2
    assert ArticleAnalysis.objects.count() == 2
    assert work.understand() == 0  # nothing left to analyse


def test_understanding_waits_while_another_worker_analyses(feed, settings):
    from datetime import timedelta

    from newsdesk.entities.models import ArticleAnalysis
    from newsdesk.tasks import leases

    settings.NEWSDESK_ENTITIES = True
    work.poll(feed.pk)
    for article in Article.objects.all():
        work.process(str(article.pk))
    leases.acquire(work.ENTITIES_LEASE, "another-worker", timedelta(minutes=5))
    assert work.understand() == 0
    assert not ArticleAnalysis.objects.exists()
