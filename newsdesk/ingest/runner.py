"""Run ingestion work in batches: poll sources, then fetch and store pending articles.

Pages are fetched and extracted on a thread pool (the slow, network-bound part); results are written
to the database from the calling thread only, so SQLite sees one writer per process. Politeness (requests
in flight and spacing per host) is enforced by the fetcher's HostLimiter, robots.txt by the RobotsCache.

A poll or a page that fails transiently (5xx, 429, a timeout, a reset) is recorded with its scheduled retry
as any failure is, and also offered to the run's ``RetryQueue`` (``pipeline.retry``): once the drain has
nothing left to do, the run waits for the earliest retry, does what is due through the same fetcher, and
drains again, until nothing is queued. Only what still fails is left for its scheduled retry.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.core import pipeline_config
from newsdesk.ingest import isolation
from newsdesk.ingest.filing import StoryDesk
from newsdesk.ingest.polling import PollOutcome, poll_source
from newsdesk.ingest.processor import prepare_article
from newsdesk.pipeline.digest import PreparedArticle
from newsdesk.pipeline.errors import PipelineError
from newsdesk.pipeline.fetch import Fetcher
from newsdesk.pipeline.politeness import HostLimiter
from newsdesk.pipeline.retry import RetryQueue
from newsdesk.pipeline.robots import RobotsCache
from newsdesk.pipeline.urls import domain_of
from newsdesk.sources.models import Source
from newsdesk.stories.summarising import refresh_due

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# A batch takes at most this many articles from one source, so it spans many hosts: politeness lets each
# host serve only a couple of requests a second, and a batch of one host's articles would crawl.
PER_SOURCE_IN_BATCH = 20

# What the run's retries hold: ("source", source id) or ("article", article id).
RetryKey = tuple[str, Any]
RunRetries = RetryQueue[RetryKey]

# A progress callback gets (stage, done, total); the CLI turns it into a progress bar.
Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    sources_polled: int = 0
    sources_failed: int = 0
    new_articles: int = 0
    outcomes: Counter = field(default_factory=Counter)  # from feed, stored, duplicate, skipped, failed, retry later
    retried: int = 0  # sources and pages tried again within the run
    recovered: int = 0  # of those, the ones that worked in the end
    still_failing: Counter = field(default_factory=Counter)  # reason -> transient failures left for later
    seconds: float = 0.0

    def summary_line(self) -> str:
        o = self.outcomes
        return (
            f"Polled {self.sources_polled} source{'s' if self.sources_polled != 1 else ''} "
            f"({self.sources_failed} failed), {self.new_articles} new article{'s' if self.new_articles != 1 else ''} "
            f"({o['from feed']} published from the feed's full text); "
            f"pages: {o['stored']} stored, {o['duplicate']} duplicate, {o['skipped']} skipped, {o['failed']} failed, "
            f"{o['retry later']} to retry later; {self.retried} retried in the run, {self.recovered} recovered"
            f"{self._still_failing()}; {self.seconds:.1f}s"
        )

    def _still_failing(self) -> str:
        if not self.still_failing:
            return ""
        reasons = ", ".join(f"{count} {reason}" for reason, count in self.still_failing.most_common())
        return f" (still failing: {reasons})"


class Intake:
    """The long-lived tools one ingestion process shares: the fetcher with its per-host limiter, and the
    robots.txt cache. Built from settings; close it when done."""

    def __init__(self, fetcher: Fetcher | None = None, *, processes: int | None = None) -> None:
        self.fetcher = fetcher or Fetcher(pipeline_config.fetch_config(), limiter=HostLimiter())
        self.processes = settings.NEWSDESK_EXTRACT_PROCESSES if processes is None else processes
        self._cpu_pool: ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        robots_config = pipeline_config.robots_config()
        self.robots = RobotsCache(self.fetcher, robots_config) if robots_config else None
        self.extract_config = pipeline_config.extract_config()
        self.summary_config = pipeline_config.summary_config()
        self.feature_config = pipeline_config.feature_config()
        self._desk: StoryDesk | None = None

    def prepare(self, article: Article) -> PreparedArticle | PipelineError:
        """Fetch, extract and summarise one article; errors come back as values (this runs on a worker), a
        bug in a library on a hostile page as an internal error (``isolation``)."""
        return isolation.contain(
            "preparing an article",
            lambda: prepare_article(
                article.url,
                self.fetcher,
                robots=self.robots,
                policy=pipeline_config.host_policy(article.source),
                extract_config=self.extract_config,
                summary_config=self.summary_config,
                feature_config=self.feature_config,
                cpu_pool=self.cpu_pool(),
            ),
            article_id=article.pk,
            url=article.url,
        )

    def cpu_pool(self) -> ProcessPoolExecutor | None:
        """Worker processes for extraction, started on first use (a feed with nothing new needs none)."""
        if self.processes <= 0:
            return None
        with self._pool_lock:
            if self._cpu_pool is None:
                # spawn, not fork: this process has threads and open database connections.
                self._cpu_pool = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"))
            return self._cpu_pool

    @property
    def desk(self) -> StoryDesk | None:
        """The story desk, loaded on first use and brought up to date with other processes' work after."""
        if self.feature_config is None:
            return None
        if self._desk is None:
            self._desk = StoryDesk().load()
        else:
            self._desk.sync()
        return self._desk

    def close(self) -> None:
        self.fetcher.close()
        if self._cpu_pool is not None:
            self._cpu_pool.shutdown(cancel_futures=True)

    def __enter__(self) -> Intake:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def poll_sources(
    sources: Iterable[Source],
    intake: Intake,
    report: IngestReport,
    progress: Progress | None = None,
    retries: RunRetries | None = None,
) -> None:
    sources = list(sources)
    for done, source in enumerate(sources, 1):
        report.sources_polled += 1
        poll_one(source, intake, report, retries)
        if progress:
            progress("feeds", done, len(sources))


