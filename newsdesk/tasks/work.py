"""What each task does, as plain functions of the database (the Celery wrappers are in ``tasks``).

Every step is idempotent: the state lives in the database, and the broker only says "do this now", so
a message delivered twice (a worker killed before it acknowledged, the scheduler re-enqueueing work whose
claim ran out) does the work at most once and stores it once:

- ``poll``     polling twice stores each entry once (the article's ``url_key`` is unique);
- ``process``  an article that is no longer pending is left alone; the outcome is written under a row
               lock, after re-reading the row, so two deliveries racing on one article store it once;
- ``file``     one filer at a time (the ``stories`` lease): the clusterer is an in-memory index, so filing
               is single-writer; it files what is unfiled, in publication order, then makes the story
               summaries still due (after commit, as the desk does for what it files).
- ``understand`` one analyst at a time (the ``entities`` lease): people, places and key facts of what is
               stored and not analysed yet (``newsdesk.entities``), as ``ingest --once`` does after its drain.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.ingest import isolation
from newsdesk.ingest.filing import STORY_WINDOW, StoryDesk
from newsdesk.ingest.polling import poll_source
from newsdesk.ingest.runner import Intake
from newsdesk.sources.models import Source
from newsdesk.stories.summarising import refresh_due
from newsdesk.tasks import leases

logger = logging.getLogger(__name__)

STORIES_LEASE = "stories"
ENTITIES_LEASE = "entities"

# One intake per worker process, shared by its task threads (the fetcher and robots cache are thread-safe,
# as in the embedded runner); one story desk per worker process, used under the stories lease.
_intake: Intake | None = None
_intake_lock = threading.Lock()
_desk: StoryDesk | None = None
_desk_generation = 0
_desk_lock = threading.Lock()
_holder = leases.holder_id()


def intake() -> Intake:
    global _intake
    with _intake_lock:
        if _intake is None:
            _intake = Intake()
        return _intake


def time_limit() -> timedelta:
    return timedelta(seconds=settings.NEWSDESK_TASK_TIME_LIMIT)


def poll(source_id: int) -> int:
    """Poll one source; returns how many new articles it listed."""
    source = Source.objects.polled().filter(pk=source_id).first()
    if source is None:
        return 0  # removed or paused since it was enqueued
    shared = intake()
    # No desk here: articles published straight from a feed are filed by ``file`` with everything else.
    return poll_source(source, shared.fetcher, feature_config=shared.feature_config).new_articles


def process(article_id: str) -> str:
    """Fetch, digest and store one pending article; returns what became of it."""
    article = Article.objects.select_related("source").filter(pk=article_id).first()
    if article is None or article.status != Article.Status.PENDING:
        return "done already"
    # Claim it for this run, so the scheduler does not hand it out again while we work on it.
    Article.objects.filter(pk=article.pk, status=Article.Status.PENDING).update(
        next_attempt_at=timezone.now() + time_limit()
    )
    result = intake().prepare(article)
    with transaction.atomic():
        current = Article.objects.select_for_update().filter(pk=article.pk).first()
        if current is None or current.status != Article.Status.PENDING:
            return "done already"  # another delivery of this article finished first
        current.source = article.source
        # Stored, or why not recorded, each in a savepoint of this transaction (``isolation``): never raises
        # for this article's sake, so a message is not delivered again and again for an article that crashes.
        return isolation.settle_article(current, result).outcome


def file_stories() -> int:
    """File every stored, unfiled article into stories, in publication order; returns how many there were.

    The desk of this process is reused only when nobody else held the lease since this process last did
    (the lease's generation is the one after ours); otherwise its indexes are stale and it is reloaded from
    the database, which files what is unfiled as part of loading."""
    global _desk, _desk_generation
    if intake().feature_config is None:
        return 0  # stories are off (NEWSDESK_STORIES=0)
    lease = leases.acquire(STORIES_LEASE, _holder, time_limit())
    if lease is None:
        return 0  # another worker is filing; the scheduler asks again if anything is left
    try:
        with _desk_lock:
            now = timezone.now()
            before = unfiled().count()
            if _desk is not None and lease.generation == _desk_generation + 1:
                _desk.sync(now).file_unfiled(now)
            else:
                _desk = StoryDesk().load(now)
            _desk_generation = lease.generation
            # Under the lease, so the sweep never summarises a story the desk is summarising.
            refresh_due()
            return before
    finally:
        leases.release(STORIES_LEASE, _holder)


def unfiled():
    """Stored articles waiting to be filed into a story (within the story window)."""
    return Article.objects.published().filter(
        story__isnull=True, features__isnull=False, fetched_at__gte=timezone.now() - STORY_WINDOW
    )


def understand() -> int:
    """Analyse the stored articles not analysed yet (entities, key facts); returns how many were waiting."""
    from newsdesk.entities.understand import pending, understand_after_ingest

    if not settings.NEWSDESK_ENTITIES:
        return 0
    lease = leases.acquire(ENTITIES_LEASE, _holder, time_limit())
    if lease is None:
        return 0  # another worker is at it (one analysis row per article: two would collide)
    try:
        waiting = pending().count()
        understand_after_ingest()
        return waiting
    finally:
        leases.release(ENTITIES_LEASE, _holder)
