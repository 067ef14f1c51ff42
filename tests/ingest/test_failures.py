"""Bad input gets a clear reason on the source or the article, and the rest of the batch keeps working."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.ingest import processor
from newsdesk.ingest.runner import Intake, ingest_once
from newsdesk.pipeline import digest
from newsdesk.sources.models import Source
from tests.support.seed import article_page, load_seed

pytestmark = pytest.mark.django_db

PARAGRAPH = (
    "The council met on Tuesday evening to debate the harbour plan, and members spoke at length about "
    "the cost, the schedule and the effect on the fishing fleet that works from the old quay. "
)


def page(title, paragraphs=4):
    body = "".join(f"<p>{PARAGRAPH}{i}</p>" for i in range(paragraphs))
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def rss(*links):
    items = "".join(f"<item><title>Item {i}</title><link>{link}</link></item>" for i, link in enumerate(links))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>{items}</channel></rss>'


def add(url, **kwargs):
    return Source.objects.create(url=url, **kwargs)


def test_a_broken_feed_is_recorded_and_other_sources_still_ingest(http_server):
    http_server.route("/good.xml", rss(http_server.url("/a.html")), content_type="application/rss+xml")
    http_server.route("/a.html", page("Good article"))
    broken, good = add(http_server.url("/missing.xml")), add(http_server.url("/good.xml"))

    report = ingest_once()

    broken.refresh_from_db()
    good.refresh_from_db()
    assert broken.health == Source.Health.FAILING
    assert broken.last_error_reason == "http_404"
    assert "404" in broken.last_error_message
    assert broken.consecutive_failures == 1
    assert broken.next_fetch_at > timezone.now()
    assert good.health == Source.Health.OK and good.articles_found == 1
    assert Article.objects.get().status == Article.Status.READY
    assert report.sources_failed == 1 and report.outcomes["stored"] == 1


def test_a_page_that_is_not_a_feed_fails_as_a_web_page(http_server):
    http_server.route("/page.html", "<html><body><p>hello</p></body></html>")
    source = add(http_server.url("/page.html"))
    ingest_once()
    source.refresh_from_db()
    assert source.last_error_reason == "web_page"  # issue 15: the reason says what it is (was feed_parse_error)
    assert "web page (HTML), not a feed" in source.last_error_message


def test_retry_after_on_a_busy_feed_is_honoured(http_server):
    http_server.route("/busy.xml", "busy", status=503, headers={"Retry-After": "7200"}, content_type="text/plain")
    source = add(http_server.url("/busy.xml"))
    ingest_once()
    source.refresh_from_db()
    assert source.last_error_reason == "http_5xx"
    assert source.next_fetch_at >= timezone.now() + timedelta(seconds=7100)


def test_an_ill_formed_feed_is_recovered_and_the_problem_noted(http_server):
    feed = rss(http_server.url("/a.html")).replace("Item 0", "Fish & chips")
    http_server.route("/feed.xml", feed, content_type="application/rss+xml")
    http_server.route("/a.html", page("Fish and chips"))
    source = add(http_server.url("/feed.xml"))
    ingest_once()
    source.refresh_from_db()
    assert source.health == Source.Health.OK
    assert "Recovered from errors" in source.last_error_message
    assert Article.objects.get().status == Article.Status.READY


def test_transient_page_errors_are_retried_later_and_permanent_ones_skipped(http_server):
    http_server.route(
        "/feed.xml",
        rss(http_server.url("/down.html"), http_server.url("/short.html"), http_server.url("/ok.html")),
        content_type="application/rss+xml",
    )
    http_server.route("/down.html", "oops", status=500, content_type="text/plain")
    http_server.route("/short.html", "<html><body><article><p>Too short.</p></article></body></html>")
    http_server.route("/ok.html", page("Fine"))
    add(http_server.url("/feed.xml"))

    report = ingest_once()

    down = Article.objects.get(url=http_server.url("/down.html"))
    short = Article.objects.get(url=http_server.url("/short.html"))
    assert down.status == Article.Status.PENDING and down.attempts == 1
    assert down.error_reason == "http_5xx" and down.next_attempt_at > timezone.now()
    assert short.status == Article.Status.SKIPPED
    assert short.error_reason in ("too_short", "not_an_article")
    assert Article.objects.get(url=http_server.url("/ok.html")).status == Article.Status.READY
    assert report.outcomes == {"stored": 1, "skipped": 1, "retry later": 1}


def test_a_crash_mid_batch_loses_and_duplicates_nothing_on_restart(http_server, monkeypatch):
    seed = load_seed()
    links = [http_server.url(f"/n/{i}.html") for i in range(6)]
    for link in links:
        http_server.route(
            link.split(str(http_server.port))[1],
            article_page(seed, link).replace(
                "https://www.military.com/daily-news/2025/03/15/head-of-isis-in-iraq-and-syria-killed.html", link
            ),
        )
    http_server.route("/feed.xml", rss(*links), content_type="application/rss+xml")
    add(http_server.url("/feed.xml"))

    real_store, stored = processor.store_article, []

    def store_then_crash(article, prepared, **kwargs):
        if len(stored) == 3:
            raise SystemExit("power cut")
        real_store(article, prepared, **kwargs)
        stored.append(article.pk)

    monkeypatch.setattr("newsdesk.ingest.isolation.store_article", store_then_crash)
    with pytest.raises(SystemExit):
        ingest_once()
    assert Article.objects.filter(status=Article.Status.READY).count() == 3
    assert Article.objects.filter(status=Article.Status.PENDING).count() == 3

    monkeypatch.setattr("newsdesk.ingest.isolation.store_article", real_store)
    ingest_once()
    assert Article.objects.count() == 6
    assert Article.objects.filter(status=Article.Status.READY).count() == 6
    assert sorted(Article.objects.values_list("url", flat=True)) == sorted(links)


def test_an_unexpected_exception_on_one_page_does_not_stop_the_batch(http_server, monkeypatch):
    http_server.route(
        "/feed.xml", rss(http_server.url("/a.html"), http_server.url("/b.html")), content_type="application/rss+xml"
    )
    http_server.route("/a.html", page("Alpha"))
    http_server.route("/b.html", page("Beta"))
    add(http_server.url("/feed.xml"))
    real_extract = digest.extract_article

    def explode_on_alpha(page, *, url, config=None, listed_as=""):
        if url.endswith("/a.html"):
            raise RecursionError("hostile page")
        return real_extract(page, url=url, config=config, listed_as=listed_as)

    monkeypatch.setattr(digest, "extract_article", explode_on_alpha)
    ingest_once()
    alpha = Article.objects.get(url=http_server.url("/a.html"))
    assert alpha.status == Article.Status.FAILED
    assert alpha.error_reason == "internal_error" and "RecursionError" in alpha.error_message
    assert Article.objects.get(url=http_server.url("/b.html")).status == Article.Status.READY


def test_worker_processes_store_articles_and_bring_back_reasons(http_server):
    http_server.route(
        "/feed.xml", rss(http_server.url("/a.html"), http_server.url("/short.html")), content_type="application/rss+xml"
    )
    http_server.route("/a.html", page("Alpha"))
    http_server.route("/short.html", "<html><body><article><p>Too short.</p></article></body></html>")
    add(http_server.url("/feed.xml"))
    with Intake(processes=1) as intake:
        report = ingest_once(intake=intake)
        assert intake.cpu_pool() is not None
    assert report.outcomes == {"stored": 1, "skipped": 1}
    short = Article.objects.get(url=http_server.url("/short.html"))
    assert short.error_reason in ("too_short", "not_an_article") and short.error_message
