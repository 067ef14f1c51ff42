"""Parse RSS 0.9x/1.0/2.0, Atom and JSON Feed documents into plain ``FeedEntry`` values.

feedparser does the hard part (encodings, ill-formed XML recovery, relative links); this module turns its
dict soup into typed values, and says *why* when a document is not a feed.
"""

from __future__ import annotations

import calendar
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin

import feedparser

from newsdesk.pipeline.errors import FeedParseError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str = ""
    guid: str = ""
    published: datetime | None = None
    summary: str = ""
    content: str = ""  # full content when the feed carries it (content:encoded, atom:content)
    author: str = ""


@dataclass(frozen=True)
class ParsedFeed:
    title: str = ""
    site_url: str = ""
    entries: list[FeedEntry] = field(default_factory=list)
    # Set when the feed was recovered from ill-formed input: what a reader would want to know.
    warning: str = ""


def parse_feed(content: bytes, *, url: str, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """Parse a feed body fetched from ``url``; raise FeedParseError when it holds no feed at all."""
    if _looks_like_json(content):
        return _parse_json_feed(content, url)
    parsed = feedparser.parse(content, response_headers=dict(headers or {}), sanitize_html=False,
                              resolve_relative_uris=True)
    parsed.setdefault("href", url)
    warning = ""
    if parsed.bozo:
        exc = parsed.get("bozo_exception")
        warning = f"{type(exc).__name__}: {exc}" if exc else "ill-formed feed"
        if not parsed.entries and not parsed.feed.get("title"):
            raise FeedParseError(f"not a feed ({warning})", url=url)
    if not parsed.get("version") and not parsed.entries:
        raise FeedParseError("not an RSS, Atom or JSON feed", url=url)
    feed = parsed.feed
    entries = [entry for raw in parsed.entries if (entry := _entry(raw, url)) is not None]
    return ParsedFeed(
        title=_clean(feed.get("title", "")),
        site_url=urljoin(url, feed.get("link", "")) if feed.get("link") else "",
        entries=entries,
        warning=warning,
    )


def _entry(raw: Mapping, feed_url: str) -> FeedEntry | None:
    link = raw.get("link") or ""
    guid = raw.get("id") or ""
    if not link and guid.startswith(("http://", "https://")):
        link = guid  # RSS items may carry only a permalink guid
    if not link:
        return None
    content = ""
    for block in raw.get("content") or []:
        if block.get("value"):
            content = block["value"]
            break
    author = raw.get("author") or ""
    return FeedEntry(
        url=urljoin(feed_url, link.strip()),
        title=_clean(raw.get("title", "")),
        guid=guid,
        published=_struct_time(raw.get("published_parsed") or raw.get("updated_parsed")),
        summary=raw.get("summary", "") or "",
        content=content,
        author=_clean(author),
    )


def _struct_time(value) -> datetime | None:
    if not value:
        return None
    return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)


def _clean(value: str) -> str:
    return " ".join(value.split())


def _looks_like_json(content: bytes) -> bool:
    return content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _parse_json_feed(content: bytes, url: str) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (jsonfeed.org), which feedparser does not read."""
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedParseError(f"invalid JSON feed ({exc})", url=url) from exc
    if not isinstance(data, dict) or "jsonfeed.org/version" not in str(data.get("version", "")):
        raise FeedParseError("JSON document is not a JSON Feed (no jsonfeed.org version)", url=url)
    entries = []
    for item in data.get("items") or []:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url") or ""
        if not link and str(item.get("id", "")).startswith(("http://", "https://")):
            link = item["id"]
        if not link:
            continue
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        entries.append(FeedEntry(
            url=urljoin(url, link),
            title=_clean(str(item.get("title") or "")),
            guid=str(item.get("id") or ""),
            published=_iso_date(item.get("date_published") or item.get("date_modified")),
            summary=str(item.get("summary") or ""),
            content=str(item.get("content_html") or item.get("content_text") or ""),
            author=", ".join(a.get("name", "") for a in authors if isinstance(a, dict) and a.get("name")),
        ))
    return ParsedFeed(
        title=_clean(str(data.get("title") or "")),
        site_url=urljoin(url, data["home_page_url"]) if data.get("home_page_url") else "",
        entries=entries,
    )


def _iso_date(value) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
