"""Read and write OPML subscription lists, the format every feed reader imports and exports.

``parse_opml`` flattens the outline tree into one ``OpmlOutline`` per feed (an outline with an ``xmlUrl``),
naming its category after the folder outlines above it. ``write_opml`` writes OPML 2.0 with one folder
outline per category, so what it writes parses back to the same outlines.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from newsdesk.pipeline.errors import FeedParseError
from newsdesk.pipeline.sitemap_reader import parse_xml_safely

# Characters XML 1.0 cannot carry at all; lxml refuses them, and a stray one in a feed title happens.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class OpmlLimits:
    """How much of a stranger's OPML file is read: a reader's export of thousands of feeds is well under 1 MB;
    300,000 outlines took 805 MB to import before these limits."""

    max_bytes: int = 5 * 1024 * 1024
    max_outlines: int = 10_000  # every <outline>, folders included


@dataclass(frozen=True)
class OpmlOutline:
    xml_url: str  # the feed's address, as written in the file (not validated here)
    title: str = ""
    html_url: str = ""  # the site's home page
    category: str = ""  # folder names from the outermost in, joined with "/"; "" at the top level


def parse_opml(content: bytes, *, limits: OpmlLimits | None = None) -> list[OpmlOutline]:
    """Every outline with an ``xmlUrl``, in document order; raise FeedParseError for a non-OPML file, or
    one past ``limits`` (size first, before parsing; then the number of outlines, before reading them)."""
    limits = limits or OpmlLimits()
    if len(content) > limits.max_bytes:
        raise FeedParseError(f"OPML file is {len(content):,} bytes, over the limit of {limits.max_bytes:,}")
    root, _warning = parse_xml_safely(content, what="OPML file")
    if _local(root) != "opml":
        raise FeedParseError(f"not an OPML file (root element <{_local(root)}>, expected <opml>)")
    body = next((child for child in root if _local(child) == "body"), None)
    if body is None:
        raise FeedParseError("OPML file has no <body>")
    outlines = sum(1 for _ in body.iter("{*}outline"))
    if outlines > limits.max_outlines:
        raise FeedParseError(f"OPML file has {outlines:,} outlines, over the limit of {limits.max_outlines:,}")
    found: list[OpmlOutline] = []
    _walk(body, (), found)
    return found


def _walk(parent: etree._Element, folders: tuple[str, ...], found: list[OpmlOutline]) -> None:
    for outline in parent:
        if _local(outline) != "outline":
            continue
        # Attribute names are case-sensitive in XML, but exporters write xmlurl, XMLURL and xmlUrl alike.
        attributes = {name.lower(): " ".join(value.split()) for name, value in outline.attrib.items()}
        label = attributes.get("text") or attributes.get("title") or ""
        if attributes.get("xmlurl"):
            category = "/".join(folders) or attributes.get("category", "").split(",")[0].strip("/ ")
            found.append(
                OpmlOutline(
                    xml_url=attributes["xmlurl"],
                    title=attributes.get("title") or label,
                    html_url=attributes.get("htmlurl", ""),
                    category=category,
                )
            )
        # A folder outline adds its name to the category; feeds nested under a feed (rare but legal) keep
        # the folder of the feed above them.
        inner = folders if attributes.get("xmlurl") or not label else (*folders, label)
        _walk(outline, inner, found)


def write_opml(outlines: Iterable[OpmlOutline], *, title: str, now: datetime | None = None) -> bytes:
    """OPML 2.0 in UTF-8: uncategorised feeds at the top level, the rest in one folder per category."""
    opml = etree.Element("opml", version="2.0")
    head = etree.SubElement(opml, "head")
    etree.SubElement(head, "title").text = _xml_text(title)
    created = (now or datetime.now(UTC)).astimezone(UTC)
    etree.SubElement(head, "dateCreated").text = email.utils.format_datetime(created, usegmt=True)
    body = etree.SubElement(opml, "body")
    folders: dict[str, etree._Element] = {}
    for item in outlines:
        parent = body
        if item.category:
            if item.category not in folders:
                name = _xml_text(item.category)
                folders[item.category] = etree.SubElement(body, "outline", text=name, title=name)
            parent = folders[item.category]
        label = _xml_text(item.title) or item.xml_url
        attributes = {"type": "rss", "text": label, "title": label, "xmlUrl": _xml_text(item.xml_url)}
        if item.html_url:
            attributes["htmlUrl"] = _xml_text(item.html_url)
        etree.SubElement(parent, "outline", attributes)
    return etree.tostring(opml, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""
