"""Processing one article: the steps after polling (``polling.py``) recorded it as pending.

1. ``prepare_article``  obey robots.txt, fetch the page (politely), extract and summarise it; pure pipeline
                        work, safe on a worker thread; returns a ``PreparedArticle`` or raises PipelineError.
   ``prepared_from_feed`` the same from a feed entry's own full text, when the source allows it.
2. ``store_article``    publish the outcome, unless the page names an article we already have as canonical.
3. ``record_article_failure``  keep the reason; retry transient failures later, give up on permanent ones.

An article row only moves from pending to a final state, so running any step twice stores nothing twice.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.utils import timezone

from newsdesk.articles.models import Article, url_key_for
from newsdesk.pipeline.errors import Duplicate, ExtractError, PipelineError, RobotsForbidden
from newsdesk.pipeline.extract import ExtractConfig, ExtractedArticle, extract_article
from newsdesk.pipeline.feeds import FeedEntry
from newsdesk.pipeline.fetch import Fetcher
from newsdesk.pipeline.politeness import HostPolicy
from newsdesk.pipeline.robots import RobotsCache
from newsdesk.pipeline.summarise import Summary, SummaryConfig, summarise
from newsdesk.pipeline.urls import canonicalize

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FAILURE_BACKOFF = timedelta(minutes=2)
# In "auto" mode a feed's content counts as the full article only from this length; shorter is a teaser.
FULL_TEXT_MIN_WORDS = 150


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


def prepared_from_feed(entry: FeedEntry, content_mode: str, *,
                       summary_config: SummaryConfig | None = None) -> PreparedArticle | None:
    """The article from the feed's own content, or None when its page must be fetched instead."""
    if content_mode == "page" or not entry.content.strip():
        return None
    title = html.escape(entry.title)
    wrapper = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{entry.content}</article></body></html>"
    try:
        extracted = extract_article(wrapper, url=entry.url)
    except PipelineError:
        return None  # too short or empty: the page will tell us more
    if content_mode == "auto" and extracted.word_count < FULL_TEXT_MIN_WORDS:
        return None
    # The feed knows the author and date better than a synthetic page does.
    extracted = replace(extracted, title=entry.title or extracted.title, author=entry.author or extracted.author,
                        published=entry.published or extracted.published, canonical_url="")
    return PreparedArticle(entry.url, extracted, summarise(extracted.text, summary_config))


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