def poll_one(source: Source, intake: Intake, report: IngestReport, retries: RunRetries | None) -> None:
    """Poll one source and count what came of it; a transient failure may go to the run's retries instead."""
    # No desk: articles published from a feed are filed with the fetched ones once the drain settles.
    outcome: PollOutcome = poll_source(source, intake.fetcher, feature_config=intake.feature_config)
    if not _settled(("source", source.pk), domain_of(source.url), outcome.error, report, retries):
        return  # counted once its retries settle
    report.sources_failed += outcome.error is not None
    report.new_articles += outcome.new_articles
    if outcome.from_feed:
        report.outcomes["from feed"] += outcome.from_feed


def _settled(
    key: RetryKey, host: str, error: PipelineError | None, report: IngestReport, retries: RunRetries | None
) -> bool:
    """Whether this outcome is final for the run (False: queued for a retry in it), noting it in the report."""
    if error is None or not error.transient:
        if retries is not None:
            retries.succeeded(host)  # the host answered
    elif retries is not None and retries.offer(key, host, error):
        return False
    if retries is not None and retries.retried(key):
        report.retried += 1
        report.recovered += error is None
    if error is not None and error.transient:
        report.still_failing[error.reason.value] += 1
    return True


def interleave_hosts(articles: list[Article]) -> list[Article]:
    """Round-robin over hosts, so workers are not all queued behind one host's politeness interval."""
    by_host: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_host[domain_of(article.url)].append(article)
    queues = list(by_host.values())
    ordered: list[Article] = []
    for round_ in range(max((len(q) for q in queues), default=0)):
        ordered.extend(q[round_] for q in queues if round_ < len(q))
    return ordered


def process_articles(
    articles: list[Article],
    intake: Intake,
    report: IngestReport,
    progress: Progress | None = None,
    *,
    file_stories: bool = True,
    retries: RunRetries | None = None,
) -> None:
    workers = settings.NEWSDESK_FETCH_WORKERS
    stored = []
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newsdesk-fetch") as pool:
        futures = {pool.submit(intake.prepare, article): article for article in interleave_hosts(articles)}
        for done, future in enumerate(as_completed(futures), 1):
            article, result = futures[future], future.result()
            settled = isolation.settle_article(article, result)  # stored, or why not: never raises
            # A failure to retry later is left to the run's retries first (it stays pending meanwhile).
            error = settled.error if settled.outcome == "retry later" else None
            if _settled(("article", article.pk), domain_of(article.url), error, report, retries):
                report.outcomes[settled.outcome] += 1
            if settled.outcome == "stored":
                stored.append(article)
            if progress:
                progress("articles", done, len(articles))
    # Filed after the batch, in publication order: the online clusterer sees coverage as it appeared,
    # whatever order the fetches finished in. (A crash before this leaves them unfiled; the desk files
    # unfiled articles when it next loads.)
    if file_stories and stored and (desk := intake.desk) is not None:
        desk.file_all(stored)


