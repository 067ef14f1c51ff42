"""Polling a source: fetch its feed or news sitemap, record new entries, schedule the next poll.

1. Fetch with a conditional GET (ETag / Last-Modified), accepting a feed or a sitemap: an unchanged source
   costs a 304.
2. Recognise what came back (``served.recognise``), whatever the source was added as, and parse it as that:
   a feed with ``feeds.parse_feed``, a sitemap (news, plain or index) with ``sitemap_reader.parse_sitemap``.
   A feed gives at most ``NEWSDESK_FEED_MAX_ENTRIES`` entries a poll, the newest (``newest``); a sitemap its
   URLs of the last ``SITEMAP_MAX_AGE``, an index those of a few children per poll.
3. Record each entry as a pending article, keyed by canonical URL (stored once however often listed).
   When the feed carries the full text and the source allows it, the article is published from the feed
   straight away and its page is never fetched.
4. Update the source's health and what it serves (its kind corrected when it serves the other kind), and
   schedule the next poll from how often it publishes (``schedule``), or back off after a failure.

The poll and each entry run inside the ingestion boundary (``isolation``): any exception fails the poll
(``record_source_failure``, with backoff) or only its entry (noted on the source's message), never the desk.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsdesk.articles.models import Article, article_id_for, url_key_for
from newsdesk.ingest import isolation
from newsdesk.ingest.filing import StoryDesk
from newsdesk.ingest.processor import prepared_from_feed, store_article
from newsdesk.pipeline.errors import PipelineError, readable
from newsdesk.pipeline.features import FeatureConfig
from newsdesk.pipeline.feeds import FeedEntry, ParsedFeed, feed_from_document, parse_feed, read_feed_document
from newsdesk.pipeline.fetch import Fetcher
from newsdesk.pipeline.fetch import budget as fetch_budget
from newsdesk.pipeline.schedule import PollBounds, failure_backoff, next_poll_interval
from newsdesk.pipeline.served import ServedFormat, recognise
from newsdesk.pipeline.sitemap_reader import parse_sitemap
from newsdesk.pipeline.urls import canonicalize
from newsdesk.sources.models import Source

logger = logging.getLogger(__name__)

SITEMAP_CHILDREN_PER_POLL = 5
SITEMAP_MAX_AGE = timedelta(days=3)  # news sitemaps list 2 days; older URLs in plain sitemaps are archive
SITEMAP_MAX_ENTRIES = 1000
# One poll's requests together (a sitemap index and its children) end within this many requests' deadlines.
POLL_BUDGET_REQUESTS = 2
UNDATED = datetime.min.replace(tzinfo=UTC)


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
    listed: int = 0  # entries the source listed, when more than it gave us (``newest``)
    skipped: list[PipelineError] = field(default_factory=list)  # entries that could not be read


@dataclass(frozen=True)
class Stored:
    """What ``store_entries`` did: new articles, those of them published from the feed, entries skipped."""

    new: int = 0
    from_feed: int = 0
    skipped: list[PipelineError] = field(default_factory=list)


def poll_bounds() -> PollBounds:
    return PollBounds(initial=timedelta(seconds=settings.NEWSDESK_POLL_INTERVAL))


def poll_source(
    source: Source,
    fetcher: Fetcher,
    *,
    now: datetime | None = None,
    desk: StoryDesk | None = None,
    feature_config: FeatureConfig | None = None,
) -> PollOutcome:
    """Poll once; whatever goes wrong (a typed error or a bug) is recorded on the source, never raised."""
    now = now or timezone.now()
    try:
        return _poll(source, fetcher, now, desk, feature_config)
    except Exception as exc:  # the boundary of one poll (isolation): this source fails, the desk goes on
        error = isolation.as_error(exc, "polling a source", source_id=source.pk, url=source.url)
        record_source_failure(source, error, now)
        return PollOutcome(source.pk, error=error)


def _poll(
    source: Source, fetcher: Fetcher, now: datetime, desk: StoryDesk | None, feature_config: FeatureConfig | None
) -> PollOutcome:
    # A sitemap index and its children are several requests: together they get twice one request's time.
    with fetch_budget(POLL_BUDGET_REQUESTS * fetcher.config.total_timeout, "this poll"):
        result = fetcher.get(
            source.url,
            accept="source",  # 1
            etag=source.etag or None,
            last_modified=source.last_modified or None,
        )
        listing, served = None, None
        if not result.not_modified:
            served = recognise(result.content, content_type=result.content_type, url=result.final_url)  # 2
            listing = (
                read_sitemap(result.content, result.final_url, fetcher, now)
                if served.is_sitemap
                else read_feed(result.content, result.final_url, result.headers)
            )

    new = from_feed = 0
    if listing is not None and served is not None:
        stored = store_entries(source, listing.entries, now=now, desk=desk, feature_config=feature_config)  # 3
        new, from_feed = stored.new, stored.from_feed
        source.title = source.title or listing.title[:300]
        source.site_url = source.site_url or listing.site_url[:2000]
        source.articles_found += new
        source.etag = (result.etag or "")[:500]
        source.last_modified = (result.last_modified or "")[:100]
        corrected = correct_kind(source, served)  # 4
        # The poll worked, but the operator should know what it left out, recovered from or corrected.
        source.last_error_message = readable("; ".join([*corrected, *poll_notes(listing, stored)]))
    source.health = Source.Health.OK  # 4
    source.last_error_reason = ""
    source.consecutive_failures = 0
    source.last_fetched_at = source.last_success_at = now
    source.poll_interval = next_poll_interval(
        [e.published for e in listing.entries] if listing else [],
        previous=source.poll_interval,
        new_entries=new,
        bounds=poll_bounds(),
    )
    source.next_fetch_at = now + source.poll_interval
    source.save()
    logger.info(
        "polled source_id=%s new=%s not_modified=%s next_in=%s", source.pk, new, listing is None, source.poll_interval
    )
    return PollOutcome(source.pk, new_articles=new, from_feed=from_feed, not_modified=listing is None)


def correct_kind(source: Source, served: ServedFormat) -> list[str]:
    """Record what the source serves; when it serves the other kind (a sitemap listed in an OPML file as a
    feed), correct its kind and return a note saying so, else no note."""
    source.served_format = served.value
    kind = Source.kind_serving(served)
    if source.kind == kind:
        return []
    note = f"added as a {source.kind} but serves {_article(served.label)}: kind corrected to {kind}"
    logger.info("source kind corrected source_id=%s url=%s from=%s to=%s", source.pk, source.url, source.kind, kind)
    source.kind = kind
    return [note]


def _article(label: str) -> str:
    return f"an {label}" if label[0].lower() in "aeiou" else f"a {label}"


def poll_notes(listing: Listing, stored: Stored) -> list[str]:
    notes = [f"Recovered from errors: {listing.warning}"] if listing.warning else []
    if listing.listed > len(listing.entries):
        notes.append(f"took {len(listing.entries):,} of {listing.listed:,} entries (NEWSDESK_FEED_MAX_ENTRIES)")
    skipped = listing.skipped + stored.skipped
    if skipped:
        listed = max(listing.listed, len(listing.entries)) + len(listing.skipped)
        notes.append(f"skipped {len(skipped)} of {listed} entries, the first: {skipped[0]}")
    return notes


def read_feed(content: bytes, url: str, headers) -> Listing:
    skipped: list[PipelineError] = []
    try:
        feed = parse_feed(content, url=url, headers=headers)
    except PipelineError:
        raise
    except Exception as exc:  # a bug on one entry must not cost the feed's other entries
        feed = read_entry_by_entry(content, url, headers, exc, skipped)
    entries = newest(feed.entries, settings.NEWSDESK_FEED_MAX_ENTRIES)
    return Listing(entries, feed.title, feed.site_url, feed.warning, listed=len(feed.entries), skipped=skipped)


def read_entry_by_entry(
    content: bytes, url: str, headers, failure: Exception, skipped: list[PipelineError]
) -> ParsedFeed:
    """``parse_feed`` failed unexpectedly: type each entry of the document alone, so that one entry the
    parser cannot read is that entry's failure only. Raises ``failure`` when the feed itself is unreadable."""
    document = read_feed_document(content, url=url, headers=headers)
    entries: list[FeedEntry] = []
    for raw in document.get("entries") or []:
        typed = isolation.contain(
            "reading a feed entry",
            partial(feed_from_document, {**document, "entries": [raw]}, url=url),
            quiet=bool(skipped),
            url=url,
        )
        if isinstance(typed, PipelineError):
            skipped.append(typed)
        else:
            entries.extend(entry for entry in typed.entries if entry.url)
    if not entries and skipped:
        raise failure
    return replace(feed_from_document({**document, "entries": []}, url=url), entries=entries)


