"""Datelines: "STANNARD CROSS, 24 November (Metro Wire) — ", "WASHINGTON (Reuters) - ", "PORT ELLERY — ".

A report's opening names where it was filed from and often who filed it. Both matter to the entities stage
(the place) and get in the way where a sentence is quoted on its own (a story summary, key facts' "what"),
and where reports are compared (story clustering): the place, day and agency of filing are shared by every
report one agency files from one town that week, whatever each is about.
"""

from __future__ import annotations

import re

DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'’\-]*(?:[ \t]+[A-Z][A-Z.'’\-]*){0,3})"
    r"(?:,[^\n—–()]{1,40}?)?\s*(?:\([^\n()]{1,40}\))?\s*(?:—|–|--?)\s+"
)


def opening_dateline(text: str) -> re.Match[str] | None:
    """The dateline a text opens with (its ``place`` group at least three characters), if any."""
    match = DATELINE.match(text)
    return match if match is not None and len(match.group("place")) >= 3 else None


def after_dateline(text: str) -> str:
    """The text from its first word after the opening dateline (the text itself when it opens with none)."""
    match = opening_dateline(text)
    return text if match is None else text[match.end() :]


def without_dateline(sentence: str) -> str:
    """A sentence without its opening dateline: the event, as a reader wants it stated on its own."""
    match = opening_dateline(sentence)
    if match is None or match.end() >= len(sentence):
        return sentence
    rest = sentence[match.end() :]
    return rest[:1].upper() + rest[1:]
