"""Run ingestion work in batches: poll sources, then fetch and store pending articles.

Pages are fetched and extracted on a thread pool (the slow, network-bound part); results are written
to the database from the calling thread only, so SQLite sees one writer per process. Politeness (requests
in flight and spacing per host) is enforced by the fetcher's HostLimiter, robots.txt by the RobotsCache.
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
from newsdesk.pipeline.robots import RobotsCache
from newsdesk.pipeline.urls import domain_of
from newsdesk.sources.models import Source
from newsdesk.stories.summarising import refresh_due

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# A batch takes at most this many articles from one source, so it spans many hosts: politeness lets each
# host serve only a couple of requests a second, and a batch of one host's articles would crawl.
PER_SOURCE_IN_BATCH = 20

# A progress callback gets (stage, done, total); the CLI turns it into a progress bar.
Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    sources_polled: int = 0
    sources_failed: int = 0
    new_articles: int = 0
    outcomes: Counter = field(default_factory=Counter)  # from feed, stored, duplicate, skipped, failed, retry later
    seconds: float = 0.0

    def summary_line(self) -> str:
        o = self.outcomes
        return (
            f"Polled {self.sources_polled} source{'s' if self.sources_polled != 1 else ''} "
            f"({self.sources_failed} failed), {self.new_articles} new article{'s' if self.new_articles != 1 else ''} "
            f"({o['from feed']} published from the feed's full text); "
            f"pages: {o['stored']} stored, {o['duplicate']} duplicate, {o['skipped']} skipped, {o['failed']} failed, "
            f"{o['retry later']} to retry later; {self.seconds:.1f}s"
        )


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
    sources: Iterable[Source], intake: Intake, report: IngestReport, progress: Progress | None = None
) -> None:
    sources = list(sources)
    for done, source in enumerate(sources, 1):
        # No desk: articles published from a feed are filed with the fetched ones once the drain settles.
        outcome: PollOutcome = poll_source(source, intake.fetcher, feature_config=intake.feature_config)
        report.sources_polled += 1
        report.sources_failed += outcome.error is not None
        report.new_articles += outcome.new_articles
        if outcome.from_feed:
            report.outcomes["from feed"] += outcome.from_feed
        if progress:
            progress("feeds", done, len(sources))


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
) -> None:
    workers = settings.NEWSDESK_FETCH_WORKERS
    stored = []
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newsdesk-fetch") as pool:
        futures = {pool.submit(intake.prepare, article): article for article in interleave_hosts(articles)}
        for done, future in enumerate(as_completed(futures), 1):
            article, result = futures[future], future.result()
            settled = isolation.settle_article(article, result)  # stored, or why not: never raises
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
    """Poll sources (every active one, or only those due), then drain the articles due now."""
    started = time.monotonic()
    report = IngestReport()
    own_intake = intake is None
    intake = intake or Intake()
    try:
        sources = Source.objects.polled()
        if not all_sources:
            sources = sources.filter(next_fetch_at__lte=timezone.now())
        poll_sources(sources, intake, report, progress)
        # Each processed article leaves the due set: it is stored, given up on, or due again only
        # after a backoff, so this loop ends.
        total, done_before = Article.objects.due().count(), 0
        while batch := next_batch():
            process_articles(batch, intake, report, _offset(progress, done_before, total), file_stories=False)
            done_before += len(batch)
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


def _offset(progress: Progress | None, done_before: int, total: int) -> Progress | None:
    """One progress bar over all batches: a batch's counts shifted by the articles done before it."""
    if progress is None:
        return None
    return lambda stage, done, size: progress(stage, done_before + done, max(total, done_before + size))


def next_batch() -> list[Article]:
    """Due articles, the oldest first, at most PER_SOURCE_IN_BATCH from each source."""
    rank = Window(RowNumber(), partition_by=F("source_id"), order_by=[F("discovered_at").asc(), F("pk").asc()])
    return list(
        Article.objects.due()
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
