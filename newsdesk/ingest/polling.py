"""Polling a source: fetch its feed or news sitemap, record new entries, schedule the next poll.

1. Fetch with a conditional GET (ETag / Last-Modified): an unchanged source costs a 304.
2. Parse: a feed with ``feeds.parse_feed``, a sitemap (or sitemap index) with ``sitemaps.parse_sitemap``.
3. Record each entry as a pending article, keyed by canonical URL (stored once however often listed).
   When the feed carries the full text and the source allows it, the article is published from the feed
   straight away and its page is never fetched.
4. Update the source's health, and schedule the next poll from how often it publishes (``schedule``), or
   back off after a failure.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsdesk.articles.models import Article, article_id_for, url_key_for
from newsdesk.ingest.processor import prepared_from_feed, store_article
from newsdesk.ingest.stories import StoryDesk
from newsdesk.pipeline.errors import PipelineError
from newsdesk.pipeline.features import FeatureConfig
from newsdesk.pipeline.feeds import FeedEntry, parse_feed
from newsdesk.pipeline.fetch import Fetcher
from newsdesk.pipeline.schedule import PollBounds, failure_backoff, next_poll_interval
from newsdesk.pipeline.sitemaps import parse_sitemap
from newsdesk.pipeline.urls import canonicalize
from newsdesk.sources.models import Source

logger = logging.getLogger(__name__)

SITEMAP_CHILDREN_PER_POLL = 5
SITEMAP_MAX_AGE = timedelta(days=3)  # news sitemaps list 2 days; older URLs in plain sitemaps are archive
SITEMAP_MAX_ENTRIES = 1000


@dataclass(frozen=True)
class PollOutcome:
    source_id: int
    new_articles: int = 0
    from_feed: int = 0  # of the new articles, those published from the feed's own full text
    not_modified: bool = False
    error: PipelineError | None = None


@dataclass(frozen=True)
class Listing:
    """What one poll found: entries, plus the source's own description of itself."""

    entries: list[FeedEntry]
    title: str = ""
    site_url: str = ""
    warning: str = ""


def poll_bounds() -> PollBounds:
    return PollBounds(initial=timedelta(seconds=settings.NEWSDESK_POLL_INTERVAL))


def poll_source(source: Source, fetcher: Fetcher, *, now: datetime | None = None,
                desk: StoryDesk | None = None, feature_config: FeatureConfig | None = None) -> PollOutcome:
    now = now or timezone.now()
    try:
        result = fetcher.get(source.url, accept="any" if source.kind == Source.Kind.SITEMAP else "feed",  # 1
                             etag=source.etag or None, last_modified=source.last_modified or None)
        listing = None
        if not result.not_modified:
            listing = (read_sitemap(result.content, result.final_url, fetcher, now)  # 2
                       if source.kind == Source.Kind.SITEMAP
                       else read_feed(result.content, result.final_url, result.headers))
    except PipelineError as exc:
        record_source_failure(source, exc, now)
        return PollOutcome(source.pk, error=exc)

    new = from_feed = 0
    if listing is not None:
        new, from_feed = store_entries(source, listing.entries, now=now, desk=desk,  # 3
                                       feature_config=feature_config)
        source.title = source.title or listing.title[:300]
        source.site_url = source.site_url or listing.site_url[:2000]
        source.articles_found += new
        source.etag = (result.etag or "")[:500]
        source.last_modified = (result.last_modified or "")[:100]
        # A recovered ill-formed feed still works, but the operator should know it is broken.
        source.last_error_message = f"Recovered from errors: {listing.warning}" if listing.warning else ""
    source.health = Source.Health.OK  # 4
    source.last_error_reason = ""
    source.consecutive_failures = 0
    source.last_fetched_at = source.last_success_at = now
    source.poll_interval = next_poll_interval(
        [e.published for e in listing.entries] if listing else [], previous=source.poll_interval,
        new_entries=new, bounds=poll_bounds())
    source.next_fetch_at = now + source.poll_interval
    source.save()
    logger.info("polled source_id=%s new=%s not_modified=%s next_in=%s", source.pk, new, listing is None,
                source.poll_interval)
    return PollOutcome(source.pk, new_articles=new, from_feed=from_feed, not_modified=listing is None)


def read_feed(content: bytes, url: str, headers) -> Listing:
    feed = parse_feed(content, url=url, headers=headers)
    return Listing(feed.entries, feed.title, feed.site_url, feed.warning)


def read_sitemap(content: bytes, url: str, fetcher: Fetcher, now: datetime) -> Listing:
    sitemap = parse_sitemap(content, url=url)
    entries, warnings = list(sitemap.entries), [sitemap.warning] if sitemap.warning else []
    publication = sitemap.publication
    # An index points at child sitemaps; news ones first, and only a few per poll.
    children = sorted(sitemap.sitemaps, key=lambda child: "news" not in child.lower())[:SITEMAP_CHILDREN_PER_POLL]
    for child in children:
        result = fetcher.get(child, accept="any")
        child_sitemap = parse_sitemap(result.content, url=result.final_url)
        entries.extend(child_sitemap.entries)
        publication = publication or child_sitemap.publication
        if child_sitemap.warning:
            warnings.append(child_sitemap.warning)
    recent = [e for e in entries if e.published is None or now - e.published <= SITEMAP_MAX_AGE]
    recent.sort(key=lambda e: e.published or now, reverse=True)
    return Listing(recent[:SITEMAP_MAX_ENTRIES], title=publication, warning="; ".join(warnings))


def record_source_failure(source: Source, exc: PipelineError, now: datetime) -> None:
    source.health = Source.Health.FAILING
    source.last_fetched_at = now
    source.last_error_reason = exc.reason.value
    source.last_error_message = exc.message
    source.consecutive_failures += 1
    source.next_fetch_at = now + failure_backoff(source.consecutive_failures,
                                                 retry_after=getattr(exc, "retry_after", None),
                                                 bounds=poll_bounds())
    source.save()
    logger.warning("poll failed source_id=%s url=%s reason=%s: %s", source.pk, source.url, exc.reason, exc.message)


def store_entries(source: Source, entries: list[FeedEntry], *, now: datetime | None = None,
                  desk: StoryDesk | None = None, feature_config: FeatureConfig | None = None) -> tuple[int, int]:
    """Record entries as pending articles, or publish them from the feed's full text where the source allows.

    Returns how many entries were new, and how many of those were published from the feed."""
    now = now or timezone.now()
    by_key: dict[str, tuple[Article, FeedEntry]] = {}
    for entry in entries:
        canonical = canonicalize(entry.url)
        key = url_key_for(canonical)
        if key in by_key:
            continue
        by_key[key] = (Article(
            id=article_id_for(key), url_key=key, source=source, url=entry.url, canonical_url=canonical,
            canonical_key=key, title=entry.title[:500], author=entry.author[:300], published_at=entry.published,
            feed_summary=entry.summary, discovered_at=now, next_attempt_at=now,
        ), entry)
    with transaction.atomic():
        existing = set(Article.objects.filter(url_key__in=list(by_key)).values_list("url_key", flat=True))
        fresh = [pair for key, pair in by_key.items() if key not in existing]
        # ignore_conflicts: another process may have stored the same entry since the query above.
        Article.objects.bulk_create([article for article, _ in fresh], ignore_conflicts=True)
    published = []
    for article, entry in fresh:
        prepared = prepared_from_feed(entry, source.content_mode, feature_config=feature_config)
        if prepared is not None and store_article(article, prepared, now=now) is None:
            published.append(article)
    if desk is not None:
        desk.file_all(published)
    return len(fresh), len(published)
