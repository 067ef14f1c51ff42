"""The scheduler for workers: claims due work in the database and enqueues it as Celery tasks.

One round (``Dispatcher.run_round``):

1. Hold the ``scheduler`` lease (renewed every round): a second scheduler started by mistake stands by,
   and takes over within ``LEASE_TTL`` when the first one dies.
2. Forget in-flight work that finished (an article left *pending*, or took a failure; a source was polled).
3. Claim due sources and articles and enqueue them, keeping each host within its in-flight limit
   (``NEWSDESK_HOST_MAX_IN_FLIGHT``, or its source's own) counted over all workers. A claim pushes the
   row's next due time forward by the task time limit, in one transaction that re-reads the row as due
   (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite runs one writer at a time), so even two schedulers
   never enqueue one piece of work twice. A claim
   that runs out (its message lost with a restarted broker, its worker killed) makes the work due again, and
   it is enqueued again: the database, not the broker, is what guarantees nothing is lost.
4. File stories, once the work in flight has settled (nothing claimed, nothing due): filing then sees every
   article of the round, in publication order, and gives the stories one process would give. Under
   constant load it files anyway once an article has waited ``NEWSDESK_FILING_MAX_DELAY`` seconds.
5. Analyse entities (``newsdesk.entities``) of stored articles not analysed yet: no order to keep, so as
   soon as there are some, one worker at a time.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import F, Min, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.core import pipeline_config
from newsdesk.ingest.runner import interleave_hosts, next_due_time
from newsdesk.ingest.scheduler import BackgroundLoop, Scheduler
from newsdesk.pipeline.urls import domain_of
from newsdesk.sources.models import Source
from newsdesk.tasks import leases, work

logger = logging.getLogger(__name__)

SCHEDULER_LEASE = "scheduler"
LEASE_TTL = timedelta(seconds=30)
# Messages in flight at most: enough to keep many workers busy, few enough that the queue drains well
# within a claim, so claims rarely run out on work that is merely waiting in the queue.
MAX_IN_FLIGHT = 256
# How many due articles a round looks at, at most, and of one source at most.
CANDIDATES_PER_ROUND = 2000
CANDIDATES_PER_SOURCE = 50
BUSY_SLEEP_SECONDS = 0.5
IDLE_SLEEP_SECONDS = 5.0  # well under LEASE_TTL, so the lease is renewed in time
FILING_RETRY = timedelta(seconds=10)


@dataclass
class RoundReport:
    holding_lease: bool = False
    sources: int = 0
    articles: int = 0
    filing: bool = False
    understanding: bool = False


@dataclass
class Dispatcher:
    holder: str = field(default_factory=leases.holder_id)
    # article id -> (attempts when enqueued, its host); source id -> when enqueued
    articles_in_flight: dict[str, tuple[int, str]] = field(default_factory=dict)
    sources_in_flight: dict[int, datetime] = field(default_factory=dict)
    filing_asked_at: datetime | None = None
    understanding_asked_at: datetime | None = None

    def run_round(self, now: datetime | None = None) -> RoundReport:
        now = now or timezone.now()
        report = RoundReport()
        if leases.acquire(SCHEDULER_LEASE, self.holder, LEASE_TTL, now=now) is None:  # 1
            self.articles_in_flight.clear()
            self.sources_in_flight.clear()
            return report
        report.holding_lease = True
        self._forget_finished(now)  # 2
        report.sources = self._enqueue_sources(now)  # 3
        report.articles = self._enqueue_articles(now)
        report.filing = self._maybe_file_stories(now)  # 4
        report.understanding = self._maybe_understand(now)  # 5
        return report

    # 2
    def _forget_finished(self, now: datetime) -> None:
        if self.articles_in_flight:
            rows = Article.objects.filter(pk__in=list(self.articles_in_flight)).values_list(
                "pk", "status", "attempts", "next_attempt_at"
            )
            still = {
                str(pk): self.articles_in_flight[str(pk)]
                for pk, status, attempts, due in rows
                if status == Article.Status.PENDING and attempts == self.articles_in_flight[str(pk)][0] and due > now
            }  # a claim that ran out is due again: step 3 claims it afresh
            self.articles_in_flight = still
        if self.sources_in_flight:
            rows = Source.objects.filter(pk__in=list(self.sources_in_flight)).values_list(
                "pk", "last_fetched_at", "next_fetch_at"
            )
            self.sources_in_flight = {
                pk: self.sources_in_flight[pk]
                for pk, fetched, due in rows
                if (fetched is None or fetched < self.sources_in_flight[pk]) and due > now
            }

    # 3
    def _enqueue_sources(self, now: datetime) -> int:
        from newsdesk.tasks.tasks import poll_source

        claim_until = now + work.time_limit()
        with transaction.atomic():
            due = list(
                Source.objects.polled()
                .filter(next_fetch_at__lte=now)
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)
            )
            Source.objects.filter(pk__in=due).update(next_fetch_at=claim_until)
        for source_id in due:
            self.sources_in_flight[source_id] = now
            poll_source.delay(source_id)
        return len(due)

    def _enqueue_articles(self, now: datetime) -> int:
        from newsdesk.tasks.tasks import process_article

        room = MAX_IN_FLIGHT - len(self.articles_in_flight)
        if room <= 0:
            return 0
        chosen = self._within_host_limits(self._candidates(now), room)
        claim_until = now + work.time_limit()
        with transaction.atomic():
            claimed = set(
                Article.objects.due(now)
                .filter(pk__in=[a.pk for a in chosen])
                .select_for_update(skip_locked=True, of=("self",))
                .values_list("pk", flat=True)
            )
            Article.objects.filter(pk__in=claimed).update(next_attempt_at=claim_until)
        # Round-robin over hosts: consecutive messages go to different hosts, so the workers' threads do
        # not all queue behind one host.
        enqueued = [article for article in interleave_hosts(chosen) if article.pk in claimed]
        for article in enqueued:
            self.articles_in_flight[str(article.pk)] = (article.attempts, domain_of(article.url))
            process_article.delay(str(article.pk))
        return len(enqueued)

    @staticmethod
    def _candidates(now: datetime) -> list[Article]:
        """Due articles, the longest due first, at most a few of each source (a backlog on one outlet must not
        fill every round's look at the queue)."""
        rank = Window(RowNumber(), partition_by=F("source_id"), order_by=[F("next_attempt_at").asc(), F("pk").asc()])
        return list(
            Article.objects.due(now)
            .select_related("source")
            .annotate(rank_in_source=rank)
            .filter(rank_in_source__lte=CANDIDATES_PER_SOURCE)
            .order_by("next_attempt_at", "pk")[:CANDIDATES_PER_ROUND]
        )

    def _within_host_limits(self, candidates: list[Article], room: int) -> list[Article]:
        """The candidates that keep each host within its in-flight limit, counting what is in flight on every
        worker: each worker process keeps politeness for itself, so only here can the limit be kept for all."""
        busy = Counter(host for _, host in self.articles_in_flight.values())
        chosen = []
        for article in candidates:
            host = domain_of(article.url)
            if busy[host] < pipeline_config.host_policy(article.source).max_in_flight:
                busy[host] += 1
                chosen.append(article)
                if len(chosen) == room:
                    break
        return chosen

    # 4
    def _maybe_file_stories(self, now: datetime) -> bool:
        from newsdesk.tasks.tasks import file_stories

        if self.filing_asked_at is not None and now - self.filing_asked_at < FILING_RETRY:
            return False
        oldest = work.unfiled().aggregate(oldest=Min("fetched_at"))["oldest"]
        if oldest is None:
            return False
        settled = not self.articles_in_flight and not self.sources_in_flight and not self._anything_due(now)
        overdue = now - oldest >= timedelta(seconds=settings.NEWSDESK_FILING_MAX_DELAY)
        if not (settled or overdue) or leases.is_held(work.STORIES_LEASE, now=now):
            return False
        self.filing_asked_at = now
        file_stories.delay()
        return True

    # 5
    def _maybe_understand(self, now: datetime) -> bool:
        from newsdesk.entities.understand import pending
        from newsdesk.tasks.tasks import understand

        if not settings.NEWSDESK_ENTITIES:
            return False
        if self.understanding_asked_at is not None and now - self.understanding_asked_at < FILING_RETRY:
            return False  # at most one look every few seconds: the query joins every published article
        self.understanding_asked_at = now
        if leases.is_held(work.ENTITIES_LEASE, now=now) or not pending().exists():
            return False
        understand.delay()
        return True

    @staticmethod
    def _anything_due(now: datetime) -> bool:
        return Article.objects.due(now).exists() or Source.objects.polled().filter(next_fetch_at__lte=now).exists()

    def seconds_to_sleep(self, report: RoundReport) -> float:
        if self.articles_in_flight or self.sources_in_flight or report.filing:
            return BUSY_SLEEP_SECONDS
        due = next_due_time()
        if due is None:
            return IDLE_SLEEP_SECONDS
        return max(BUSY_SLEEP_SECONDS, min(IDLE_SLEEP_SECONDS, (due - timezone.now()).total_seconds()))

    def release(self) -> None:
        leases.release(SCHEDULER_LEASE, self.holder)


class BrokerScheduler(BackgroundLoop):
    """Runs the dispatcher's rounds until stopped: on a thread of ``newsdesk run``, or in the foreground of
    ``newsdesk scheduler``. Same interface as the in-process ``newsdesk.ingest.scheduler.Scheduler``."""

    def __init__(self) -> None:
        super().__init__()
        self.dispatcher = Dispatcher()

    def run_forever(self) -> None:
        try:
            while not self.stop_event.is_set():
                report = RoundReport(holding_lease=True)
                try:
                    report = self.dispatcher.run_round()
                    if report.sources or report.articles or report.filing or report.understanding:
                        logger.info(
                            "enqueued sources=%s articles=%s filing=%s understanding=%s",
                            report.sources,
                            report.articles,
                            report.filing,
                            report.understanding,
                        )
                except Exception:  # a broker or database hiccup: claims run out and the work comes back
                    logger.exception("scheduling round failed")
                finally:
                    close_old_connections()
                self.stop_event.wait(self.dispatcher.seconds_to_sleep(report))
        except KeyboardInterrupt:
            pass
        finally:
            try:
                self.dispatcher.release()
            except Exception:
                logger.exception("could not release the scheduler lease; it runs out in %s", LEASE_TTL)


def scheduler_for_settings():
    """The broker scheduler when ``NEWSDESK_BROKER_URL`` is set, else the in-process one."""
    if settings.NEWSDESK_BROKER_URL:
        return BrokerScheduler()
    return Scheduler()
