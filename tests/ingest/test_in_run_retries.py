"""A page or feed that fails transiently once (503, 429, a stall, a reset) is stored by the same run: the run
retries it after the drain, politely, and leaves only what still fails for its scheduled retry."""

import socket
import struct
import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.articles.models import Article, article_id_for, url_key_for
from newsdesk.ingest.runner import ingest_once
from newsdesk.sources.models import Source
from newsdesk.tasks import work
from tests.ingest.test_failures import page, rss

pytestmark = pytest.mark.django_db

FETCH_TIMEOUT = 1  # seconds; a stalled first answer waits longer than this


@pytest.fixture
def retrying(settings):
    settings.NEWSDESK_RETRY_ATTEMPTS = 3
    settings.NEWSDESK_RETRY_MAX_WAIT = 5
    settings.NEWSDESK_FETCH_TIMEOUT = FETCH_TIMEOUT
    settings.NEWSDESK_EMBEDDINGS = False  # not what these tests are about, and slow to load
    return settings


class Flaky:
    """A route answering ``first`` to its first ``times`` requests, then the page; it keeps each request's time."""

    def __init__(self, body: str, first: str, *, times: int = 1, retry_after: str | None = None) -> None:
        self.body, self.first, self.times, self.retry_after = body.encode(), first, times, retry_after
        self.calls: list[float] = []
        self._lock = threading.Lock()

    def __call__(self, handler) -> None:
        with self._lock:
            self.calls.append(time.monotonic())
            failing = len(self.calls) <= self.times
        if not failing:
            return answer(handler, 200, self.body, "text/html; charset=utf-8")
        if self.first == "stall":
            time.sleep(FETCH_TIMEOUT + 0.5)  # nothing sent: the desk's read timeout passes first
            handler.close_connection = True
        elif self.first == "reset":
            # SO_LINGER 0: closing sends a TCP reset instead of an orderly close.
            handler.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.request.close()
            raise ConnectionResetError("reset on purpose")  # the test server stays quiet about it
        else:
            headers = {"Retry-After": self.retry_after} if self.retry_after else {}
            answer(handler, int(self.first), b"busy", "text/plain", headers)


def answer(handler, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
    handler.send_response(status)
    for name, value in {"Content-Type": content_type, "Content-Length": str(len(body)), **(headers or {})}.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def newsroom(http_server, pages: dict[str, Flaky | str], feed: Flaky | None = None) -> Source:
    """A feed listing ``pages`` (path -> a Flaky route or a page's title), served by ``http_server``."""
    links = [http_server.url(path) for path in pages]
    for path, route in pages.items():
        if isinstance(route, Flaky):
            http_server.route(path, handler=route)
        else:
            http_server.route(path, page(route))
    if feed is None:
        http_server.route("/feed.xml", rss(*links), content_type="application/rss+xml")
    else:
        feed.body = rss(*links).encode()
        http_server.route("/feed.xml", handler=feed)
    return Source.objects.create(url=http_server.url("/feed.xml"))


def article_at(http_server, path: str) -> Article:
    return Article.objects.get(url=http_server.url(path))


def test_pages_that_fail_their_first_request_are_all_stored_by_one_run(http_server, retrying):
    flaky = {
        "/busy.html": Flaky(page("Busy"), "503"),
        "/busy-for-a-second.html": Flaky(page("Busy for a second"), "503", retry_after="1"),
        "/rate-limited.html": Flaky(page("Rate limited"), "429"),
        "/stalled.html": Flaky(page("Stalled"), "stall"),
        "/reset.html": Flaky(page("Reset"), "reset"),
    }
    newsroom(http_server, {**flaky, "/fine.html": "Fine"})

    report = ingest_once()

    for path, route in flaky.items():
        article = article_at(http_server, path)
        assert article.status == Article.Status.READY, (path, article.error_reason)
        assert len(route.calls) == 2, path  # failed once, stored by the retry
        assert article.attempts == 1  # one run's tries are one attempt: the scheduled retries are left whole
    assert report.outcomes["stored"] == 6 and report.outcomes["retry later"] == 0
    assert (report.retried, report.recovered) == (5, 5)
    assert "5 retried in the run, 5 recovered" in report.summary_line()
    assert "still failing" not in report.summary_line()


def test_a_page_that_always_fails_is_tried_a_bounded_number_of_times_and_keeps_its_scheduled_retry(
    http_server, retrying
):
    retrying.NEWSDESK_RETRY_ATTEMPTS = 2
    down = Flaky(page("Down"), "503", times=1000)
    newsroom(http_server, {"/down.html": down, "/fine.html": "Fine"})

    report = ingest_once()

    assert len(down.calls) == 1 + 2
    article = article_at(http_server, "/down.html")
    assert article.status == Article.Status.PENDING and article.attempts == 1
    assert article.error_reason == "http_5xx" and "503" in article.error_message
    # Due again soon enough that the next run, a minute later, tries it.
    assert timezone.now() < article.next_attempt_at <= timezone.now() + timedelta(seconds=31)
    assert article in Article.objects.due(timezone.now() + timedelta(minutes=1))
    assert report.outcomes["retry later"] == 1 and report.outcomes["stored"] == 1
    assert (report.retried, report.recovered) == (1, 0)
    assert "(still failing: 1 http_5xx)" in report.summary_line()


def test_a_retry_after_longer_than_the_run_waits_is_left_for_the_scheduled_retry(http_server, retrying):
    busy = Flaky(page("Busy"), "503", retry_after="30")  # NEWSDESK_RETRY_MAX_WAIT is 5
    newsroom(http_server, {"/busy.html": busy})

    report = ingest_once()

    assert len(busy.calls) == 1
    assert report.seconds < 5
    article = article_at(http_server, "/busy.html")
    assert article.status == Article.Status.PENDING and article.error_reason == "http_5xx"
    assert article.next_attempt_at >= timezone.now() + timedelta(seconds=25)  # the server's 30 s honoured
    assert "(still failing: 1 http_5xx)" in report.summary_line()


def test_a_retry_after_as_an_http_date_is_waited_for(http_server, retrying):
    when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 2))
    busy = Flaky(page("Busy"), "503", retry_after=when)
    newsroom(http_server, {"/busy.html": busy})

    ingest_once()

    assert article_at(http_server, "/busy.html").status == Article.Status.READY
    assert busy.calls[1] - busy.calls[0] >= 0.9  # HTTP dates have whole seconds: at least 1 s of the 2


