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

import calendar
import codecs
import html
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import feedparser
from feedparser.datetimes import _parse_date as _feedparser_date  # feedparser's many date formats
from feedparser.sanitizer import _sanitize_html  # the sanitiser feedparser applies to XML feeds
from feedparser.urls import resolve_relative_uris

from newsdesk.pipeline.errors import FeedParseError

logger = logging.getLogger(__name__)

# feedparser's defaults, kept on purpose. Feed HTML is shown to readers, so scripts, event handlers, frames and
# unsafe styles must go; relative links inside it must point at the outlet, not at us. Measured on feedparser's
# conformance files (bench/feed_conformance.py): 2,087 of 2,097 pass with sanitising, 1,635 without (its 745
# sanitiser files expect it; none expects raw HTML).
SANITIZE_HTML = True
RESOLVE_RELATIVE_URIS = True

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TAG = re.compile(r"<[^>]*>")
_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.I)
# C0 controls other than tab, newline and return: not allowed in XML 1.0, garbage to a reader.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BOMS = ((codecs.BOM_UTF32_BE, "utf-32be"), (codecs.BOM_UTF32_LE, "utf-32le"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_BE, "utf-16be"), (codecs.BOM_UTF16_LE, "utf-16le"))
_CHARSET = re.compile(r"charset\s*=\s*([^;]+)", re.I)
_DEFAULT_LABELS = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"}
_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']""")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_EMAIL_IN_TEXT = re.compile(r"[^@\s<>()\[\]]+@[^@\s<>()\[\]]+")
_BRACKETS = re.compile(r"[()<>\[\]]")


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


