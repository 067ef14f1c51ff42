"""Comment text to HTML: plain text only, with http(s) links made clickable.

Everything the commenter typed is escaped first; the only markup added is ``<p>``, ``<br>`` and ``<a>``
elements we build ourselves, so a comment can never carry HTML of its own.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A URL runs to the next whitespace or character that cannot appear unescaped in one.
URL_RE = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?'\"*"
PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n")
LINK_REL = "nofollow ugc noopener"


def find_urls(text: str) -> list[str]:
    """The http(s) URLs in ``text``, as they will be linked (trailing punctuation left out)."""
    return [url for _, url in _urls(text)]


def count_links(text: str) -> int:
    return len(find_urls(text))


def render_comment(text: str) -> SafeString:
    """Paragraphs from blank lines, line breaks kept, URLs linked, everything else escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip() for p in PARAGRAPH_BREAK_RE.split(text) if p.strip()]
    html = []
    for paragraph in paragraphs:
        lines = [_linkify(line) for line in paragraph.split("\n")]
        html.append("<p>" + "<br>".join(lines) + "</p>")
    return mark_safe("\n".join(html))


def _linkify(line: str) -> str:
    parts = []
    position = 0
    for start, url in _urls(line):
        parts.append(escape(line[position:start]))
        parts.append(f'<a href="{escape(url)}" rel="{LINK_REL}">{escape(url)}</a>')
        position = start + len(url)
    parts.append(escape(line[position:]))
    return "".join(parts)


def _urls(text: str):
    """(start, url) for each linkable URL; a bare "https://" with no host is left as text."""
    for match in URL_RE.finditer(text):
        url = _trim(match.group(0))
        try:
            host = urlsplit(url).hostname
        except ValueError:  # e.g. an unclosed "[" where an IPv6 address would go
            host = None
        if host:
            yield match.start(), url


def _trim(url: str) -> str:
    """Leave off punctuation that ends the sentence, and a closing bracket the URL did not open."""
    while url and url[-1] in TRAILING_PUNCTUATION or (url.endswith(")") and url.count("(") < url.count(")")):
        url = url[:-1]
    return url
