"""The one boundary of ingestion: every source poll, feed entry and article passes through it and fails alone.

Feeds and pages are written by strangers, and the libraries reading them (and our own code) have bugs. So
whatever goes wrong with one item is turned into a value, recorded on that item's row, and the work moves
on to the next item:

    as_error(exc, what, **keys)   any exception as a PipelineError: one raised on purpose keeps its reason;
                                  anything else is an ``InternalError`` (reason internal_error, the
                                  exception's class leading the message), logged once with its traceback
                                  under stable keys (``source_id=``, ``article_id=``, ``url=``)
    contain(what, work, **keys)   ``work()``'s value, or the PipelineError it failed with

Who records what (each with backoff, so no loop picks the same item up again at once):

- a source's poll: ``polling.poll_source`` → ``polling.record_source_failure`` (health failing, reason and
  message, next poll after ``failure_backoff`` of its consecutive failures);
- a feed entry: ``polling.store_entries`` keeps the feed's other entries and notes the skipped ones on the
  source's message;
- an article: ``settle_article`` stores it, or records why not (``processor.record_article_failure``:
  retried later if transient, else given up). If even that write fails, ``push_back_article`` makes the
  smallest write that still moves the article's next attempt forward.

Messages are made storable (``errors.readable``, which ``InternalError.of`` applies): a lone surrogate or a
NUL from a hostile URL must not make the write of the failure fail in turn.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TypeVar

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.ingest.processor import MAX_ATTEMPTS, record_article_failure, store_article
from newsdesk.pipeline.digest import PreparedArticle
from newsdesk.pipeline.errors import InternalError, PipelineError, Reason, readable
from newsdesk.pipeline.schedule import ARTICLE_RETRY_BOUNDS, failure_backoff

logger = logging.getLogger(__name__)

T = TypeVar("T")


def as_error(exc: BaseException, what: str, *, quiet: bool = False, **keys: object) -> PipelineError:
    """The PipelineError ``exc`` amounts to. A bug (anything not raised on purpose) is logged here, once,
    with its traceback; ``quiet`` for the second and later bugs of one batch (a feed of 500 bad entries),
    which are logged in a line each, without it."""
    if isinstance(exc, PipelineError):
        return exc
    pairs = " ".join(f"{name}=%s" for name in keys)
    values = [readable(value, 300) for value in keys.values()]
    if quiet:
        logger.warning(f"internal error in {what} {pairs}: %s", *values, readable(repr(exc), 300))
    else:
        logger.error(f"internal error in {what} {pairs}", *values, exc_info=exc)
    return InternalError.of(exc, url=str(keys["url"]) if keys.get("url") is not None else None)


def contain(what: str, work: Callable[[], T], *, quiet: bool = False, **keys: object) -> T | PipelineError:
    """Run ``work``; its value, or the error it failed with as a value (``as_error``)."""
    try:
        return work()
    except Exception as exc:  # the boundary: nothing an item does may escape to stop the others
        return as_error(exc, what, quiet=quiet, **keys)


@dataclass(frozen=True)
class Settled:
    """What became of an article: ``stored``, ``duplicate``, ``retry later``, ``skipped`` or ``failed``."""

    outcome: str
    twin: Article | None = None  # for a duplicate: the stored copy
    error: PipelineError | None = None


def settle_article(
    article: Article, result: PreparedArticle | PipelineError, *, now: datetime | None = None
) -> Settled:
    """Store a prepared article, or record why not; never raises for one article's sake.

    Each write runs in its own savepoint, so a failed one leaves an enclosing transaction (the workers'
    row lock) usable for recording the failure."""
    keys = dict(article_id=article.pk, url=article.url)
    attempts = article.attempts
    if not isinstance(result, PipelineError):
        twin = contain("storing an article", partial(_atomic, store_article, article, result, now=now), **keys)
        if not isinstance(twin, PipelineError):
            return Settled("duplicate", twin) if twin is not None else Settled("stored")
        # The failed store may have half-filled the row in memory (a status, a body): start again from the
        # database's copy, so that recording the failure does not save those.
        result = twin
        recorded = contain("recording an article's failure", article.refresh_from_db, **keys)
        if isinstance(recorded, PipelineError):
            push_back_article(article, attempts, now=now)
            return Settled("retry later", error=result)
    recorded = contain(
        "recording an article's failure", partial(_atomic, record_article_failure, article, result, now=now), **keys
    )
    if isinstance(recorded, PipelineError):
        push_back_article(article, attempts, now=now)
        return Settled("retry later", error=result)
    return Settled("retry later" if article.status == Article.Status.PENDING else article.status, error=result)


def push_back_article(article: Article, attempts: int, *, now: datetime | None = None) -> None:
    """The smallest write that still moves an article on (``attempts`` made before this one): one more
    attempt, the next one after a backoff, given up at the last. Used when recording the failure failed."""
    now = now or timezone.now()
    attempts += 1
    status = Article.Status.PENDING if attempts < MAX_ATTEMPTS else Article.Status.FAILED
    Article.objects.filter(pk=article.pk, status=Article.Status.PENDING).update(
        attempts=F("attempts") + 1,
        status=status,
        error_reason=Reason.INTERNAL_ERROR.value,
        next_attempt_at=now + failure_backoff(attempts, bounds=ARTICLE_RETRY_BOUNDS),
    )


def _atomic(function: Callable[..., T], *args, **kwargs) -> T:
    with transaction.atomic():
        return function(*args, **kwargs)
