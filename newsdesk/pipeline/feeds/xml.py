"""Step 1a: XML feeds (RSS 0.9x/1.0/2.0, Atom 0.3/1.0) through feedparser with our options."""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Mapping
from typing import Any

import feedparser

from newsdesk.pipeline.errors import FeedParseError
from newsdesk.pipeline.feeds import text as options
from newsdesk.pipeline.feeds.text import http_date, is_web_url
from newsdesk.pipeline.urls import join_url

logger = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32be"),
    (codecs.BOM_UTF32_LE, "utf-32le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16be"),
    (codecs.BOM_UTF16_LE, "utf-16le"),
)
_CHARSET = re.compile(r"charset\s*=\s*([^;]+)", re.I)
_DEFAULT_LABELS = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"}
_CHARREF = re.compile(rb"&#([xX][0-9a-fA-F]+|[0-9]+)(?![0-9a-zA-Z])")
_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']""")
# Elements whose text feedparser searches for an e-mail address with a regular expression that is quadratic
# on a long run of letters and digits (2 s at 20,000 characters, 8 s at 40,000: a 1 MB author would hold a
# poll for an hour). Their content, up to the first closing tag, is cut to AUTHOR_MAX_BYTES before parsing:
# a linear pattern (no nested repetition), and no real byline is that long.
_AUTHOR_ELEMENT = re.compile(
    rb"(<(?:[A-Za-z_][\w.-]*:)?(?:author|creator|managingEditor|webMaster|publisher)(?:\s[^<>]*)?>)"
    rb"((?:[^<]|<(?!/))*)",
    re.I,
)
AUTHOR_MAX_BYTES = 256


def parse_with_feedparser(content: bytes, *, url: str, headers: Mapping[str, str] | None = None) -> dict[str, Any]:
    """feedparser with our options, given the body and response headers of ``url``.

    The result is what ``feedparser.parse(url)`` returns when it fetches the same response itself: the
    feed's address is the base for relative links (a Content-Location header, resolved against it, takes
    precedence, as in feedparser), and ``href``, ``etag`` and ``modified`` come from the response.
    """
    response = {name.lower(): str(value).strip() for name, value in (headers or {}).items()}
    base = join_url(url, response["content-location"]) if response.get("content-location") else url
    if is_web_url(base):
        response["content-location"] = base
    elif is_web_url(url):
        response["content-location"] = url  # e.g. a javascript: Content-Location is ignored
    # Without a Content-Type among response headers feedparser defaults to ISO-8859-1 and flags the feed;
    # application/xml means "the BOM or the XML declaration, else UTF-8", its rule for a document read
    # without HTTP at all (RFC 7303).
    response.setdefault("content-type", "application/xml")
    if charset := _charset_override(response["content-type"], content):
        response["content-type"] = response["content-type"].split(";", 1)[0].strip() + "; charset=" + charset
    try:
        result: dict[str, Any] = feedparser.parse(
            _cut_long_authors(_replace_bad_charrefs(content)),
            response_headers=response,
            sanitize_html=options.SANITIZE_HTML,
            resolve_relative_uris=options.RESOLVE_RELATIVE_URIS,
        )
    except Exception as exc:  # noqa: BLE001 - see below
        # feedparser turns what it can into its bozo flag, but some hostile documents still crash it (an
        # encoding label with a NUL, a namespace URI it splits wrongly: found by tests/fuzz). It is a library
        # reading a stranger's bytes: whatever it raises means "not a feed we can read", for this feed only.
        logger.warning("feedparser failed url=%s error=%s", url, type(exc).__name__, exc_info=True)
        raise FeedParseError(f"the feed reader failed on this document ({type(exc).__name__}: {exc})", url=url) from exc
    _prefer_alternate_links(result)
    result["href"] = url
    if response.get("etag"):
        result["etag"] = response["etag"]
    if response.get("last-modified"):
        result["modified"] = response["last-modified"]
        result["modified_parsed"] = http_date(response["last-modified"])  # RFC 9110: an IMF-fixdate
    return result


def _replace_bad_charrefs(content: bytes) -> bytes:
    """Numeric character references to no character (``&#0;``, ``&#xD800;``, ``&#x110000;``) as U+FFFD.

    feedparser's loose parser calls ``chr()`` on them and crashes (ValueError, OverflowError,
    UnicodeEncodeError); read as the replacement character, the rest of the feed survives. Only bodies in
    an ASCII-compatible encoding are mended here; others reach the FeedParseError above.
    """
    if b"&#" not in content:
        return content
    return _CHARREF.sub(_mend_charref, content)


def _cut_long_authors(content: bytes) -> bytes:
    """Author-like elements' content cut to AUTHOR_MAX_BYTES (see _AUTHOR_ELEMENT); other bytes untouched.
    Cutting may leave a comment or CDATA section unclosed: the feed is then read by feedparser's loose parser,
    which is what a document this hostile deserves."""
    return _AUTHOR_ELEMENT.sub(_cut_author, content)


def _cut_author(match: re.Match[bytes]) -> bytes:
    start, inner = match.group(1), match.group(2)
    if len(inner) <= AUTHOR_MAX_BYTES:
        return match.group(0)
    inner = inner[:AUTHOR_MAX_BYTES]
    if (ampersand := inner.rfind(b"&")) > inner.rfind(b";"):
        inner = inner[:ampersand]  # never end on half a character reference
    return start + inner


def _mend_charref(match: re.Match[bytes]) -> bytes:
    digits = match.group(1)
    hexadecimal = digits[:1] in (b"x", b"X")
    number = (digits[1:] if hexadecimal else digits).lstrip(b"0") or b"0"
    if len(number) > 8:  # past U+10FFFF in either base, and int() refuses 4,300 digits
        return b"&#xFFFD;"
    code = int(number, 16 if hexadecimal else 10)
    if code in (0x9, 0xA, 0xD) or 0x20 <= code < 0xD800 or 0xE000 <= code <= 0x10FFFF:
        return match.group(0)
    return b"&#xFFFD;"


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


def _prefer_alternate_links(result: dict[str, Any]) -> None:
    """Make ``link`` the feed's and each entry's last rel="alternate" link, as feedparser's newer releases do.

    feedparser 6.0 sets ``link`` from the last <link> whose address is its text, whatever its rel (an
    enclosure), and leaves it unset for an RSS channel's <atom:link rel="alternate"> whose atom: prefix was
    never declared (a common slip, read as ``atom_link``).
    """
    for context in (result.get("feed") or {}, *(result.get("entries") or [])):
        alternates = [
            link["href"] for link in context.get("links") or [] if link.get("rel") == "alternate" and link.get("href")
        ]
        undeclared = context.get("atom_link")
        if not alternates and isinstance(undeclared, Mapping) and undeclared.get("rel", "alternate") == "alternate":
            alternates = [undeclared["href"]] if undeclared.get("href") else []
        if alternates and context.get("link") not in alternates:
            context["link"] = alternates[-1]