def test_a_source_whose_feed_fails_once_is_polled_again_and_its_articles_stored(http_server, retrying):
    feed = Flaky("", "503")
    source = newsroom(http_server, {"/a.html": "Alpha", "/b.html": "Beta"}, feed=feed)

    report = ingest_once()

    assert len(feed.calls) == 2
    source.refresh_from_db()
    assert source.health == Source.Health.OK and source.consecutive_failures == 0
    assert Article.objects.filter(status=Article.Status.READY).count() == 2
    assert report.sources_failed == 0 and report.new_articles == 2 and report.recovered == 1


def test_a_source_that_keeps_failing_counts_one_failure_for_the_run(http_server, retrying):
    retrying.NEWSDESK_RETRY_ATTEMPTS = 1
    feed = Flaky("", "503", times=1000)
    source = newsroom(http_server, {"/a.html": "Alpha"}, feed=feed)

    report = ingest_once()

    assert len(feed.calls) == 2
    source.refresh_from_db()
    assert source.health == Source.Health.FAILING and source.last_error_reason == "http_5xx"
    assert source.consecutive_failures == 1  # its scheduled backoff is that of one failure, not two
    assert report.sources_failed == 1 and "still failing: 1 http_5xx" in report.summary_line()


def test_retries_keep_the_host_politeness_and_wait_out_its_retry_after(http_server, retrying):
    interval = 0.2
    retrying.NEWSDESK_HOST_MIN_INTERVAL = interval
    starts: list[float] = []
    routes = {
        "/busy.html": Flaky(page("Busy"), "503", retry_after="1"),
        "/limited.html": Flaky(page("Limited"), "429"),
        "/also-busy.html": Flaky(page("Also busy"), "503"),
        **{f"/fine-{i}.html": Flaky(page(f"Fine {i}"), "200", times=0) for i in range(4)},
    }
    newsroom(http_server, routes)
    http_server.route("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    recorded = http_server.requests

    report = ingest_once()

    assert report.outcomes["stored"] == 7 and report.recovered == 3
    for route in routes.values():
        starts.extend(route.calls)
    # Every request the server saw (feed, robots.txt, pages, retries) is spaced by the host's interval.
    assert len(recorded) == 1 + 1 + 7 + 3
    starts.sort()
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:])]
    assert min(gaps) >= interval - 0.03, gaps
    # The Retry-After of one page held the retries of every page on that host.
    told_to_wait = routes["/busy.html"].calls[0]
    retries = [route.calls[1] for route in routes.values() if len(route.calls) > 1]
    assert len(retries) == 3 and min(retries) >= told_to_wait + 0.95


def test_a_process_task_retries_a_transient_failure_soon(http_server, retrying):
    """The workers' path does not wait in the task: the article is due again within 30 s, then backs off."""
    http_server.route("/down.html", "busy", status=503, content_type="text/plain")
    source = Source.objects.create(url=http_server.url("/feed.xml"))
    url = http_server.url("/down.html")
    key = url_key_for(url)
    article = Article.objects.create(id=article_id_for(key), url_key=key, source=source, url=url, canonical_url=url)

    assert work.process(str(article.pk)) == "retry later"
    article.refresh_from_db()
    first = article.next_attempt_at - timezone.now()
    assert timedelta(seconds=25) < first <= timedelta(seconds=30)

    Article.objects.filter(pk=article.pk).update(next_attempt_at=timezone.now())
    work.process(str(article.pk))
    article.refresh_from_db()
    assert article.attempts == 2
    assert article.next_attempt_at - timezone.now() > timedelta(seconds=55)  # backing off: 30 s, 1 min, ...
