"""Step 1b: JSON Feed 1.0/1.1 (jsonfeed.org), which feedparser 6 does not read, in feedparser's result shape.

A JSON Feed is a stranger's JSON: any field may hold any type. Every value is taken through ``_text`` (a
string, lone surrogates removed), ``_scalar``, ``_list`` or ``_url``, so a field of the wrong type is dropped,
never passed on to fail later (an attachment ``url`` that is a number, an ``items`` that is a string). URLs
keep their surrogates, so that ``typed`` finds them unusable rather than a different address stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import feedparser
from feedparser.urls import resolve_relative_uris

from newsdesk.pipeline.errors import FeedParseError
from newsdesk.pipeline.feeds import text as options
from newsdesk.pipeline.urls import join_url

_SURROGATE = re.compile("[\ud800-\udfff]")  # a JSON "\ud800" escape decodes to one; UTF-8 cannot hold it


def parse_json_feed(content: bytes, *, url: str) -> dict[str, Any]:
    """JSON Feed 1.0/1.1 (jsonfeed.org) in feedparser's result shape, its HTML sanitised (``text.sanitize_html``)."""
    data = _load(content, url)
    if not isinstance(data, dict) or not (
        "jsonfeed.org/version" in (_text(data.get("version")) or "") or isinstance(data.get("items"), list)
    ):
        raise FeedParseError("JSON document is not a JSON Feed (no jsonfeed.org version, no items)", url=url)
    version = _text(data.get("version")) or ""
    feed = feedparser.FeedParserDict(_json_common(data, url))
    feed.update(_json_links(url, data.get("home_page_url"), data.get("feed_url")))
    for key, json_key in (("subtitle", "description"), ("language", "language")):
        if (value := _text(data.get(json_key))) is not None:
            feed[key] = value
    if icon := _url(url, data.get("icon")):
        feed["image"] = {"href": icon}
    if favicon := _url(url, data.get("favicon")):
        feed["icon"] = favicon
    entries = [_entry(item, url) for item in _list(data.get("items")) if isinstance(item, dict)]
    document: dict[str, Any] = feedparser.FeedParserDict(
        bozo=False,
        entries=entries,
        feed=feed,
        headers={},
        href=url,
        version="json11" if "1.1" in version else "json1",
        encoding="utf-8",
    )
    return document


def looks_like_json(content: bytes) -> bool:
    try:
        head = content[:256].decode(json.detect_encoding(content[:4]), errors="ignore")
    except LookupError:
        return False
    return head.lstrip("\ufeff \t\r\n")[:1] == "{"


def _load(content: bytes, url: str) -> object:
    try:
        return json.loads(content)
    except RecursionError as exc:
        # The C decoder counts its depth against the interpreter's recursion limit (about 1,000).
        raise FeedParseError("invalid JSON feed (nested too deep to be a feed)", url=url) from exc
    except (UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError, and integers past 4,300 digits
        raise FeedParseError(f"invalid JSON feed ({exc})", url=url) from exc


def _entry(item: Mapping[str, Any], url: str) -> dict[str, Any]:
    entry: dict[str, Any] = feedparser.FeedParserDict(_json_common(item, url))
    entry.update(_json_links(url, _url(url, item.get("url")) or _url(url, item.get("external_url"))))
    if guid := _scalar(item.get("id")):
        entry["id"] = guid
    if (summary := _text(item.get("summary"))) is not None:  # plain text, per the spec
        entry["summary"] = summary
        entry["summary_detail"] = {"type": "text/plain", "value": summary}
    blocks = [
        ("text/html", _json_html(_text(item.get("content_html")), url)),
        ("text/plain", _text(item.get("content_text"))),
    ]
    entry["content"] = [{"type": kind, "value": value} for kind, value in blocks if value is not None]
    for key, json_key in (("published", "date_published"), ("updated", "date_modified")):
        if (value := _text(item.get(json_key))) is not None:
            entry[key] = value
            entry[key + "_parsed"] = options.feed_date(value)
    entry["tags"] = [{"term": term} for tag in _list(item.get("tags")) if (term := _scalar(tag))]
    for attachment in _list(item.get("attachments")):
        if isinstance(attachment, dict) and (href := _url(url, attachment.get("url"))):
            size = attachment.get("size_in_bytes")
            entry["links"].append(
                {
                    "rel": "enclosure",
                    "href": href,
                    "type": _text(attachment.get("mime_type")) or "",
                    "length": str(size) if isinstance(size, int) and not isinstance(size, bool) else "",
                }
            )
    if image := _url(url, item.get("image")) or _url(url, item.get("banner_image")):
        entry["image"] = {"href": image}
    return entry


def _text(value: object) -> str | None:
    """A string field, lone surrogates removed; None for any other type."""
    return _SURROGATE.sub("", value) if isinstance(value, str) else None


def _scalar(value: object) -> str | None:
    """A string, or a number written as one (ids and tags are strings in the spec; numbers are common)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return _text(value)


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _url(base: str, value: object) -> str:
    """A URL field resolved against the feed's address; "" when it is not a string or cannot be resolved."""
    return join_url(base, value) if isinstance(value, str) and value.strip() else ""


def _json_html(value: str | None, base: str) -> str | None:
    if value is None:
        return None
    if options.RESOLVE_RELATIVE_URIS:
        value = resolve_relative_uris(value, base, "utf-8", "text/html")
    return options.sanitize_html(value) if options.SANITIZE_HTML else value


def _json_common(obj: Mapping[str, Any], url: str) -> dict[str, Any]:
    """title and authors (1.1 ``authors``, 1.0 ``author``), shared by a JSON feed and its items."""
    out: dict[str, Any] = {}
    if (title := _text(obj.get("title"))) is not None:
        out["title"] = title
        out["title_detail"] = {"type": "text/plain", "value": title}
    people = obj["authors"] if isinstance(obj.get("authors"), list) and obj["authors"] else [obj.get("author")]
    authors = [
        {"name": _text(p.get("name")) or "", **({"href": href} if (href := _url(url, p.get("url"))) else {})}
        for p in people
        if isinstance(p, dict)
    ]
    if authors:
        out.update(authors=authors, author_detail=authors[0], author=authors[0]["name"])
    return out


def _json_links(url: str, alternate: object, self_link: object = None) -> dict[str, Any]:
    out: dict[str, Any] = {"links": []}
    if href := _url(url, alternate):
        out["link"] = href
        out["links"].append({"rel": "alternate", "type": "text/html", "href": href})
    if href := _url(url, self_link):
        out["links"].append({"rel": "self", "type": "application/feed+json", "href": href})
    return out
