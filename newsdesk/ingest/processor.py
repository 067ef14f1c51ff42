"""Processing one article: the steps after polling (``polling.py``) recorded it as pending.

1. ``prepare_article``  obey robots.txt, fetch the page (politely), extract and summarise it; pure pipeline
                        work, safe on a worker thread; returns a ``PreparedArticle`` or raises PipelineError.
   ``prepared_from_feed`` the same from a feed entry's own full text, when the source allows it.
2. ``store_article``    publish the outcome, unless the page names an article we already have as canonical.
                        The caller then files it in a story (``stories.StoryDesk.file_all``).
3. ``record_article_failure``  keep the reason; retry transient failures later, give up on permanent ones.

An article row only moves from pending to a final state, so running any step twice stores nothing twice.
"""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from dataclasses import replace
from datetime import datetime
from typing import Any

from django.utils import timezone

from newsdesk.articles.models import Article, url_key_for
from newsdesk.pipeline.article_summary import SummaryConfig
from newsdesk.pipeline.digest import PreparedArticle, digest_feed_entry, digest_page
from newsdesk.pipeline.errors import Duplicate, ExtractError, PipelineError, RobotsForbidden
from newsdesk.pipeline.extract import ExtractConfig
from newsdesk.pipeline.features import FeatureConfig
from newsdesk.pipeline.feeds import FeedEntry
from newsdesk.pipeline.fetch import Fetcher
from newsdesk.pipeline.politeness import HostPolicy
from newsdesk.pipeline.robots import RobotsCache
from newsdesk.pipeline.schedule import ARTICLE_RETRY_BOUNDS, failure_backoff
from newsdesk.pipeline.urls import declared_canonical, same_site

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# In "auto" mode a feed's content counts as the full article only from this length; shorter is a teaser.
FULL_TEXT_MIN_WORDS = 150


def prepare_article(
    url: str,
    fetcher: Fetcher,
    *,
    robots: RobotsCache | None = None,
    policy: HostPolicy | None = None,
    extract_config: ExtractConfig | None = None,
    summary_config: SummaryConfig | None = None,
    feature_config: FeatureConfig | None = None,
    cpu_pool: Executor | None = None,
) -> PreparedArticle:
    """Fetch the page here (threads wait on the network), digest it here or in ``cpu_pool`` (processes)."""
    if robots is not None:
        robots.check(url)
        delay = robots.crawl_delay(url)
        if policy is not None and delay > policy.min_interval:
            policy = replace(policy, min_interval=delay)
    result = fetcher.get(url, accept="page", policy=policy)
    arguments: dict[str, Any] = dict(
        url=result.final_url,
        charset=result.charset,
        # Every page the desk fetches was listed under ``url``: by a feed or sitemap, or by an editor who added
        # it by hand (whose choice counts as much as a feed's). A page that redirected elsewhere (a removed
        # story sent to the front page) no longer answers under it, which the evidence sees.
        listed_as=url,
        extract_config=extract_config,
        summary_config=summary_config,
        feature_config=feature_config,
    )
    if cpu_pool is None:
        return digest_page(result.content, **arguments)
    return cpu_pool.submit(digest_page, result.content, **arguments).result()


def prepared_from_feed(
    entry: FeedEntry,
    content_mode: str,
    *,
    summary_config: SummaryConfig | None = None,
    feature_config: FeatureConfig | None = None,
) -> PreparedArticle | None:
    """The article from the feed's own content, or None when its page must be fetched instead."""
    if content_mode == "page":
        return None
    # "auto" trusts only a feed text long enough to be the article; "feed" takes any real article text.
    min_words = FULL_TEXT_MIN_WORDS if content_mode == "auto" else 0
    return digest_feed_entry(entry, min_words=min_words, summary_config=summary_config, feature_config=feature_config)


def store_article(article: Article, prepared: PreparedArticle, *, now: datetime | None = None) -> Article | None:
    """Publish the prepared article, with the features that will file it in a story (``stories.StoryDesk``);
    returns the stored copy instead when the page names one as canonical."""
    extracted = prepared.extracted
    canonical = declared_canonical(extracted.canonical_url)
    if canonical:
        article.canonical_url = canonical
        # Only a same-site canonical proves two of our rows are one article; copies on other sites that
        # credit an original are syndication, for story clustering to group, not to drop.
        twin = (
            (Article.objects.published().filter(canonical_key=url_key_for(canonical)).exclude(pk=article.pk).first())
            if same_site(canonical, prepared.final_url)
            else None
        )
        if twin is not None:
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
    article.fetched_at = now or timezone.now()
    # The feed's timestamp is the outlet's own statement of when it published; the page's is a fallback,
    # settled the same way (a date it cannot mean is kept aside, and the article dated when fetched).
    if article.published_at is None:
        article.set_published(extracted.published, seen_at=article.fetched_at)
    article.status = Article.Status.READY
    article.error_reason = article.error_message = ""
    article.attempts += 1
    article.features = prepared.features.to_dict() if prepared.features else None
    article.save()
    return None


def record_article_failure(article: Article, exc: PipelineError, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    article.attempts += 1
    article.error_reason = exc.reason.value
    article.error_message = exc.message
    if exc.transient and article.attempts < MAX_ATTEMPTS:
        article.next_attempt_at = now + failure_backoff(
            article.attempts, retry_after=getattr(exc, "retry_after", None), bounds=ARTICLE_RETRY_BOUNDS
        )
    else:
        skipped = isinstance(exc, (ExtractError, Duplicate, RobotsForbidden))
        article.status = Article.Status.SKIPPED if skipped else Article.Status.FAILED
    article.save()
    logger.info(
        "article not stored article_id=%s url=%s reason=%s transient=%s",
        article.pk,
        article.url,
        exc.reason,
        exc.transient,
    )
