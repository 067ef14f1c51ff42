"""Parse RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1 documents into plain ``FeedEntry`` values.

1. ``read_feed_document`` reads the bytes into one dict shape, feedparser's:
   1a. ``parse_with_feedparser`` - XML feeds, through feedparser with our options (encodings from the HTTP
       header, BOM or XML declaration; ill-formed XML recovered by the loose parser; HTML sanitised;
       relative links resolved against the feed's address);
   1b. ``parse_json_feed``       - JSON Feed, which feedparser 6 does not read, mapped to the same shape.
2. ``feed_from_document`` refuses a document that is not a feed (``FeedParseError`` says why), notes on
   ``warning`` what was recovered from ill-formed input, and types the dict: plain-text titles, HTML
   summaries and content, names only for authors (Atom and JSON Feed entries inherit the feed's), UTC
   datetimes, absolute http(s) URLs.
3. ``parse_feed`` keeps the entries a reader can open: those with an http(s) link.

The conformance suites in ``tests/conformance`` run step 1 against feedparser's own test files and steps
1-2 against gofeed's fixtures; ``bench/feed_conformance.py`` prints their pass rates.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from newsdesk.pipeline.feeds.jsonfeed import looks_like_json, parse_json_feed
from newsdesk.pipeline.feeds.text import RESOLVE_RELATIVE_URIS, SANITIZE_HTML
from newsdesk.pipeline.feeds.typed import feed_from_document
from newsdesk.pipeline.feeds.values import Enclosure, FeedEntry, ParsedFeed
from newsdesk.pipeline.feeds.xml import parse_with_feedparser

__all__ = [
    "Enclosure",
    "FeedEntry",
    "ParsedFeed",
    "RESOLVE_RELATIVE_URIS",
    "SANITIZE_HTML",
    "feed_from_document",
    "parse_feed",
    "parse_json_feed",
    "parse_with_feedparser",
    "read_feed_document",
]

logger = logging.getLogger(__name__)


def parse_feed(content: bytes, *, url: str, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """Parse a feed body fetched from ``url``; raise FeedParseError when it holds no feed at all."""
    feed = feed_from_document(read_feed_document(content, url=url, headers=headers), url=url)
    linked = [entry for entry in feed.entries if entry.url]
    if len(linked) < len(feed.entries):
        logger.debug("dropped entries without a link url=%s count=%s", url, len(feed.entries) - len(linked))
    return replace(feed, entries=linked)


def read_feed_document(content: bytes, *, url: str, headers: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Step 1: the document as feedparser's result dict, whichever format it is in."""
    if looks_like_json(content):
        return parse_json_feed(content, url=url)
    return parse_with_feedparser(content, url=url, headers=headers)
