"""Step 1b: JSON Feed 1.0/1.1 (jsonfeed.org), which feedparser 6 does not read, in feedparser's result shape."""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import urljoin

import feedparser
from feedparser.datetimes import _parse_date as _feedparser_date  # feedparser's many date formats
from feedparser.sanitizer import _sanitize_html  # the sanitiser feedparser applies to XML feeds
from feedparser.urls import resolve_relative_uris

from newsdesk.pipeline.errors import FeedParseError
from newsdesk.pipeline.feeds import text as options


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


def looks_like_json(content: bytes) -> bool:
    try:
        head = content[:256].decode(json.detect_encoding(content[:4]), errors="ignore")
    except LookupError:
        return False
    return head.lstrip("\ufeff \t\r\n")[:1] == "{"


def _json_html(value, base: str) -> str | None:
    if not isinstance(value, str):
        return None
    if options.RESOLVE_RELATIVE_URIS:
        value = resolve_relative_uris(value, base, "utf-8", "text/html")
    return _sanitize_html(value, "utf-8", "text/html") if options.SANITIZE_HTML else value


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
