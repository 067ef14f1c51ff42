"""Step 2: a feedparser-shaped dict typed into ``ParsedFeed`` and ``FeedEntry`` values."""

from __future__ import annotations

import calendar
import html
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import feedparser

from newsdesk.pipeline.errors import FeedParseError
from newsdesk.pipeline.feeds.text import clean, is_web_url, strip_controls, web_url
from newsdesk.pipeline.feeds.values import Enclosure, FeedEntry, ParsedFeed

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TAG = re.compile(r"<[^>]*>")
_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.I)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Starts only where a run of address characters starts, and takes the run whole: without both, a search
# of a long run with no "@" tries every start and rescans the rest, quadratic (5,000 letters took 0.1 s).
_EMAIL_IN_TEXT = re.compile(r"(?<![^@\s<>()\[\]])[^@\s<>()\[\]]++@[^@\s<>()\[\]]+")
_BRACKETS = re.compile(r"[()<>\[\]]")


def feed_from_document(doc: Mapping[str, Any], *, url: str) -> ParsedFeed:
    """Step 2: type a feedparser-shaped dict; raise FeedParseError when it is not a feed at all.

    Every entry is kept, with ``url=""`` when it has no http(s) link; ``parse_feed`` drops those.
    """
    feed = doc.get("feed") or {}
    warning = ""
    if doc.get("bozo") and not _is_harmless(exc := doc.get("bozo_exception")):
        warning = f"{type(exc).__name__}: {exc}" if exc else "ill-formed feed"
        if not doc.get("entries") and not any(feed.values()):
            raise FeedParseError(f"not a feed ({warning})", url=url)
    if not doc.get("version") and not doc.get("entries"):
        raise FeedParseError("not an RSS, Atom or JSON feed", url=url)
    version = doc.get("version") or ""
    inherit = version.startswith(("atom", "json"))  # RFC 4287 4.2.1, JSON Feed 1.1: entries inherit authors
    raws = [raw for raw in doc.get("entries") or [] if isinstance(raw, Mapping)]
    entries = [_entry(raw, url, _names(feed) if inherit else None) for raw in raws]
    # An entry with a link that is no usable http(s) URL (port 99999, javascript:, a lone surrogate) is worth
    # telling the operator about; one with no link at all is common and is left out quietly by parse_feed.
    unusable = sum(1 for raw, entry in zip(raws, entries) if not entry.url and _has_link(raw))
    if unusable:
        note = f"{unusable} {'entry' if unusable == 1 else 'entries'} left out: link not a usable http(s) URL"
        warning = f"{warning}; {note}" if warning else note
    entry_dates = [date for entry in entries if (date := entry.updated or entry.published)]
    return ParsedFeed(
        title=_text(feed, "title"),
        site_url=web_url(url, feed.get("link"), *_alternates(feed)),
        entries=entries,
        warning=warning,
        language=clean(feed.get("language")),
        # A JSON feed has no date of its own, nor do many RSS feeds: the newest entry's date says the same.
        updated=_date(feed, "updated", "published") or max(entry_dates, default=None),
        image=web_url(
            url, (feed.get("image") or {}).get("href"), feed.get("logo"), *_media_images(feed), feed.get("icon")
        ),
        version=version,
    )


def _entry(raw: Mapping[str, Any], feed_url: str, inherited_authors: str | None) -> FeedEntry:
    """One entry; ``inherited_authors`` is None for RSS, whose authors are "name (e-mail)" strings."""
    guid = strip_controls(str(raw.get("id") or "")).strip()
    if inherited_authors is None:
        author = _rss_names(raw)
    else:
        author = _names(raw) or _names(raw.get("source") or {}) or inherited_authors
    return FeedEntry(
        url=web_url(feed_url, raw.get("link"), *_alternates(raw)) or (guid if is_web_url(guid) else ""),
        title=_text(raw, "title"),
        guid=guid,
        published=_date(raw, "published", "updated", "created"),
        summary=_html(raw.get("summary_detail") or {"value": raw.get("summary") or ""}),
        content=next((_html(block) for block in raw.get("content") or [] if block.get("value")), ""),
        author=author,
        updated=_date(raw, "updated"),
        categories=tuple(
            dict.fromkeys(term for tag in raw.get("tags") or [] if (term := clean(tag.get("label") or tag.get("term"))))
        ),
        enclosures=tuple(
            Enclosure(href, clean(e.get("type")), _int(e.get("length")))
            for e in raw.get("enclosures") or []
            if (href := web_url(feed_url, e.get("href")))
        ),
        image=_entry_image(raw, feed_url),
    )


