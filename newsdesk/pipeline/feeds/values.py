"""The typed values a parsed feed becomes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Enclosure:
    url: str
    type: str = ""
    length: int | None = None  # bytes, when the feed says


@dataclass(frozen=True)
class FeedEntry:
    url: str  # absolute http(s) URL of the article; "" only inside feed_from_document
    title: str = ""  # plain text
    guid: str = ""
    published: datetime | None = None  # UTC; the updated date when the feed gives no publication date
    summary: str = ""  # HTML, sanitised
    content: str = ""  # HTML, sanitised: full content when the feed carries it (content:encoded, atom:content)
    author: str = ""  # names only (never e-mail addresses), several joined with ", "
    updated: datetime | None = None  # UTC
    categories: tuple[str, ...] = ()
    enclosures: tuple[Enclosure, ...] = ()
    image: str = ""  # a picture for the entry: media:thumbnail, itunes:image, an image enclosure, JSON image


@dataclass(frozen=True)
class ParsedFeed:
    title: str = ""
    site_url: str = ""
    entries: list[FeedEntry] = field(default_factory=list)
    # Set when the feed was recovered from ill-formed input: what a reader would want to know.
    warning: str = ""
    language: str = ""
    updated: datetime | None = None  # UTC; else the feed's publication date; else its newest entry's date
    image: str = ""  # the feed's logo or icon
    version: str = ""  # feedparser's format code: "rss20", "rss10", "atom10", "atom03", "json11", ...