def newest(entries: list[FeedEntry], limit: int) -> list[FeedEntry]:
    """At most ``limit`` entries: the newest by publication date when the feed dates them (undated ones
    last), else the first in the document's order (feeds list the newest first)."""
    if len(entries) <= limit:
        return entries
    if not any(entry.published for entry in entries):
        return entries[:limit]
    return sorted(entries, key=lambda entry: entry.published or UNDATED, reverse=True)[:limit]


def read_sitemap(content: bytes, url: str, fetcher: Fetcher, now: datetime) -> Listing:
    sitemap = parse_sitemap(content, url=url)
    entries, warnings = list(sitemap.entries), [sitemap.warning] if sitemap.warning else []
    publication = sitemap.publication
    # An index points at child sitemaps; news ones first, and only a few per poll.
    children = sorted(sitemap.sitemaps, key=lambda child: "news" not in child.lower())[:SITEMAP_CHILDREN_PER_POLL]
    failed: list[PipelineError] = []
    for child in children:
        # Each child fails alone: the others' entries are still taken, and the failure noted on the source.
        child_sitemap = isolation.contain("reading a child sitemap", partial(_read_child, child, fetcher), url=child)
        if isinstance(child_sitemap, PipelineError):
            failed.append(child_sitemap)
            warnings.append(f"{child}: {child_sitemap}")
            continue
        entries.extend(child_sitemap.entries)
        publication = publication or child_sitemap.publication
        if child_sitemap.warning:
            warnings.append(child_sitemap.warning)
    if failed and not entries:
        raise failed[0]  # nothing to take: the poll failed, for the first child's reason
    recent = [e for e in entries if e.published is None or now - e.published <= SITEMAP_MAX_AGE]
    recent.sort(key=lambda e: e.published or now, reverse=True)
    return Listing(recent[:SITEMAP_MAX_ENTRIES], title=publication, warning="; ".join(warnings))