def ingest_once(
    *, all_sources: bool = True, progress: Progress | None = None, intake: Intake | None = None
) -> IngestReport:
    """Poll sources (every active one, or only those due), then drain the articles due now; what fails
    transiently is retried within the run (``drain``) before it is left for its scheduled retry."""
    started = time.monotonic()
    report = IngestReport()
    own_intake = intake is None
    intake = intake or Intake()
    try:
        sources = Source.objects.polled()
        if not all_sources:
            sources = sources.filter(next_fetch_at__lte=timezone.now())
        retries: RunRetries = RetryQueue(pipeline_config.retry_policy())
        poll_sources(sources, intake, report, progress, retries)
        drain(intake, report, progress, retries)
        # Filed once the drain has settled, all batches together in publication order: the same rule as
        # the workers' file_stories task (newsdesk.tasks), so one process and many file the same stories.
        stored = report.outcomes["stored"] + report.outcomes["from feed"]
        if stored and (desk := intake.desk) is not None:
            desk.file_unfiled(timezone.now())
        # Summaries still due (a process stopped between a commit and its summary): swept in the desk's own
        # thread, after its filing, so no summary is made twice at once.
        refresh_due()
    finally:
        if own_intake:
            intake.close()
    report.seconds = time.monotonic() - started
    return report


def drain(intake: Intake, report: IngestReport, progress: Progress | None, retries: RunRetries) -> None:
    """Process every due article; then, while retries are queued, wait for the earliest, do what is due
    (polls and pages), and process what that made due."""
    # Each processed article leaves the due set: it is stored, given up on, waits in the run's retries, or
    # is due again only after a backoff, so the inner loop ends; each retry is bounded, so the outer one does.
    total, done_before = Article.objects.due().count(), 0
    while True:
        while batch := next_batch(exclude=[pk for kind, pk in retries.keys() if kind == "article"]):
            process_articles(
                batch, intake, report, _offset(progress, done_before, total), file_stories=False, retries=retries
            )
            done_before += len(batch)
        if not retries:
            break
        retries.wait()  # the thread that waits has nothing else to do: the drain is done
        retry_due(retries.take_due(), intake, report, retries)
    for (kind, _pk), error in retries.abandoned:  # left with their failing host for the scheduled retry
        report.still_failing[error.reason.value] += 1
        if kind == "article":
            report.outcomes["retry later"] += 1
        else:
            report.sources_failed += 1


def retry_due(keys: list[RetryKey], intake: Intake, report: IngestReport, retries: RunRetries) -> None:
    """Poll again the sources, and fetch again the pages, whose retry is due, reloaded from the database
    (another process may have done them, or an editor paused their source, meanwhile)."""
    # One run's tries are one attempt (one failure) on the row, so retries within a run do not use up the
    # scheduled retries (``processor.MAX_ATTEMPTS``) nor steepen the source's backoff: the row's count, which
    # the failed try raised, is lowered before the try that follows it, and raised again by its outcome.
    source_ids = [pk for kind, pk in keys if kind == "source"]
    for source in Source.objects.polled().filter(pk__in=source_ids):
        source.consecutive_failures = max(0, source.consecutive_failures - 1)
        poll_one(source, intake, report, retries)
    article_ids = [pk for kind, pk in keys if kind == "article"]
    articles = list(
        Article.objects.filter(pk__in=article_ids, status=Article.Status.PENDING, source__is_active=True)
        .select_related("source")
        .order_by("discovered_at")
    )
    for article in articles:
        article.attempts = max(0, article.attempts - 1)
    if articles:
        process_articles(articles, intake, report, file_stories=False, retries=retries)


def _offset(progress: Progress | None, done_before: int, total: int) -> Progress | None:
    """One progress bar over all batches: a batch's counts shifted by the articles done before it."""
    if progress is None:
        return None
    return lambda stage, done, size: progress(stage, done_before + done, max(total, done_before + size))


def next_batch(exclude: Iterable[str] = ()) -> list[Article]:
    """Due articles (but those in ``exclude``), the oldest first, at most PER_SOURCE_IN_BATCH from each source."""
    rank = Window(RowNumber(), partition_by=F("source_id"), order_by=[F("discovered_at").asc(), F("pk").asc()])
    return list(
        Article.objects.due()
        .exclude(pk__in=list(exclude))
        .select_related("source")
        .annotate(rank_in_source=rank)
        .filter(rank_in_source__lte=PER_SOURCE_IN_BATCH)
        .order_by("rank_in_source", "discovered_at")[:BATCH_SIZE]
    )


def next_due_time():
    """When the next piece of work falls due, for the background scheduler's sleep."""
    candidates = [
        Source.objects.polled().order_by("next_fetch_at").values_list("next_fetch_at", flat=True).first(),
        Article.objects.filter(status=Article.Status.PENDING, source__is_active=True)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first(),
    ]
    return min((c for c in candidates if c is not None), default=None)
