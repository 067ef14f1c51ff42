"""The background poller (``newsdesk run`` / ``newsdesk ingest``) never spins: a source whose poll crashes is
polled again only after its backoff, and rounds that fail as a whole wait longer and longer.

The loop's waits are counted, not slept: ``stop_event.wait`` is replaced by one that records the seconds
asked for and stops the loop after a few rounds."""

import pytest
from django.db import OperationalError

from newsdesk.ingest import polling
from newsdesk.ingest import scheduler as scheduler_module
from newsdesk.ingest.scheduler import MAX_SLEEP_SECONDS, Scheduler
from newsdesk.sources.models import Source
from tests.ingest.test_failures import rss

pytestmark = pytest.mark.django_db(transaction=True)  # each round closes its thread's stale connections

ROUNDS = 6


def run_rounds(scheduler: Scheduler, monkeypatch) -> list[float]:
    waits: list[float] = []

    def wait(seconds):
        waits.append(seconds)
        if len(waits) == ROUNDS:
            scheduler.stop_event.set()
        return scheduler.stop_event.is_set()

    monkeypatch.setattr(scheduler.stop_event, "wait", wait)
    scheduler.run_forever()
    return waits


def crash(*args, **kwargs):
    raise RuntimeError("a bug in the parser")


def test_a_source_whose_poll_crashes_is_not_polled_again_until_its_backoff(http_server, monkeypatch, settings):
    settings.NEWSDESK_ENTITIES = False
    http_server.route("/crash.xml", rss(http_server.url("/a.html")), content_type="application/rss+xml")
    monkeypatch.setattr(polling, "parse_feed", crash)
    monkeypatch.setattr(polling, "read_feed_document", crash)
    source = Source.objects.create(url=http_server.url("/crash.xml"))

    waits = run_rounds(Scheduler(), monkeypatch)

    polls = [r for r in http_server.requests if r.path == "/crash.xml"]
    assert len(polls) == 1, f"polled {len(polls)} times in {ROUNDS} rounds"
    assert waits == [MAX_SLEEP_SECONDS] * ROUNDS  # nothing due: the loop rests, it does not spin
    source.refresh_from_db()
    assert source.last_error_reason == "internal_error" and "RuntimeError" in source.last_error_message


def test_rounds_that_fail_as_a_whole_wait_longer_each_time(monkeypatch, settings):
    settings.NEWSDESK_ENTITIES = False
    Source.objects.create(url="http://127.0.0.1:9/feed.xml")  # due now: without backoff the loop asks every second
    rounds = []

    def failing_round(**kwargs):
        rounds.append(1)
        raise OperationalError("database is locked")

    monkeypatch.setattr(scheduler_module, "ingest_once", failing_round)

    waits = run_rounds(Scheduler(), monkeypatch)

    assert len(rounds) == ROUNDS
    assert waits == sorted(waits) and waits[0] >= 2 and waits[-1] == MAX_SLEEP_SECONDS


def test_the_analyst_thread_outlives_a_round_that_crashes(monkeypatch, settings):
    settings.NEWSDESK_ENTITIES = True
    scheduler = Scheduler()
    rounds = []

    def analyse_round():
        rounds.append(1)
        if len(rounds) == 3:
            scheduler.stop_event.set()
        raise RuntimeError("a bug in the analysis")

    monkeypatch.setattr(scheduler, "analyse_round", analyse_round)
    monkeypatch.setattr(scheduler_module, "ANALYST_IDLE_SECONDS", 0)
    thread = scheduler._start_analyst()
    thread.join(timeout=30)
    assert not thread.is_alive() and len(rounds) == 3