def _read_child(url: str, fetcher: Fetcher):
    result = fetcher.get(url, accept="any")
    return parse_sitemap(result.content, url=result.final_url)


def record_source_failure(source: Source, exc: PipelineError, now: datetime) -> None:
    """The one record of a failed poll, whatever failed (``isolation.as_error`` made bugs typed): health,
    reason and message, and the next poll pushed back by the source's consecutive failures.

    Only these fields are written: what a failed poll had changed on the source (a new ETag, a title) is not
    saved, so the next poll asks for the whole feed again."""
    source.health = Source.Health.FAILING
    source.last_fetched_at = now
    source.last_error_reason = exc.reason.value
    source.last_error_message = readable(exc.message)
    source.consecutive_failures += 1
    source.next_fetch_at = now + failure_backoff(
        source.consecutive_failures, retry_after=getattr(exc, "retry_after", None), bounds=poll_bounds()
    )
    source.save(
        update_fields=[
            "health",
            "last_fetched_at",
            "last_error_reason",
            "last_error_message",
            "consecutive_failures",
            "next_fetch_at",
        ]
    )
    logger.warning("poll failed source_id=%s url=%s reason=%s: %s", source.pk, source.url, exc.reason, exc.message)


def store_entries(
    source: Source,
    entries: list[FeedEntry],
    *,
    now: datetime | None = None,
    desk: StoryDesk | None = None,
    feature_config: FeatureConfig | None = None,
) -> Stored:
    """Record entries as pending articles, or publish them from the feed's full text where the source allows.

    Each entry passes the boundary alone (``isolation``): one that cannot be stored is skipped, and returned
    in ``Stored.skipped``; the others are stored."""
    now = now or timezone.now()
    by_key: dict[str, tuple[Article, FeedEntry]] = {}
    skipped: list[PipelineError] = []
    for entry in entries:
        article = isolation.contain(
            "storing a feed entry",
            partial(article_for_entry, source, entry, now),
            quiet=bool(skipped),
            source_id=source.pk,
            url=entry.url,
        )
        if isinstance(article, PipelineError):
            skipped.append(article)
        else:
            by_key.setdefault(article.url_key, (article, entry))
    fresh = insert_new(by_key, skipped, source)
    published = []
    for article, entry in fresh:
        # A feed text that breaks the digest leaves the article pending: its page is fetched instead.
        outcome = isolation.contain(
            "publishing a feed entry",
            partial(publish_from_feed, article, entry, source.content_mode, feature_config, now),
            source_id=source.pk,
            url=entry.url,
        )
        if outcome is True:
            published.append(article)
    if desk is not None:
        desk.file_all(published)
    return Stored(len(fresh), len(published), skipped)


