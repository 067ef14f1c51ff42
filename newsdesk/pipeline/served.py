"""What a source serves: tell a fetched listing's format from its content, whatever it was added as.

An OPML file calls every outline ``type="rss"``, a person adding a source may pick the wrong kind, and
servers label feeds text/html and sitemaps text/plain: so a poll asks the body. ``recognise`` reads it in
this order (the code's comments reuse the numbers):

1. Undo gzip the fetcher left in place (a ``.xml.gz`` served as a file; Content-Encoding is undone before).
2. JSON (a ``{`` after any BOM and whitespace): a JSON Feed when it names a jsonfeed.org version or has an
   ``items`` list, the test ``feeds.jsonfeed`` applies when it parses one.
3. XML: the root element, as lxml's pull parser meets it (it reads the BOM and the declared encoding and
   skips comments, processing instructions and a DOCTYPE), or, when the prolog is not well-formed
   (whitespace before ``<?xml``, a lower-case ``<!doctype html>``), as a pattern finds it in the first bytes.
   ``<rss>`` is RSS 0.9x/2.0, ``<rdf:RDF>`` RSS 1.0 (and 0.90), ``<feed>`` Atom; ``<urlset>`` is a news
   sitemap when it uses the Google News namespace or ``<news:news>`` blocks, else a plain sitemap;
   ``<sitemapindex>`` a sitemap index.
4. Anything else raises, saying what it is: ``WebPageNotFeed`` for an HTML page (naming the feeds it
   advertises, ``autodiscovery``), ``FeedParseError`` for other XML, other JSON or no document at all.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum

from lxml import etree

from newsdesk.pipeline.autodiscovery import discover_feeds
from newsdesk.pipeline.errors import FeedParseError, WebPageNotFeed
from newsdesk.pipeline.sitemap_reader import MAX_SITEMAP_BYTES, decompress

_SNIFF_BYTES = 65536  # the pull parser gets this much at a time until it meets the root element
_PULL_CHUNKS = 16  # a prolog (comments, DOCTYPE) longer than 1 MiB is not a listing
# The first element name after an XML declaration, comments, processing instructions and a DOCTYPE.
_ROOT = re.compile(rb"^(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*<([A-Za-z_][\w.:-]*)", re.S | re.I)
_NEWS_NAMESPACE = b"google.com/schemas/sitemap-news"
_NEWS_BLOCK = re.compile(rb"<(?:[\w.-]+:)?news[\s/>]")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class ServedFormat(StrEnum):
    RSS = "rss"
    RDF = "rdf"
    ATOM = "atom"
    JSON = "json"
    SITEMAP = "sitemap"
    NEWS_SITEMAP = "news-sitemap"
    SITEMAP_INDEX = "sitemap-index"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_sitemap(self) -> bool:
        return self in (ServedFormat.SITEMAP, ServedFormat.NEWS_SITEMAP, ServedFormat.SITEMAP_INDEX)


_LABELS = {
    ServedFormat.RSS: "RSS feed",
    ServedFormat.RDF: "RDF feed (RSS 1.0)",
    ServedFormat.ATOM: "Atom feed",
    ServedFormat.JSON: "JSON Feed",
    ServedFormat.SITEMAP: "sitemap",
    ServedFormat.NEWS_SITEMAP: "news sitemap",
    ServedFormat.SITEMAP_INDEX: "sitemap index",
}
_ROOTS = {
    "rss": ServedFormat.RSS,
    "rdf": ServedFormat.RDF,
    "feed": ServedFormat.ATOM,
    "sitemapindex": ServedFormat.SITEMAP_INDEX,
}


def recognise(content: bytes, *, content_type: str = "", url: str) -> ServedFormat:
    """The format of a listing fetched from ``url``; ``content_type`` (lower-cased, no parameters) only
    words the error. Raises WebPageNotFeed for an HTML page, FeedParseError for anything else that is not a
    feed or a sitemap, TooLarge or BadResponse for a gzip body too large or corrupt."""
    body = decompress(content, url=url, max_bytes=MAX_SITEMAP_BYTES)  # 1
    text = _as_utf8(body[:_SNIFF_BYTES])
    if text.lstrip(b" \t\r\n")[:1] == b"{":  # 2
        return _json_feed(body, url)
    name = _root_name(body) or _root_name_by_pattern(text)  # 3
    if name in _ROOTS:
        return _ROOTS[name]
    if name == "urlset":
        # The namespace is declared on the root or on the first <news:news>: both come in the first bytes.
        news = _NEWS_NAMESPACE in text or _NEWS_BLOCK.search(text) is not None
        return ServedFormat.NEWS_SITEMAP if news else ServedFormat.SITEMAP
    if name == "html" or content_type in _HTML_TYPES:  # 4
        raise _web_page(body, url)
    raise FeedParseError(f"not a feed or a sitemap: {_describe(name, content_type, body)}", url=url)


def _json_feed(body: bytes, url: str) -> ServedFormat:
    try:
        data = json.loads(body.decode(json.detect_encoding(body[:4])).lstrip("\ufeff"))
    except (UnicodeDecodeError, ValueError, LookupError) as exc:
        raise FeedParseError(
            f"not a feed or a sitemap: a body starting like JSON that does not parse ({exc})", url=url
        ) from exc
    if isinstance(data, dict) and (
        "jsonfeed.org/version" in str(data.get("version", "")) or isinstance(data.get("items"), list)
    ):
        return ServedFormat.JSON
    keys = ", ".join(sorted(map(str, data))[:5]) if isinstance(data, dict) else type(data).__name__
    raise FeedParseError(
        f"not a feed or a sitemap: JSON, but not a JSON Feed (no jsonfeed.org version, no items list; has {keys})",
        url=url,
    )


def _root_name(body: bytes) -> str | None:
    """The root element's local name, lower-cased, as lxml meets it; None when the prolog is not well-formed."""
    # Entities are never resolved and no DTD is loaded: only the root's start tag is read, never the rest.
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True, load_dtd=False)
    try:
        for offset in range(0, min(len(body), _PULL_CHUNKS * _SNIFF_BYTES), _SNIFF_BYTES):
            parser.feed(body[offset : offset + _SNIFF_BYTES])
            for _event, element in parser.read_events():
                return etree.QName(element).localname.lower()
    except etree.XMLSyntaxError:
        return None
    return None


