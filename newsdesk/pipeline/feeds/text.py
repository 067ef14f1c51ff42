"""Small text and URL helpers shared by the feed readers, and the options every reader applies."""

from __future__ import annotations

import re
import time
from datetime import datetime
from email.utils import parsedate_to_datetime

import nh3

from newsdesk.pipeline.dating import in_utc
from newsdesk.pipeline.urls import is_web_url, join_url

# feedparser's defaults, kept on purpose. Feed HTML is shown to readers, so scripts, event handlers, frames and
# unsafe styles must go; relative links inside it must point at the outlet, not at us. Measured on feedparser's
# conformance files (bench/feed_conformance.py): 2,087 of 2,097 pass with sanitising, 1,635 without (its 745
# sanitiser files expect it; none expects raw HTML).
SANITIZE_HTML = True
RESOLVE_RELATIVE_URIS = True

# C0 controls other than tab, newline and return: not allowed in XML 1.0, garbage to a reader. Lone
# surrogates (a JSON "\ud800", an XML "&#xD800;" read loosely) cannot be encoded as UTF-8, so no database
# or page can hold them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")

# The HTML a feed may show a reader: text structure, links, pictures, tables. Anything that runs code, loads a
# frame, submits a form or restyles our page is not here (no script, style, iframe, object, form, svg; no
# event handler, style, class or id attribute), and a URL must be http(s) or mailto, a picture's http(s):
# javascript: and data: URLs are dropped. This is stricter than feedparser's sanitiser, which keeps forms,
# classes, ids, inline styles and data: pictures. nh3 (ammonia, an html5ever parser) reads broken markup as a
# browser would, so what it keeps is what a browser would see.
HTML_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "div",
        "span",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "q",
        "cite",
        "pre",
        "code",
        "kbd",
        "samp",
        "var",
        "a",
        "em",
        "strong",
        "b",
        "i",
        "u",
        "s",
        "del",
        "ins",
        "sub",
        "sup",
        "small",
        "mark",
        "abbr",
        "time",
        "img",
        "figure",
        "figcaption",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "col",
        "colgroup",
    }
)
HTML_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
}
HTML_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with everything inside them, not just unwrapped: their content is code, or a widget, not text.
_HTML_DROPPED = {"script", "style", "iframe", "object", "embed", "noscript", "template", "form", "svg", "math"}


def _picture_source(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not value.lower().startswith(("http://", "https://")):
        return None  # a mailto: picture, or a relative one when relative links are left unresolved
    return value


def sanitize_html(value: str) -> str:
    """Feed HTML reduced to the allow-list above (relative links are resolved before, by the reader)."""
    return nh3.clean(
        value,
        tags=set(HTML_TAGS),
        clean_content_tags=_HTML_DROPPED,
        attributes=HTML_ATTRIBUTES,
        url_schemes=set(HTML_URL_SCHEMES),
        attribute_filter=_picture_source,
        link_rel=None,
        strip_comments=True,
    )


def feed_date(value: str) -> time.struct_time | None:
    """A JSON Feed date: RFC 3339 as its spec says, else the RFC 822 date some feeds send; None if neither.

    The result is in UTC, in the shape feedparser gives its ``*_parsed`` values; a date that falls outside
    years 1 to 9999 once in UTC is None.
    """
    text = value.strip().upper()  # RFC 3339 allows a lower-case "t" and "z"; fromisoformat does not
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return http_date(value)
    return _utc(parsed)


def http_date(value: str) -> time.struct_time | None:
    """An RFC 822 / RFC 9110 date (Last-Modified, pubDate) in UTC as a struct_time; None if it is not one."""
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):  # not a date, or a field out of range
        return None
    return _utc(parsed)


def _utc(parsed: datetime) -> time.struct_time | None:
    utc = in_utc(parsed)  # no offset given: read as UTC, as feedparser does
    return utc.timetuple() if utc is not None else None


def clean(value: object) -> str:
    return " ".join(_CONTROL.sub("", str(value or "")).split())


def strip_controls(value: str) -> str:
    return _CONTROL.sub("", value)


def web_url(base: str, *candidates: object) -> str:
    """The first candidate that is, once resolved against ``base``, a usable http(s) URL; else ""."""
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            absolute = join_url(base, candidate)
            if is_web_url(absolute):
                return absolute
    return ""


__all__ = [
    "HTML_ATTRIBUTES",
    "HTML_TAGS",
    "HTML_URL_SCHEMES",
    "RESOLVE_RELATIVE_URIS",
    "SANITIZE_HTML",
    "clean",
    "feed_date",
    "http_date",
    "is_web_url",
    "sanitize_html",
    "strip_controls",
    "web_url",
]