def parse_feed(content: bytes, *, url: str, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """Parse a feed body fetched from ``url``; raise FeedParseError when it holds no feed at all."""
    feed = feed_from_document(read_feed_document(content, url=url, headers=headers), url=url)
    linked = [entry for entry in feed.entries if entry.url]
    if len(linked) < len(feed.entries):
        logger.debug("dropped entries without a link url=%s count=%s", url, len(feed.entries) - len(linked))
    return replace(feed, entries=linked)


def read_feed_document(content: bytes, *, url: str, headers: Mapping[str, str] | None = None) -> dict:
    """Step 1: the document as feedparser's result dict, whichever format it is in."""
    if _looks_like_json(content):
        return parse_json_feed(content, url=url)
    return parse_with_feedparser(content, url=url, headers=headers)


def parse_with_feedparser(content: bytes, *, url: str, headers: Mapping[str, str] | None = None) -> dict:
    """feedparser with our options, given the body and response headers of ``url``.

    The result is what ``feedparser.parse(url)`` returns when it fetches the same response itself: the
    feed's address is the base for relative links (a Content-Location header, resolved against it, takes
    precedence, as in feedparser), and ``href``, ``etag`` and ``modified`` come from the response.
    """
    response = {name.lower(): str(value).strip() for name, value in (headers or {}).items()}
    base = urljoin(url, response["content-location"]) if response.get("content-location") else url
    if _is_web_url(base):
        response["content-location"] = base
    elif _is_web_url(url):
        response["content-location"] = url  # e.g. a javascript: Content-Location is ignored
    # Without a Content-Type among response headers feedparser defaults to ISO-8859-1 and flags the feed;
    # application/xml means "the BOM or the XML declaration, else UTF-8", its rule for a document read
    # without HTTP at all (RFC 7303).
    response.setdefault("content-type", "application/xml")
    if charset := _charset_override(response["content-type"], content):
        response["content-type"] = response["content-type"].split(";", 1)[0].strip() + "; charset=" + charset
    result = feedparser.parse(content, response_headers=response, sanitize_html=SANITIZE_HTML,
                              resolve_relative_uris=RESOLVE_RELATIVE_URIS)
    _prefer_alternate_links(result)
    result["href"] = url
    if response.get("etag"):
        result["etag"] = response["etag"]
    if response.get("last-modified"):
        result["modified"] = response["last-modified"]
        result["modified_parsed"] = _feedparser_date(response["last-modified"])
    return result


def _charset_override(content_type: str, content: bytes) -> str | None:
    """The encoding to read the body in when the HTTP charset must not win, else None.

    feedparser follows RFC 3023: the charset parameter beats everything. A byte order mark names the
    encoding beyond doubt, and wins as in browsers (WHATWG, RFC 7303). A server's default label (ISO-8859-1,
    US-ASCII, windows-1252) on a body that is valid UTF-8 with non-ASCII bytes and declares no other
    encoding is wrong: such text is almost never valid UTF-8 by chance. (feedparser mends that string by
    string for ISO-8859-1, but not for windows-1252, whose curly quotes and dashes come out as mojibake.)
    """
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return encoding
    charset = _CHARSET.search(content_type)
    if not charset or charset.group(1).strip("\"' ").lower() not in _DEFAULT_LABELS or content.isascii():
        return None
    declared = _XML_ENCODING.match(content)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


def _prefer_alternate_links(result: dict) -> None:
    """Make ``link`` the feed's and each entry's last rel="alternate" link, as feedparser's newer releases do.

    feedparser 6.0 sets ``link`` from the last <link> whose address is its text, whatever its rel (an
    enclosure), and leaves it unset for an RSS channel's <atom:link rel="alternate"> whose atom: prefix was
    never declared (a common slip, read as ``atom_link``).
    """
    for context in (result.get("feed") or {}, *(result.get("entries") or [])):
        alternates = [link["href"] for link in context.get("links") or []
                      if link.get("rel") == "alternate" and link.get("href")]
        undeclared = context.get("atom_link")
        if not alternates and isinstance(undeclared, Mapping) and undeclared.get("rel", "alternate") == "alternate":
            alternates = [undeclared["href"]] if undeclared.get("href") else []
        if alternates and context.get("link") not in alternates:
            context["link"] = alternates[-1]


def parse_json_feed(content: bytes, *, url: str) -> dict:
    """JSON Feed 1.0/1.1 (jsonfeed.org) in feedparser's result shape, its HTML sanitised like an XML feed's."""
    try:
        data = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedParseError(f"invalid JSON feed ({exc})", url=url) from exc
    if not isinstance(data, dict) or not ("jsonfeed.org/version" in str(data.get("version", ""))
                                          or isinstance(data.get("items"), list)):
        raise FeedParseError("JSON document is not a JSON Feed (no jsonfeed.org version, no items)", url=url)
    version = str(data.get("version", ""))
    feed = feedparser.FeedParserDict(_json_common(data, url))
    feed.update(_json_links(url, data.get("home_page_url"), data.get("feed_url")))
    for key, json_key in (("subtitle", "description"), ("language", "language")):
        if isinstance(data.get(json_key), str):
            feed[key] = data[json_key]
    for key, json_key in (("image", "icon"), ("icon", "favicon")):
        if isinstance(data.get(json_key), str):
            feed[key] = {"href": urljoin(url, data[json_key])} if key == "image" else urljoin(url, data[json_key])
    entries = []
    for item in data.get("items") or []:
        if not isinstance(item, dict):
            continue
        entry = feedparser.FeedParserDict(_json_common(item, url))
        entry.update(_json_links(url, item.get("url") or item.get("external_url")))
        if item.get("id") not in (None, ""):
            entry["id"] = str(item["id"])
        if isinstance(item.get("summary"), str):  # plain text, per the spec
            entry["summary"] = item["summary"]
            entry["summary_detail"] = {"type": "text/plain", "value": item["summary"]}
        blocks = [("text/html", _json_html(item.get("content_html"), url)), ("text/plain", item.get("content_text"))]
        entry["content"] = [{"type": kind, "value": value} for kind, value in blocks if isinstance(value, str)]
        for key, json_key in (("published", "date_published"), ("updated", "date_modified")):
            if isinstance(item.get(json_key), str):
                entry[key] = item[json_key]
                entry[key + "_parsed"] = _feedparser_date(item[json_key])
        entry["tags"] = [{"term": str(tag)} for tag in item.get("tags") or [] if isinstance(tag, str | int)]
        entry["links"] += [{"rel": "enclosure", "href": urljoin(url, a["url"]), "type": str(a.get("mime_type") or ""),
                            "length": str(a.get("size_in_bytes") or "")}
                           for a in item.get("attachments") or [] if isinstance(a, dict) and a.get("url")]
        image = item.get("image") or item.get("banner_image")
        if isinstance(image, str):
            entry["image"] = {"href": urljoin(url, image)}
        entries.append(entry)
    return feedparser.FeedParserDict(bozo=False, entries=entries, feed=feed, headers={}, href=url,
                                     version="json11" if "1.1" in version else "json1", encoding="utf-8")


def feed_from_document(doc: Mapping, *, url: str) -> ParsedFeed:
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
    entries = [_entry(raw, url, _names(feed) if inherit else None) for raw in doc.get("entries") or []]
    entry_dates = [date for entry in entries if (date := entry.updated or entry.published)]
    return ParsedFeed(
        title=_text(feed, "title"),
        site_url=_web_url(url, feed.get("link"), *_alternates(feed)),
        entries=entries,
        warning=warning,
        language=str(feed.get("language") or "").strip(),
        # A JSON feed has no date of its own, nor do many RSS feeds: the newest entry's date says the same.
        updated=_date(feed, "updated", "published") or max(entry_dates, default=None),
        image=_web_url(url, (feed.get("image") or {}).get("href"), feed.get("logo"), *_media_images(feed),
                       feed.get("icon")),
        version=version,
    )


def _entry(raw: Mapping, feed_url: str, inherited_authors: str | None) -> FeedEntry:
    """One entry; ``inherited_authors`` is None for RSS, whose authors are "name (e-mail)" strings."""
    guid = str(raw.get("id") or "")
    if inherited_authors is None:
        author = _rss_names(raw)
    else:
        author = _names(raw) or _names(raw.get("source") or {}) or inherited_authors
    return FeedEntry(
        url=_web_url(feed_url, raw.get("link"), *_alternates(raw)) or (guid if _is_web_url(guid) else ""),
        title=_text(raw, "title"),
        guid=guid,
        published=_date(raw, "published", "updated", "created"),
        summary=_html(raw.get("summary_detail") or {"value": raw.get("summary") or ""}),
        content=next((_html(block) for block in raw.get("content") or [] if block.get("value")), ""),
        author=author,
        updated=_date(raw, "updated"),
        categories=tuple(dict.fromkeys(term for tag in raw.get("tags") or []
                                       if (term := _clean(tag.get("label") or tag.get("term"))))),
        enclosures=tuple(Enclosure(href, str(e.get("type") or ""), _int(e.get("length")))
                         for e in raw.get("enclosures") or [] if (href := _web_url(feed_url, e.get("href")))),
        image=_entry_image(raw, feed_url),
    )


def _entry_image(raw: Mapping, feed_url: str) -> str:
    candidates = [(raw.get("image") or {}).get("href"), *_media_images(raw)]
    candidates += [e.get("href") for e in raw.get("enclosures") or [] if str(e.get("type", "")).startswith("image/")]
    for block in [*(raw.get("content") or []), raw.get("summary_detail") or {}]:  # else the first <img> shown
        if block.get("type") in _HTML_TYPES and (img := _IMG.search(str(block.get("value") or ""))):
            candidates.append(html.unescape(img.group(1)))
    return _web_url(feed_url, *candidates)


def _alternates(raw: Mapping) -> list:
    """rel="alternate" links, the last first: where to look when ``link`` is not an http(s) URL."""
    links = [link.get("href") for link in raw.get("links") or [] if link.get("rel", "alternate") == "alternate"]
    return links[::-1]


def _media_images(raw: Mapping) -> list:
    """Media RSS pictures: media:thumbnail, and media:content that is an image."""
    found = [thumb.get("url") for thumb in raw.get("media_thumbnail") or []]
    return found + [media.get("url") for media in raw.get("media_content") or []
                    if media.get("medium") == "image" or str(media.get("type", "")).startswith("image/")]


def _names(raw: Mapping) -> str:
    """Author names, never addresses: "a@b.example (Ann Lee)" and "Ann Lee <a@b.example>" give "Ann Lee"."""
    people = list(raw.get("authors") or [])
    if not people and raw.get("author_detail"):
        people = [raw["author_detail"]]
    names = (_clean(person.get("name")) for person in people if isinstance(person, Mapping))
    return ", ".join(dict.fromkeys(name for name in names if name and not _EMAIL.fullmatch(name)))


def _rss_names(raw: Mapping) -> str:
    """RSS author names, split from their address here: feedparser 6 cuts addresses at a 4-letter domain
    ("ann@wire.example (Ann Lee)" gives it the name "ple (Ann Lee"), and most RSS items have one author."""
    if len(raw.get("authors") or []) == 1 and isinstance(raw.get("author"), str):
        text = raw["author"]
        if _EMAIL_IN_TEXT.search(text):
            text = _BRACKETS.sub(" ", _EMAIL_IN_TEXT.sub(" ", text.replace("mailto:", "")))
        return _clean(text)
    return _names(raw)


def _text(raw: Mapping, key: str) -> str:
    """A title as plain text: markup in an HTML title removed, entities decoded, whitespace collapsed."""
    value = str(raw.get(key) or "")
    if (raw.get(key + "_detail") or {}).get("type") in _HTML_TYPES:
        value = html.unescape(_TAG.sub("", value))
    return _clean(value)


def _clean(value) -> str:
    return " ".join(_CONTROL.sub("", str(value or "")).split())


def _html(block: Mapping) -> str:
    value = _CONTROL.sub("", str(block.get("value") or ""))
    if block.get("type") in _HTML_TYPES or "type" not in block:
        return value
    return html.escape(value, quote=False)  # text/plain: escaped so that it is safe to show as HTML


def _json_html(value, base: str) -> str | None:
    if not isinstance(value, str):
        return None
    if RESOLVE_RELATIVE_URIS:
        value = resolve_relative_uris(value, base, "utf-8", "text/html")
    return _sanitize_html(value, "utf-8", "text/html") if SANITIZE_HTML else value


def _json_common(obj: Mapping, url: str) -> dict:
    """title and authors (1.1 ``authors``, 1.0 ``author``), shared by a JSON feed and its items."""
    out: dict = {}
    if isinstance(obj.get("title"), str):
        out["title"] = obj["title"]
        out["title_detail"] = {"type": "text/plain", "value": obj["title"]}
    people = obj.get("authors") if isinstance(obj.get("authors"), list) and obj["authors"] else [obj.get("author")]
    authors = [{"name": str(p.get("name") or ""), **({"href": urljoin(url, p["url"])} if p.get("url") else {})}
               for p in people if isinstance(p, dict)]
    if authors:
        out.update(authors=authors, author_detail=authors[0], author=authors[0]["name"])
    return out


def _json_links(url: str, alternate, self_link=None) -> dict:
    out: dict = {"links": []}
    if isinstance(alternate, str) and alternate:
        out["link"] = urljoin(url, alternate)
        out["links"].append({"rel": "alternate", "type": "text/html", "href": out["link"]})
    if isinstance(self_link, str) and self_link:
        out["links"].append({"rel": "self", "type": "application/feed+json", "href": urljoin(url, self_link)})
    return out


def _date(raw: Mapping, *keys: str) -> datetime | None:
    for key in keys:
        value = dict.get(raw, key + "_parsed")  # not FeedParserDict.get, which maps updated to published
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
    return None


def _web_url(base: str, *candidates) -> str:
    """The first candidate that is, once resolved against ``base``, an http(s) URL; else ""."""
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            absolute = urljoin(base, candidate.strip())
            if _is_web_url(absolute):
                return absolute
    return ""


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _int(value) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _is_harmless(exc) -> bool:
    """A bozo flag that says nothing about the feed a reader gets, so not worth a warning on the source.

    A wrong media type (text/html, text/plain) for a feed that parsed, and RFC 3023's rule that text/xml
    without a charset is US-ASCII (RFC 7303 dropped it; servers never meant it) overridden by the
    document's own UTF-8 or other declared encoding.
    """
    if isinstance(exc, feedparser.NonXMLContentType):
        return True
    return isinstance(exc, feedparser.CharacterEncodingOverride) and "declared as us-ascii" in str(exc)


def _looks_like_json(content: bytes) -> bool:
    try:
        head = content[:256].decode(json.detect_encoding(content[:4]), errors="ignore")
    except LookupError:
        return False
    return head.lstrip("\ufeff \t\r\n")[:1] == "{"