def _root_name_by_pattern(text: bytes) -> str | None:
    match = _ROOT.match(text.lstrip(b" \t\r\n"))
    return match.group(1).decode("ascii").rpartition(":")[2].lower() if match else None  # "rdf:RDF" -> "rdf"


def _as_utf8(head: bytes) -> bytes:
    """The first bytes with a UTF-8 BOM dropped and UTF-16 transcoded, for the patterns (names are ASCII)."""
    if head.startswith(_UTF16_BOMS):
        return head.decode("utf-16", errors="ignore").encode("utf-8")
    return head.removeprefix(b"\xef\xbb\xbf")


def _web_page(body: bytes, url: str) -> WebPageNotFeed:
    try:
        feeds = [feed.url for feed in discover_feeds(body, base_url=url)]
    except (ValueError, etree.LxmlError):  # a page lxml cannot read advertises nothing we can name
        feeds = []
    advice = f"; it links to the feed {feeds[0]}: add that address instead" if feeds else ""
    return WebPageNotFeed(f"this address serves a web page (HTML), not a feed or a sitemap{advice}", url=url)


def _describe(name: str | None, content_type: str, body: bytes) -> str:
    if name:
        return f"an XML document whose root element is <{name}>"
    if not body.strip():
        return "an empty body"
    return f"a body that is neither XML nor JSON ({content_type or 'no Content-Type'})"
