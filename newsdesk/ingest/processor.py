"""Ingestion steps: the only code where pipeline stages meet the database.

1. ``poll_source``     fetch a source's feed (conditional GET), parse it, record new entries as pending
                       articles, and update the source's health.
2. ``prepare_article`` fetch an article page, extract it and summarise it; pure pipeline work, safe to run
                       on a worker thread, returns a ``PreparedArticle`` or raises ``PipelineError``.
3. ``store_article`` / ``record_article_failure``  persist step 2's outcome on the article row.

Every unit is idempotent: entries are keyed by canonical URL (unique), and an article row only moves
from pending to a final state, so running any step twice stores nothing twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsdesk.articles.models import Article, article_id_for, url_key_for
from newsdesk.pipeline.errors import Duplicate, ExtractError, PipelineError, RobotsForbidden
from newsdesk.pipeline.extract import ExtractConfig, ExtractedArticle, extract_article
from newsdesk.pipeline.feeds import FeedEntry, parse_feed
from newsdesk.pipeline.fetch import Fetcher
from newsdesk.pipeline.politeness import HostPolicy
from newsdesk.pipeline.robots import RobotsCache
from newsdesk.pipeline.summarise import Summary, SummaryConfig, summarise
from newsdesk.pipeline.urls import canonicalize
from newsdesk.sources.models import Source

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FAILURE_BACKOFF = timedelta(minutes=2)
MAX_SOURCE_BACKOFF = timedelta(hours=24)


@dataclass(frozen=True)
class PollOutcome:
    source_id: int
    new_articles: int = 0
    not_modified: bool = False
    error: PipelineError | None = None


def poll_source(source: Source, fetcher: Fetcher, *, now: datetime | None = None) -> PollOutcome:
    now = now or timezone.now()
    try:
        result = fetcher.get(source.url, accept="feed", etag=source.etag or None,
                             last_modified=source.last_modified or None)
        feed = None if result.not_modified else parse_feed(result.content, url=result.final_url,
                                                           headers=result.headers)
    except PipelineError as exc:
        _record_source_failure(source, exc, now)
        return PollOutcome(source.pk, error=exc)

    new = 0
    if feed is not None:
        new = store_entries(source, feed.entries, now=now)
        source.title = source.title or feed.title
        source.site_url = source.site_url or feed.site_url
        source.articles_found += new
        source.etag = result.etag or ""
        source.last_modified = result.last_modified or ""
        # A recovered ill-formed feed still works, but the operator should know it is broken.
        source.last_error_message = f"Feed recovered from errors: {feed.warning}" if feed.warning else ""
    else:
        source.last_error_message = ""
    source.health = Source.Health.OK
    source.last_error_reason = ""
    source.consecutive_failures = 0
    source.last_fetched_at = source.last_success_at = now
    source.next_fetch_at = now + timedelta(seconds=settings.NEWSDESK_POLL_INTERVAL)
    source.save()
    logger.info("polled source_id=%s new=%s not_modified=%s", source.pk, new, feed is None)
    return PollOutcome(source.pk, new_articles=new, not_modified=feed is None)


def _record_source_failure(source: Source, exc: PipelineError, now: datetime) -> None:
    source.health = Source.Health.FAILING
    source.last_fetched_at = now
    source.last_error_reason = exc.reason.value
    source.last_error_message = exc.message
    source.consecutive_failures += 1
    backoff = min(FAILURE_BACKOFF * 2 ** (source.consecutive_failures - 1), MAX_SOURCE_BACKOFF)
    retry_after = getattr(exc, "retry_after", None)
    if retry_after:
        backoff = max(backoff, timedelta(seconds=retry_after))
    source.next_fetch_at = now + backoff
    source.save()
    logger.warning("poll failed source_id=%s url=%s reason=%s: %s", source.pk, source.url, exc.reason, exc.message)


def store_entries(source: Source, entries: list[FeedEntry], *, now: datetime | None = None) -> int:
    """Record feed entries as pending articles; returns how many were new."""
    now = now or timezone.now()
    by_key: dict[str, Article] = {}
    for entry in entries:
        canonical = canonicalize(entry.url)
        key = url_key_for(canonical)
        if key in by_key:
            continue
        by_key[key] = Article(
            id=article_id_for(key), url_key=key, source=source, url=entry.url, canonical_url=canonical,
            title=entry.title[:500], author=entry.author[:300], published_at=entry.published,
            canonical_key=key, feed_summary=entry.summary, discovered_at=now, next_attempt_at=now,
        )
    with transaction.atomic():
        existing = set(Article.objects.filter(url_key__in=list(by_key)).values_list("url_key", flat=True))
        fresh = [article for key, article in by_key.items() if key not in existing]
        # ignore_conflicts: another process may have stored the same entry since the query above.
        Article.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(fresh)


@dataclass(frozen=True)
class PreparedArticle:
    final_url: str
    extracted: ExtractedArticle
    summary: Summary


def prepare_article(url: str, fetcher: Fetcher, *, robots: RobotsCache | None = None,
                    policy: HostPolicy | None = None, extract_config: ExtractConfig | None = None,
                    summary_config: SummaryConfig | None = None) -> PreparedArticle:
    if robots is not None:
        robots.check(url)
        delay = robots.crawl_delay(url)
        if policy is not None and delay > policy.min_interval:
            policy = replace(policy, min_interval=delay)
    result = fetcher.get(url, accept="page", policy=policy)
    page: bytes | str = result.content
    if result.charset:
        try:
            page = result.content.decode(result.charset, errors="replace")
        except LookupError:
            pass  # an unknown charset name: let the HTML parser sniff the encoding instead
    extracted = extract_article(page, url=result.final_url, config=extract_config)
    return PreparedArticle(result.final_url, extracted, summarise(extracted.text, summary_config))


def store_article(article: Article, prepared: PreparedArticle, *, now: datetime | None = None) -> Article | None:
    """Publish the prepared article; returns the stored copy instead when the page names one as canonical."""
    extracted = prepared.extracted
    if extracted.canonical_url:
        article.canonical_url = canonicalize(extracted.canonical_url)
    twin = (Article.objects.published().filter(canonical_key=url_key_for(article.canonical_url))
            .exclude(pk=article.pk).first())
    if twin is not None:
        # The same article reached us under another URL (syndication links, tracking redirects): store it once.
        record_article_failure(article, Duplicate(f"same article as {twin.pk} ({twin.canonical_url})"), now=now)
        return twin
    article.title = (extracted.title or article.title)[:500]
    article.author = (extracted.author or article.author)[:300]
    article.site_name = extracted.site_name[:300]
    article.language = extracted.language[:20]
    article.image_url = extracted.image_url[:2000]
    article.description = extracted.description
    article.text = extracted.text
    article.summary = prepared.summary.text
    article.summary_sentences = [{"text": s.text, "position": s.position} for s in prepared.summary.sentences]
    # The feed's timestamp is the outlet's own statement of when it published; the page's is a fallback.
    article.published_at = article.published_at or extracted.published
    article.fetched_at = now or timezone.now()
    article.status = Article.Status.READY
    article.error_reason = article.error_message = ""
    article.attempts += 1
    article.save()
    return None


def record_article_failure(article: Article, exc: PipelineError, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    article.attempts += 1
    article.error_reason = exc.reason.value
    article.error_message = exc.message
    if exc.transient and article.attempts < MAX_ATTEMPTS:
        delay = FAILURE_BACKOFF * 2 ** (article.attempts - 1)
        retry_after = getattr(exc, "retry_after", None)
        article.next_attempt_at = now + max(delay, timedelta(seconds=retry_after or 0))
    else:
        skipped = isinstance(exc, (ExtractError, Duplicate, RobotsForbidden))
        article.status = Article.Status.SKIPPED if skipped else Article.Status.FAILED
    article.save()
    logger.info("article not stored article_id=%s url=%s reason=%s transient=%s",
                article.pk, article.url, exc.reason, exc.transient)
