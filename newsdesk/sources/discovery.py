"""Turning what a person types or uploads into Source rows: a URL (feed, sitemap or home page) or an OPML file.

``resolve_source_url`` works out what a URL is, in this order (the code's comments reuse the numbers):

1. Fetch it. A feed or a sitemap is the answer itself.
2. An HTML page: try the feeds it advertises with ``<link rel="alternate">``, main feeds first.
3. No working feed: read the host's robots.txt and try its ``Sitemap:`` lines, news sitemaps first (by
   name, then by content; inside a sitemap index, its children named "news").
4. Nothing: FeedParseError, telling the person to give the feed's address instead.

``import_opml`` and ``export_opml`` serve both ``newsdesk sources import-opml/export-opml`` and the admin.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from newsdesk.core.pipeline_config import fetch_config
from newsdesk.pipeline.autodiscovery import discover_feeds
from newsdesk.pipeline.errors import FeedParseError, PipelineError
from newsdesk.pipeline.feeds import parse_feed
from newsdesk.pipeline.fetch import Fetcher, FetchResult
from newsdesk.pipeline.fetch import budget as fetch_budget
from newsdesk.pipeline.opml import OpmlLimits, OpmlOutline, parse_opml, write_opml
from newsdesk.pipeline.served import ServedFormat, recognise
from newsdesk.pipeline.sitemap_reader import ParsedSitemap, parse_sitemap, sitemaps_from_robots
from newsdesk.sources.models import Source

logger = logging.getLogger(__name__)

MAX_FEED_CANDIDATES = 3  # advertised feeds tried before falling back to sitemaps
DISCOVERY_BUDGET_REQUESTS = 2  # all of discovery's requests end within this many requests' deadlines
MAX_SITEMAP_PROBES = 5  # sitemap fetches, index children included, so a huge index cannot run us around
_URL_MAX_LENGTH = Source._meta.get_field("url").max_length


@dataclass(frozen=True)
class ResolvedSource:
    url: str  # what to poll
    kind: str  # a Source.Kind value: "feed" or "sitemap"
    title: str = ""
    site_url: str = ""
    description: str = ""  # for people: "RSS feed", "news sitemap", "sitemap index"...
    found_on: str = ""  # the page or robots.txt it was found on; "" when the URL given was the source
    served_format: str = ""  # a ServedFormat value; "" when added without fetching (the first poll says)


def resolve(url: str) -> ResolvedSource:
    """``resolve_source_url`` with a Fetcher built from the settings."""
    with Fetcher(fetch_config()) as fetcher:
        return resolve_source_url(url, fetcher)


def resolve_source_url(url: str, fetcher: Fetcher) -> ResolvedSource:
    """What to poll for ``url``; FetchError when it cannot be fetched, FeedParseError when nothing is found.
    All its requests (up to ten: the page, the feeds it advertises, robots.txt, sitemaps) end within twice
    one request's deadline, so adding a source in the admin cannot hang for ten deadlines."""
    with fetch_budget(DISCOVERY_BUDGET_REQUESTS * fetcher.config.total_timeout, "finding the site's feeds"):
        return _resolve(url, fetcher)


def _resolve(url: str, fetcher: Fetcher) -> ResolvedSource:
    page = fetcher.get(url, accept="any")  # 1
    direct = _as_source(url, page)
    if direct is not None:
        return direct
    tried: list[str] = []
    # Without a charset in the header, the bytes go to the HTML parser, which reads <meta charset>.
    html = _decode(page) if page.charset else page.content
    for candidate in discover_feeds(html, base_url=page.final_url)[:MAX_FEED_CANDIDATES]:  # 2
        try:
            found = _as_source(candidate.url, fetcher.get(candidate.url, accept="feed"))
        except PipelineError as exc:
            tried.append(f"{candidate.url}: {exc}")
            continue
        if found is not None and found.kind == Source.Kind.FEED:
            return ResolvedSource(
                found.url,
                found.kind,
                found.title or candidate.title,
                found.site_url or page.final_url,
                found.description,
                found_on=page.final_url,
                served_format=found.served_format,
            )
        tried.append(f"{candidate.url}: advertised as a feed but is not one")
    found = _from_robots(page.final_url, fetcher, tried)  # 3
    if found is not None:
        return found
    detail = f" (tried {'; '.join(tried)})" if tried else ""  # 4
    raise FeedParseError(f"no feed or sitemap found at {url}: add the feed's address directly{detail}", url=url)


def _as_source(url: str, result: FetchResult) -> ResolvedSource | None:
    """The fetched body as a source if it is a sitemap or a feed (parsed, so a broken one fails now); None
    for a page or anything else that is neither (its advertised feeds are tried next)."""
    try:
        served = recognise(result.content, content_type=result.content_type, url=result.final_url)
    except FeedParseError:
        return None
    if served.is_sitemap:
        return _sitemap_source(url, result, served)[0]
    feed = parse_feed(result.content, url=result.final_url, headers=result.headers)
    # Django's Choices make Source.Kind's tuples strs, which mypy cannot see without Django's stubs.
    return ResolvedSource(
        url,
        Source.Kind.FEED,  # type: ignore[arg-type]
        feed.title,
        feed.site_url,
        served.label,
        served_format=served.value,
    )


