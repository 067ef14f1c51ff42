"""The scheduler for workers, against a real Redis: due work is claimed in the database and enqueued once,
even with two schedulers; work whose message was lost comes back when its claim runs out."""

import json
from datetime import timedelta

import pytest
import redis
from django.utils import timezone

from newsdesk.articles.models import Article, article_id_for
from newsdesk.sources.models import Source
from newsdesk.tasks import work
from newsdesk.tasks.celery_app import QUEUE
from newsdesk.tasks.dispatch import LEASE_TTL, Dispatcher

pytestmark = pytest.mark.django_db


def queued(broker) -> list[tuple[str, str]]:
    """(task name, its argument) of every message waiting in the queue."""
    messages = redis.Redis.from_url(broker.url).lrange(QUEUE, 0, -1)
    return [(m["headers"]["task"], m["headers"]["argsrepr"]) for m in map(json.loads, messages)]


def make_pending(source, count, now, host="127.0.0.1"):
    return [
        Article.objects.create(
            id=article_id_for(f"{source.pk}/{host}/{i}"),
            url_key=f"{source.pk}/{host}/{i}",
            source=source,
            url=f"http://{host}:9/{source.pk}-{i}.html",
            next_attempt_at=now - timedelta(minutes=1),
        )
        for i in range(count)
    ]


@pytest.fixture
def pending(now):
    """Five due articles, each on a host of its own (so no host's in-flight limit holds any back)."""
    source = Source.objects.create(url="http://127.0.0.1:9/feed.xml", next_fetch_at=now + timedelta(hours=1))
    return [article for i in range(5) for article in make_pending(source, 1, now, host=f"127.0.0.{i + 2}")]


def test_two_schedulers_enqueue_each_due_article_once(broker, pending, now):
    first, second = Dispatcher(holder="first"), Dispatcher(holder="second")
    assert first.run_round(now).articles == 5
    report = second.run_round(now + timedelta(seconds=1))
    assert not report.holding_lease and report.articles == 0
    assert first.run_round(now + timedelta(seconds=2)).articles == 0  # claimed: not handed out again
    messages = queued(broker)
    assert sorted(messages) == sorted(("newsdesk.process_article", repr((str(a.pk),))) for a in pending)


def test_a_due_source_is_enqueued_once_and_claimed(broker, now):
    source = Source.objects.create(url="http://127.0.0.1:9/feed.xml", next_fetch_at=now - timedelta(seconds=1))
    dispatcher = Dispatcher(holder="only")
    assert dispatcher.run_round(now).sources == 1
    assert dispatcher.run_round(now + timedelta(seconds=1)).sources == 0
    source.refresh_from_db()
    assert source.next_fetch_at == now + work.time_limit()
    assert queued(broker) == [("newsdesk.poll_source", repr((source.pk,)))]


def test_work_lost_with_the_broker_is_enqueued_again_when_its_claim_runs_out(broker, pending, now):
    first = Dispatcher(holder="first")
    first.run_round(now)
    broker.restart()  # Redis without persistence: the five messages are gone
    assert queued(broker) == []
    # The first scheduler died too; the standby takes over once the lease runs out, and the work once the
    # claims run out.
    standby = Dispatcher(holder="standby")
    assert standby.run_round(now + LEASE_TTL + timedelta(seconds=1)).articles == 0
    later = now + work.time_limit() + timedelta(seconds=1)
    assert standby.run_round(later).articles == 5
    assert len(queued(broker)) == 5


def test_stories_are_filed_once_the_work_in_flight_has_settled(broker, pending, now, settings):
    settings.NEWSDESK_FILING_MAX_DELAY = 3600
    dispatcher = Dispatcher(holder="only")
    dispatcher.run_round(now)
    stored = pending[0]
    Article.objects.filter(pk=stored.pk).update(
        status=Article.Status.READY, attempts=1, features={"x": 1}, fetched_at=timezone.now()
    )
    report = dispatcher.run_round(now + timedelta(seconds=1))
    assert not report.filing  # four articles still in flight: filing now would file out of order
    Article.objects.filter(pk__in=[a.pk for a in pending[1:]]).update(status=Article.Status.SKIPPED, attempts=1)
    assert dispatcher.run_round(now + timedelta(seconds=2)).filing
    assert ("newsdesk.file_stories", "()") in queued(broker)


def test_filing_does_not_wait_past_the_longest_delay_under_constant_load(broker, pending, now, settings):
    settings.NEWSDESK_FILING_MAX_DELAY = 60
    dispatcher = Dispatcher(holder="only")
    dispatcher.run_round(now)
    Article.objects.filter(pk=pending[0].pk).update(
        status=Article.Status.READY, attempts=1, features={"x": 1}, fetched_at=timezone.now() - timedelta(minutes=2)
    )
    assert dispatcher.run_round(now + timedelta(seconds=1)).filing


def test_a_host_gets_no_more_articles_in_flight_than_its_limit_across_all_workers(broker, now, settings):
    settings.NEWSDESK_HOST_MAX_IN_FLIGHT = 2
    later = now + timedelta(hours=1)
    make_pending(
        Source.objects.create(url="http://busy.example/feed.xml", next_fetch_at=later), 6, now, host="busy.example"
    )
    make_pending(
        Source.objects.create(url="http://busy.example/other.xml", next_fetch_at=later), 3, now, host="busy.example"
    )  # a second feed of the same host shares its limit
    patient = Source.objects.create(url="http://slow.example/feed.xml", next_fetch_at=later, max_in_flight=1)
    make_pending(patient, 3, now, host="slow.example")
    dispatcher = Dispatcher(holder="only")
    assert dispatcher.run_round(now).articles == 3  # two for busy.example, one for slow.example (its own limit)
    assert dispatcher.run_round(now + timedelta(seconds=1)).articles == 0
    done = next(pk for pk, (_, host) in dispatcher.articles_in_flight.items() if host == "busy.example")
    Article.objects.filter(pk=done).update(status=Article.Status.READY, attempts=1)
    assert dispatcher.run_round(now + timedelta(seconds=2)).articles == 1  # one finished, one more may go
    enqueued = [args for task, args in queued(broker) if task == "newsdesk.process_article"]
    assert len(enqueued) == len(set(enqueued)) == 4


def test_stored_articles_not_analysed_yet_are_handed_to_one_worker_for_entities(broker, pending, now, settings):
    settings.NEWSDESK_ENTITIES = True
    dispatcher = Dispatcher(holder="only")
    assert not dispatcher.run_round(now).understanding  # nothing stored yet
    Article.objects.filter(pk=pending[0].pk).update(status=Article.Status.READY, attempts=1, fetched_at=now)
    assert dispatcher.run_round(now + timedelta(seconds=11)).understanding
    assert not dispatcher.run_round(now + timedelta(seconds=12)).understanding  # asked a moment ago
    assert [task for task, _ in queued(broker)].count("newsdesk.understand") == 1