def _entry_image(raw: Mapping[str, Any], feed_url: str) -> str:
    candidates = [(raw.get("image") or {}).get("href"), *_media_images(raw)]
    candidates += [e.get("href") for e in raw.get("enclosures") or [] if str(e.get("type", "")).startswith("image/")]
    for block in [*(raw.get("content") or []), raw.get("summary_detail") or {}]:  # else the first <img> shown
        if block.get("type") in _HTML_TYPES and (img := _IMG.search(str(block.get("value") or ""))):
            candidates.append(html.unescape(img.group(1)))
    return web_url(feed_url, *candidates)


def _has_link(raw: Mapping[str, Any]) -> bool:
    return bool(raw.get("link") or _alternates(raw))


def _alternates(raw: Mapping[str, Any]) -> list[Any]:
    """rel="alternate" links, the last first: where to look when ``link`` is not an http(s) URL."""
    links = [link.get("href") for link in raw.get("links") or [] if link.get("rel", "alternate") == "alternate"]
    return links[::-1]


def _media_images(raw: Mapping[str, Any]) -> list[Any]:
    """Media RSS pictures: media:thumbnail, and media:content that is an image."""
    found = [thumb.get("url") for thumb in raw.get("media_thumbnail") or []]
    return found + [
        media.get("url")
        for media in raw.get("media_content") or []
        if media.get("medium") == "image" or str(media.get("type", "")).startswith("image/")
    ]


def _names(raw: Mapping[str, Any]) -> str:
    """Author names, never addresses: "a@b.example (Ann Lee)" and "Ann Lee <a@b.example>" give "Ann Lee"."""
    people = list(raw.get("authors") or [])
    if not people and raw.get("author_detail"):
        people = [raw["author_detail"]]
    names = (clean(person.get("name")) for person in people if isinstance(person, Mapping))
    return ", ".join(dict.fromkeys(name for name in names if name and not _EMAIL.fullmatch(name)))


def _rss_names(raw: Mapping[str, Any]) -> str:
    """RSS author names, split from their address here: feedparser 6 cuts addresses at a 4-letter domain
    ("ann@wire.example (Ann Lee)" gives it the name "ple (Ann Lee"), and most RSS items have one author."""
    if len(raw.get("authors") or []) == 1 and isinstance(raw.get("author"), str):
        text = raw["author"]
        if _EMAIL_IN_TEXT.search(text):
            text = _BRACKETS.sub(" ", _EMAIL_IN_TEXT.sub(" ", text.replace("mailto:", "")))
        return clean(text)
    return _names(raw)


def _text(raw: Mapping[str, Any], key: str) -> str:
    """A title as plain text: markup in an HTML title removed, entities decoded, whitespace collapsed."""
    value = str(raw.get(key) or "")
    if (raw.get(key + "_detail") or {}).get("type") in _HTML_TYPES:
        value = html.unescape(_TAG.sub("", value))
    return clean(value)


def _html(block: Mapping[str, Any]) -> str:
    value = strip_controls(str(block.get("value") or ""))
    if block.get("type") in _HTML_TYPES or "type" not in block:
        return value
    return html.escape(value, quote=False)  # text/plain: escaped so that it is safe to show as HTML


def _date(raw: Mapping[str, Any], *keys: str) -> datetime | None:
    for key in keys:
        # Not FeedParserDict.get, which maps updated to published. The documents are dicts (feedparser's and
        # the JSON Feed reader's), typed as Mapping for the entries' isinstance test.
        value = dict.get(raw, key + "_parsed")  # type: ignore[call-overload]
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (ValueError, OverflowError, OSError):  # a year past 9999 or before 1, as feeds do write
                continue
    return None


def _int(value: object) -> int | None:
    try:
        number = int(str(value).strip())
    except ValueError:  # not a number, or one past 4,300 digits
        return None
    return number if 0 <= number < 2**63 else None  # a length a database column can hold


def _is_harmless(exc: object) -> bool:
    """A bozo flag that says nothing about the feed a reader gets, so not worth a warning on the source.

    A wrong media type (text/html, text/plain) for a feed that parsed, and RFC 3023's rule that text/xml
    without a charset is US-ASCII (RFC 7303 dropped it; servers never meant it) overridden by the
    document's own UTF-8 or other declared encoding.
    """
    if isinstance(exc, feedparser.NonXMLContentType):
        return True
    return isinstance(exc, feedparser.CharacterEncodingOverride) and "declared as us-ascii" in str(exc)
