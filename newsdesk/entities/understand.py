"""The "understand" stage: analyse published articles that have no analysis yet, in batches.

It runs after each ingest batch drain (``ingest.runner``), hence in the background poller too, and on
demand as ``newsdesk understand``. State is in the database: an article is pending until its analysis row
exists, and that row is written with its mentions in one transaction, so a restart redoes only what was not
stored, and nothing is stored twice.

1. Take the oldest batch of published, unanalysed articles.
2. Run the pipeline's entities stage on them together (spaCy's ``nlp.pipe`` batches).
3. Store each article's entities, mentions and key facts (``store``); an article the pipeline fails on is
   recorded as failed with its reason, and the batch goes on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from newsdesk.articles.models import Article
from newsdesk.entities.models import ArticleAnalysis
from newsdesk.entities.store import store_failure, store_understanding
from newsdesk.pipeline.entities import ArticleText, EntityConfig, understand_each
from newsdesk.pipeline.errors import InternalError, PipelineError

logger = logging.getLogger(__name__)

BATCH_SIZE = 64
MIN_SLICE = 8  # smaller batches stay in this process: a worker's first use loads spaCy (seconds)
Progress = Callable[[str, int, int], None]
# Worker processes (``newsdesk understand --processes N``), asked for only when a batch is worth them.
PoolFactory = Callable[[], Executor | None]


@dataclass
class UnderstandReport:
    analysed: int = 0
    failed: int = 0
    seconds: float = 0.0

    def summary_line(self) -> str:
        rate = self.analysed / self.seconds if self.seconds else 0.0
        return (
            f"Analysed {self.analysed} article{'s' if self.analysed != 1 else ''} "
            f"({self.failed} failed) in {self.seconds:.1f}s ({rate:.1f}/s)."
        )


def entity_config() -> EntityConfig:
    return EntityConfig(max_chars=settings.NEWSDESK_ENTITIES_MAX_CHARS)


def pending():
    return (
        Article.objects.published()
        .filter(analysis__isnull=True)
        .only("id", "title", "text", "published_at", "fetched_at", "discovered_at")
        .order_by("discovered_at", "pk")
    )


def understand_pending(
    *,
    progress: Progress | None = None,
    limit: int | None = None,
    config: EntityConfig | None = None,
    pool: PoolFactory | None = None,
) -> UnderstandReport:
    """Analyse every published article not analysed yet (at most ``limit``). With ``pool`` (a factory of worker
    processes), a batch is split across the workers; results are stored here, from this thread."""
    started = time.monotonic()
    report = UnderstandReport()
    config = config or entity_config()
    total = pending().count() if limit is None else min(limit, pending().count())
    done = 0
    while done < total and (batch := list(pending()[: min(BATCH_SIZE, total - done)])):
        for article, outcome in zip(batch, _analyse_on(pool, batch, config)):
            if isinstance(outcome, PipelineError):
                _stored_failure(article, outcome)
                report.failed += 1
            elif not _stored(article, outcome):
                report.failed += 1
            else:
                report.analysed += 1
        done += len(batch)
        if progress:
            progress("entities", done, total)
    report.seconds = time.monotonic() - started
    return report


def _stored(article: Article, outcome) -> bool:
    """Store one article's analysis; a failure to store it (a bug, a row the database refuses) is recorded as
    that article's failed analysis, so it is not picked up again and the batch goes on. A failure to record
    even that is logged and left: the article stays pending, but the batch is not stopped by it."""
    try:
        with transaction.atomic():  # a savepoint: the half-written mentions go, the batch's connection stays usable
            store_understanding(article, outcome)
        return True
    except Exception as exc:  # the boundary: one article's analysis must not stop the others'
        logger.exception("entities store failed article_id=%s", article.pk)
        _stored_failure(article, InternalError.of(exc))
    return False


def _stored_failure(article: Article, error: PipelineError) -> None:
    try:
        with transaction.atomic():
            store_failure(article, error)
    except Exception:
        logger.exception("entities failure not recorded article_id=%s", article.pk)


def understand_after_ingest(progress: Progress | None = None, limit: int | None = None) -> int:
    """The stage after intake (``ingest --once``, the scheduler's analyst, the workers' task): analyse what
    was stored (at most ``limit``), if entities are on; never fail the caller for it. Returns how many
    articles it analysed or recorded as failed.

    In this process, not on ingest's worker processes: each process that analyses holds spaCy's model and
    the gazetteer (about 190 MB), and intake's memory goal is 1 GB for the whole tree (BENCHMARKS.md)."""
    if not settings.NEWSDESK_ENTITIES:
        return 0
    try:
        report = understand_pending(progress=progress, limit=limit)
        if report.analysed or report.failed:
            logger.info("entities: %s", report.summary_line())
        return report.analysed + report.failed
    except Exception:  # the articles are stored; their analysis is retried next round
        logger.exception("entities stage failed")
        return 0


def _analyse_on(pool: PoolFactory | None, batch: list[Article], config: EntityConfig) -> list:
    """Outcomes in batch order: here, or in slices on the pool's worker processes (each loads spaCy once, so
    a small batch stays here). Errors come back as values."""
    inputs = [_text(a) for a in batch]
    executor = pool() if pool is not None and len(batch) >= 2 * MIN_SLICE else None
    if executor is None:
        return _logged(batch, understand_each(inputs, config))
    workers = max(1, getattr(executor, "_max_workers", 2))
    size = max(MIN_SLICE, -(-len(batch) // workers))
    futures = [executor.submit(understand_each, inputs[i : i + size], config) for i in range(0, len(inputs), size)]
    return _logged(batch, [outcome for future in futures for outcome in future.result()])


def _logged(batch: list[Article], outcomes: list) -> list:
    for article, outcome in zip(batch, outcomes):
        if isinstance(outcome, PipelineError):
            logger.warning("entities failed article_id=%s: %s", article.pk, outcome)
    return outcomes


def _text(article: Article) -> ArticleText:
    return ArticleText(article.title, article.text, article.published_at or article.fetched_at)


def redo(articles=None) -> int:
    """Forget analyses (all, or these articles'), so the next run analyses them again."""
    from newsdesk.entities.models import Entity, Mention
    from newsdesk.entities.store import recount

    analyses = (
        ArticleAnalysis.objects.all() if articles is None else ArticleAnalysis.objects.filter(article__in=articles)
    )
    mentions = Mention.objects.filter(article__in=analyses.values("article"))
    entity_ids = list(mentions.values_list("entity", flat=True).distinct())
    mentions.delete()
    count, _ = analyses.delete()
    recount(entity_ids)
    Entity.objects.filter(pk__in=entity_ids, article_count=0, merged_into__isnull=True).delete()
    return count