def article_for_entry(source: Source, entry: FeedEntry, now: datetime) -> Article:
    canonical = canonicalize(entry.url)
    key = url_key_for(canonical)
    article = Article(
        id=article_id_for(key),
        url_key=key,
        source=source,
        url=entry.url,
        canonical_url=canonical,
        canonical_key=key,
        title=entry.title[:500],
        author=entry.author[:300],
        feed_summary=entry.summary,
        discovered_at=now,
        next_attempt_at=now,
    )
    # A date the source cannot mean (2099, 1970) is kept aside, and the article dated when we found it.
    article.set_published(entry.published, seen_at=now)
    return article


def insert_new(
    by_key: dict[str, tuple[Article, FeedEntry]], skipped: list[PipelineError], source: Source
) -> list[tuple[Article, FeedEntry]]:
    """Insert the articles not stored yet, in one statement; returns the new ones. When that statement fails,
    one row at a time, so that a row the database refuses fails alone. (A database that refuses every write
    fails the source's own save after this, and so the poll.)"""
    existing = set(Article.objects.filter(url_key__in=list(by_key)).values_list("url_key", flat=True))
    fresh = [pair for key, pair in by_key.items() if key not in existing]
    try:
        with transaction.atomic():
            # ignore_conflicts: another process may have stored the same entry since the query above.
            Article.objects.bulk_create([article for article, _ in fresh], ignore_conflicts=True)
        return fresh
    except Exception:
        inserted = []
        for article, entry in fresh:
            error = isolation.contain(
                "storing a feed entry",
                partial(_insert_one, article),
                quiet=bool(skipped),
                source_id=source.pk,
                url=entry.url,
            )
            if isinstance(error, PipelineError):
                skipped.append(error)
            else:
                inserted.append((article, entry))
        return inserted


def _insert_one(article: Article) -> None:
    with transaction.atomic():
        Article.objects.bulk_create([article], ignore_conflicts=True)


def publish_from_feed(
    article: Article, entry: FeedEntry, content_mode: str, feature_config: FeatureConfig | None, now: datetime
) -> bool:
    """Publish the article from the feed's own text when the source allows it; whether it was."""
    prepared = prepared_from_feed(entry, content_mode, feature_config=feature_config)
    return prepared is not None and store_article(article, prepared, now=now) is None
