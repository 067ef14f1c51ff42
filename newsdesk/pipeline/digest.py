"""A fetched page, or a feed entry's own full text, made into a ``PreparedArticle``: extract, summarise, and
compute the features dedup and story clustering use.

This is the CPU-heavy part of intake. Its inputs and outputs are plain picklable values and it imports no
Django, so the ingestion runner can hand it to worker processes and keep both cores busy while its
threads wait on the network.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace

from newsdesk.pipeline.article_summary import Summary, SummaryConfig, summarise
from newsdesk.pipeline.errors import PipelineError
from newsdesk.pipeline.extract import ExtractConfig, ExtractedArticle, extract_article
from newsdesk.pipeline.features import DocFeatures, FeatureConfig, featurize
from newsdesk.pipeline.feeds import FeedEntry


@dataclass(frozen=True)
class PreparedArticle:
    final_url: str
    extracted: ExtractedArticle
    summary: Summary
    features: DocFeatures | None = None  # for dedup and story clustering; None when not asked for


def digest_page(
    content: bytes,
    *,
    url: str,
    charset: str | None = None,
    listed_as: str = "",
    extract_config: ExtractConfig | None = None,
    summary_config: SummaryConfig | None = None,
    feature_config: FeatureConfig | None = None,
) -> PreparedArticle:
    page: bytes | str = content
    if charset:
        try:
            page = content.decode(charset, errors="replace")
        except (LookupError, ValueError):
            pass  # an unknown charset name (or one with a NUL): let the HTML parser sniff the encoding instead
    extracted = extract_article(page, url=url, config=extract_config, listed_as=listed_as)
    return _prepared(url, extracted, summary_config, feature_config)


def digest_feed_entry(
    entry: FeedEntry,
    *,
    min_words: int = 0,
    summary_config: SummaryConfig | None = None,
    feature_config: FeatureConfig | None = None,
) -> PreparedArticle | None:
    """The article from the entry's own content; None when it has none, or fewer than ``min_words`` words
    (a teaser: the page must be fetched instead)."""
    if not entry.content.strip():
        return None
    title = html.escape(entry.title)
    # The feed's date goes into the page as the feed's statement of publication: with the headline and the
    # listing it is the evidence that lets a brief of 25 words through (``evidence``), as on a fetched page.
    dated = (
        f'<meta property="article:published_time" content="{entry.published.isoformat()}">' if entry.published else ""
    )
    wrapper = (
        f"<html><head><title>{title}</title>{dated}</head><body><article><h1>{title}</h1>"
        f"{entry.content}</article></body></html>"
    )
    try:
        extracted = extract_article(wrapper, url=entry.url, listed_as=entry.url)
    except PipelineError:
        return None
    if extracted.word_count < min_words:
        return None
    # The feed states the author and date; the synthetic page around its content has no canonical URL.
    extracted = replace(
        extracted,
        title=entry.title or extracted.title,
        author=entry.author or extracted.author,
        published=entry.published or extracted.published,
        canonical_url="",
    )
    return _prepared(entry.url, extracted, summary_config, feature_config)


def _prepared(
    url: str, extracted: ExtractedArticle, summary_config: SummaryConfig | None, feature_config: FeatureConfig | None
) -> PreparedArticle:
    features = featurize(extracted.title, extracted.text, feature_config) if feature_config else None
    return PreparedArticle(url, extracted, summarise(extracted.text, summary_config), features)
