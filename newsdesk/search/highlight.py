"""Highlighted text for pages, feeds and the API, built from escaped text (pure Python, no Django).

Both engines return text with matched words between MARK_START and MARK_END, two control characters that
indexing strips from every document (``clean``), so a document cannot forge a marker. The HTML is built
by escaping every piece of text and only then adding ``<mark>`` tags: whatever a headline contains
(``<script>`` included) is shown as text.
"""

from __future__ import annotations

import html
import re

MARK_START = "\x02"
MARK_END = "\x03"
_MARKERS = {ord(MARK_START): None, ord(MARK_END): None}
# Matches separated only by spaces are one run (PostgreSQL marks each word of a phrase on its own).
_BETWEEN_RUNS = re.compile(f"{MARK_END}([ \t]+){MARK_START}")
_MARKER = re.compile(f"([{MARK_START}{MARK_END}])")


def clean(text: str) -> str:
    """Text fit to index: without the marker characters."""
    return (text or "").translate(_MARKERS)


def marked_to_html(marked: str) -> str:
    """Escaped HTML of ``marked`` text, each matched run wrapped in ``<mark>``."""
    out: list[str] = []
    inside = False
    for piece in _split(_BETWEEN_RUNS.sub(r"\1", marked)):
        if piece == MARK_START:
            if not inside:
                out.append("<mark>")
                inside = True
        elif piece == MARK_END:
            if inside:
                out.append("</mark>")
                inside = False
        else:
            out.append(html.escape(piece, quote=True))
    if inside:
        out.append("</mark>")
    return "".join(out)


def marked_to_text(marked: str) -> str:
    """The same text with the markers taken out (feeds' titles, plain contexts)."""
    return clean(marked)


def has_mark(marked: str) -> bool:
    return MARK_START in marked


def _split(marked: str):
    """The text in pieces: runs of text, and each marker on its own."""
    return [piece for piece in _MARKER.split(marked) if piece]
