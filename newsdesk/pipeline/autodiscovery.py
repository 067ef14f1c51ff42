"""Find a site's feeds from its home page, and tell a feed or sitemap body from an HTML page.

``discover_feeds`` reads ``<link rel="alternate" type="application/rss+xml" href="...">`` and its Atom and
JSON Feed siblings (the autodiscovery convention every blog engine follows). ``sniff_feed_kind``,
``looks_like_feed`` and ``looks_like_sitemap`` look only at the first bytes, so a caller can decide what a
URL points at before parsing the whole body.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin

from lxml import etree

from newsdesk.pipeline.sitemap_reader import GZIP_MAGIC

FeedKind = Literal["rss", "atom", "json", "feed"]

# Declared types of autodiscovery links. "application/json" is also what WordPress uses for its REST API
# links on every page, so those candidates are tried after the unambiguous ones (see discover_feeds).
_LINK_TYPES: dict[str, FeedKind] = {
    "application/rss+xml": "rss",
    "application/x-rss+xml": "rss",
    "application/rdf+xml": "rss",
    "application/atom+xml": "atom",
    "application/x-atom+xml": "atom",
    "application/feed+json": "json",
    "application/json": "json",
}
_FEED_ROOTS: dict[str, FeedKind] = {"rss": "rss", "rdf": "rss", "feed": "atom"}
_SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_SNIFF_BYTES = 4096
# The first element name after any XML declaration, comments, processing instructions and DOCTYPE.
_ROOT = re.compile(rb"^(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*<([A-Za-z_][\w.:-]*)", re.S | re.I)


@dataclass(frozen=True)
class DiscoveredFeed:
    url: str
    kind: FeedKind
    title: str = ""


def discover_feeds(html: bytes | str, *, base_url: str) -> list[DiscoveredFeed]:
    """Feeds a page advertises, absolute and de-duplicated, main feeds first.

    Page order is kept, except that comment feeds and plain ``application/json`` links go last: the first
    result is the one a person adding "the site" means.
    """
    if isinstance(html, str):
        # lxml refuses str input that carries an encoding declaration; re-encode and say which encoding.
        html, parser = html.encode("utf-8"), etree.HTMLParser(encoding="utf-8", no_network=True)
    else:
        parser = etree.HTMLParser(no_network=True)
    if not html.strip():
        return []
    root = etree.fromstring(html, parser)
    if root is None:
        return []
    base = next((urljoin(base_url, href.strip()) for href in root.xpath("//base/@href") if href.strip()), base_url)
    found: dict[str, tuple[tuple[bool, bool], DiscoveredFeed]] = {}
    for link in root.xpath("//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        declared = (link.get("type") or "").split(";", 1)[0].strip().lower()
        if "alternate" in rel and declared in _LINK_TYPES:
            kind: FeedKind = _LINK_TYPES[declared]
        elif "feed" in rel and declared not in ("text/html", "application/xhtml+xml"):
            kind = "feed"  # the HTML standard's rel="feed": what kind is known only once fetched
        else:
            continue
        href = link.get("href", "").strip()
        url = urljoin(base, href)
        if not href or not url.startswith(("http://", "https://")) or url in found:
            continue
        title = " ".join((link.get("title") or "").split())
        rank = ("comment" in title.lower(), declared == "application/json")
        found[url] = (rank, DiscoveredFeed(url=url, kind=kind, title=title))
    # sorted() is stable: page order is kept within each rank.
    return [feed for _rank, feed in sorted(found.values(), key=lambda pair: pair[0])]


def sniff_feed_kind(content: bytes, content_type: str = "") -> FeedKind | None:
    """The kind of feed the body starts like ("rss", "atom" or "json"), or None when it is not a feed.

    The body decides, not ``content_type``: servers label feeds text/html and pages text/xml. The type is
    only used to look for JSON Feed's version marker in a body declared as JSON.
    """
    head = _head(content)
    if head.startswith(b"{") or content_type.endswith("json"):
        # JSON Feed's required "version" key may come anywhere in the object, so search the whole body.
        return "json" if b"jsonfeed.org/version" in content else None
    name = _root_name(head)
    return _FEED_ROOTS.get(name) if name else None


def looks_like_feed(content: bytes, content_type: str = "") -> bool:
    return sniff_feed_kind(content, content_type) is not None


def looks_like_sitemap(content: bytes) -> bool:
    """True for a ``<urlset>`` or ``<sitemapindex>`` body, gzip-compressed or not."""
    head = content[:_SNIFF_BYTES]
    if content.startswith(GZIP_MAGIC):
        try:  # inflate just enough to see the root element; the body is parsed (with its cap) later
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(content[:65536], _SNIFF_BYTES)
        except zlib.error:
            return False
    return _root_name(_head(head)) in _SITEMAP_ROOTS


def _head(content: bytes) -> bytes:
    head = content[:_SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: element names are ASCII once decoded
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")


def _root_name(head: bytes) -> str | None:
    match = _ROOT.match(head)
    if not match:
        return None
    return match.group(1).decode("ascii").rpartition(":")[2].lower()  # "rdf:RDF" -> "rdf"