def _sitemap_source(
    url: str, result: FetchResult, served: ServedFormat, found_on: str = ""
) -> tuple[ResolvedSource, ParsedSitemap]:
    sitemap = parse_sitemap(result.content, url=result.final_url)
    found = ResolvedSource(
        url,
        Source.Kind.SITEMAP,  # type: ignore[arg-type]  # see _as_source
        sitemap.publication,
        _home(result.final_url),
        served.label,
        found_on,
        served_format=served.value,
    )
    return found, sitemap


def _from_robots(page_url: str, fetcher: Fetcher, tried: list[str]) -> ResolvedSource | None:
    robots_url = urljoin(page_url, "/robots.txt")
    try:
        robots = fetcher.get(robots_url, accept="any")
    except PipelineError as exc:
        logger.info("no robots.txt url=%s: %s", robots_url, exc)  # most sites without one answer 404
        return None
    queue = sorted(
        sitemaps_from_robots(_decode(robots), base_url=robots.final_url),
        key=lambda candidate: "news" not in candidate.lower(),
    )  # stable: news-named first
    fallback: ResolvedSource | None = None
    for _probe in range(MAX_SITEMAP_PROBES):
        if not queue:
            break
        candidate = queue.pop(0)
        try:
            result = fetcher.get(candidate, accept="any")
            served = recognise(result.content, content_type=result.content_type, url=result.final_url)
            if not served.is_sitemap:
                raise FeedParseError("listed in robots.txt as a sitemap but is not one", url=candidate)
            found, sitemap = _sitemap_source(candidate, result, served, found_on=robots_url)
        except PipelineError as exc:
            tried.append(f"{candidate}: {exc}")
            continue
        if sitemap.is_news:
            return found
        # An index: look inside for children named "news" before settling for the index itself.
        queue[:0] = [child for child in sitemap.sitemaps if "news" in child.lower()]
        fallback = fallback or found
    return fallback


def _decode(result: FetchResult) -> str:
    """The body as text; robots.txt is UTF-8 unless the server says otherwise (RFC 9309)."""
    try:
        return result.content.decode(result.charset or "utf-8", errors="replace")
    except LookupError:  # an unknown charset name
        return result.content.decode("utf-8", errors="replace")


def _home(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


@dataclass(frozen=True)
class OpmlImport:
    imported: int = 0
    skipped: int = 0  # already a source, or listed twice in the file
    invalid: int = 0  # not an http(s) URL we can store

    def __str__(self) -> str:
        return f"Imported {self.imported}, skipped {self.skipped} already present, {self.invalid} invalid."


def opml_limits() -> OpmlLimits:
    return OpmlLimits(max_bytes=settings.NEWSDESK_OPML_MAX_BYTES, max_outlines=settings.NEWSDESK_OPML_MAX_OUTLINES)


def import_opml(content: bytes) -> OpmlImport:
    """Add each feed in an OPML file as a source; FeedParseError when the file is not OPML or is past the
    NEWSDESK_OPML_MAX_BYTES / NEWSDESK_OPML_MAX_OUTLINES limits."""
    outlines = parse_opml(content, limits=opml_limits())
    validate = URLValidator(schemes=["http", "https"])
    existing = set(Source.objects.values_list("url", flat=True))
    new, skipped, invalid = [], 0, 0
    for outline in outlines:
        if not _valid(outline.xml_url, validate):
            invalid += 1
        elif outline.xml_url in existing:
            skipped += 1
        else:
            existing.add(outline.xml_url)
            site_url = outline.html_url if _valid(outline.html_url, validate) else ""
            new.append(Source(url=outline.xml_url, kind=Source.Kind.FEED, title=outline.title[:300], site_url=site_url))
    with transaction.atomic():
        # ignore_conflicts: a source added by someone else since the query above is simply not added twice.
        Source.objects.bulk_create(new, ignore_conflicts=True)
    logger.info("opml import imported=%s skipped=%s invalid=%s", len(new), skipped, invalid)
    return OpmlImport(imported=len(new), skipped=skipped, invalid=invalid)


def _valid(url: str, validate: URLValidator) -> bool:
    try:
        validate(url)
    except ValidationError:
        return False
    return len(url) <= _URL_MAX_LENGTH


def export_opml(sources: Iterable[Source]) -> bytes:
    """The feed sources as OPML. Sitemap sources are left out: other readers would take them for feeds."""
    outlines = [
        OpmlOutline(xml_url=s.url, title=str(s), html_url=s.site_url) for s in sources if s.kind == Source.Kind.FEED
    ]
    return write_opml(outlines, title=f"{settings.NEWSDESK_SITE_NAME} sources")
