"""Parse XML sitemaps, Google News sitemaps and sitemap indexes into ``FeedEntry`` values.

A news sitemap (``<urlset>`` with ``news:news`` blocks) is how many outlets without a feed list their
latest articles; a ``<sitemapindex>`` points at child sitemaps. ``parse_sitemap`` reads either, plain or
gzip-compressed (``.xml.gz``), and ``sitemaps_from_robots`` finds a site's sitemaps in its robots.txt.

Sitemaps come from strangers, so XML is parsed by ``parse_xml_safely``: no external entities, no network,
no DTD loading, libxml2's size limits kept, and any document that declares entities is refused outright
(sitemaps and OPML never need them; that shuts out XXE and "billion laughs" whatever libxml2 version runs).
"""

from __future__ import annotations

import email.utils
import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree
from protego import Protego

from newsdesk.pipeline.dating import in_utc
from newsdesk.pipeline.errors import BadResponse, FeedParseError, TooLarge
from newsdesk.pipeline.feeds import FeedEntry
from newsdesk.pipeline.urls import is_web_url, join_url

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for one uncompressed sitemap
GZIP_MAGIC = b"\x1f\x8b"
# A bare "&" not starting an entity or character reference: the one ill-formedness common in real sitemaps.
_BARE_AMPERSAND = re.compile(rb"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z_][\w.-]*;)")


@dataclass(frozen=True)
class ParsedSitemap:
    entries: list[FeedEntry] = field(default_factory=list)  # the <url> elements of a <urlset>
    sitemaps: list[str] = field(default_factory=list)  # child sitemap URLs of a <sitemapindex>, absolute
    is_index: bool = False
    publication: str = ""  # news:publication/news:name of the first news entry; "" for a plain sitemap
    warning: str = ""  # set when the document was repaired (bare "&" escaped) before it would parse

    @property
    def is_news(self) -> bool:
        return bool(self.publication)


def parse_sitemap(content: bytes, *, url: str, max_bytes: int = MAX_SITEMAP_BYTES) -> ParsedSitemap:
    """Parse a sitemap or sitemap index fetched from ``url`` (plain or gzip).

    Raises TooLarge past ``max_bytes`` (counted after decompression), BadResponse for corrupt gzip and
    FeedParseError when the body is not a sitemap.
    """
    content = decompress(content, url=url, max_bytes=max_bytes)
    root, warning = parse_xml_safely(content, what="sitemap", url=url)
    name = etree.QName(root).localname
    if name == "sitemapindex":
        children = [loc for child in root if _local(child) == "sitemap" if (loc := _loc(child, url))]
        return ParsedSitemap(sitemaps=list(dict.fromkeys(children)), is_index=True, warning=warning)
    if name != "urlset":
        raise FeedParseError(f"not a sitemap (root element <{name}>, expected <urlset> or <sitemapindex>)", url=url)
    entries, seen, publication = [], set(), ""
    for element in root:
        if _local(element) != "url" or not (loc := _loc(element, url)) or loc in seen:
            continue
        seen.add(loc)
        news = _child(element, "news")
        title = _text(_child(news, "title")) if news is not None else ""
        published = _child(news, "publication_date") if news is not None else None
        if published is None or not _text(published):
            published = _child(element, "lastmod")  # a plain sitemap: last change is the best date we have
        if news is not None and not publication:
            publication = _text(_child(_child(news, "publication"), "name"))
        entries.append(FeedEntry(url=loc, title=title, published=parse_w3c_datetime(_text(published))))
    return ParsedSitemap(entries=entries, publication=publication, warning=warning)


def sitemaps_from_robots(robots_txt: str, *, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs in a robots.txt (any case, any group), absolute, de-duplicated, in order.

    protego reads the file, as it does for the crawl rules (pipeline/robots.py), so both agree on its syntax.
    """
    found = []
    for value in Protego.parse(robots_txt).sitemaps:
        absolute = join_url(base_url, value)
        if value.strip() and is_web_url(absolute):
            found.append(absolute)
    return list(dict.fromkeys(found))


def decompress(content: bytes, *, url: str, max_bytes: int = MAX_SITEMAP_BYTES) -> bytes:
    """Undo gzip when the body starts with its magic bytes (``.xml.gz`` files are served as-is), capped."""
    if not content.startswith(GZIP_MAGIC):
        if len(content) > max_bytes:
            raise TooLarge(f"sitemap exceeds {max_bytes} bytes", url=url)
        return content
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        # max_length stops inflating one byte past the cap: a gzip bomb never gets to fill memory.
        data = inflater.decompress(content, max_bytes + 1)
    except zlib.error as exc:
        raise BadResponse(f"corrupt gzip sitemap: {exc}", url=url) from exc
    if len(data) > max_bytes:
        raise TooLarge(f"sitemap exceeds {max_bytes} bytes once decompressed", url=url)
    if not inflater.eof:
        raise BadResponse("truncated gzip sitemap", url=url)
    return data


def parse_xml_safely(content: bytes, *, what: str, url: str | None = None) -> tuple[etree._Element, str]:
    """Parse untrusted XML; return the root and a warning ("" unless bare "&"s had to be escaped).

    ``what`` names the document in error messages ("sitemap", "OPML file").
    """
    try:
        root, warning = _parse(content), ""
    except etree.XMLSyntaxError as exc:
        repaired = _BARE_AMPERSAND.sub(b"&amp;", content)
        if repaired == content:
            raise FeedParseError(f"{what} is not well-formed XML ({exc})", url=url) from exc
        try:
            root, warning = _parse(repaired), "unescaped '&' in the document was read as '&amp;'"
        except etree.XMLSyntaxError:
            raise FeedParseError(f"{what} is not well-formed XML ({exc})", url=url) from exc
    if root is None:
        raise FeedParseError(f"{what} is empty", url=url)
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise FeedParseError(f"{what} declares XML entities, which it never needs; refused as unsafe", url=url)
    return root, warning


def _parse(content: bytes) -> etree._Element | None:
    # A fresh parser per call: lxml parsers are not safe to share between threads.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
    )
    return etree.fromstring(content, parser)


def parse_w3c_datetime(value: str) -> datetime | None:
    """A W3C datetime (``2026-11-23``, ``2026-11-23T09:15:00+01:00``, ``...Z``) as an aware UTC datetime.

    A date or time without an offset is taken as UTC; an RFC 822 date (seen in the wild) is accepted too.
    """
    value = value.strip()
    if not value:
        return None
    # "2026" and "2026-11" are valid W3C datetimes that fromisoformat does not read: take the first day.
    if re.fullmatch(r"\d{4}", value):
        value += "-01-01"
    elif re.fullmatch(r"\d{4}-\d{2}", value):
        value += "-01"
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return in_utc(parsed)  # None for 9999-12-31T23:59:59-12:00, past the last datetime once in UTC


def _local(element: etree._Element) -> str:
    # Comments are removed at parse time, but entity references (never resolved) have a non-str tag.
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _child(element: etree._Element | None, name: str) -> etree._Element | None:
    """The first child with this local name, in any namespace (publishers get the namespaces wrong)."""
    if element is None:
        return None
    return next((child for child in element if _local(child) == name), None)


def _text(element: etree._Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _loc(element: etree._Element | None, base_url: str) -> str:
    """The <loc>, absolute, when it is a usable http(s) URL (port 99999 or "http:///a" is not); else ""."""
    loc = _text(_child(element, "loc"))
    absolute = join_url(base_url, loc) if loc else ""
    return absolute if is_web_url(absolute) else ""
