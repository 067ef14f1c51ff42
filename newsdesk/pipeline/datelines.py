"""Datelines: "STANNARD CROSS, 24 November (Metro Wire) — ", "WASHINGTON (Reuters) - ", "PORT ELLERY — ".

A report's opening names where it was filed from and often who filed it. Both matter to the entities stage
(the place) and get in the way where a sentence is quoted on its own (a story summary, key facts' "what").
"""

from __future__ import annotations

import re

DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'’\-]*(?:[ \t]+[A-Z][A-Z.'’\-]*){0,3})"
    r"(?:,[^\n—–()]{1,40}?)?\s*(?:\([^\n()]{1,40}\))?\s*(?:—|–|--?)\s+"
)


def dateline_place(text: str) -> str | None:
    """The place a text's opening dateline names, as written (upper case), if it opens with one."""
    match = DATELINE.match(text)
    if match is None or len(match.group("place")) < 3:
        return None
    return match.group("place")


def without_dateline(sentence: str) -> str:
    """A sentence without its opening dateline: the event, as a reader wants it stated on its own."""
    match = DATELINE.match(sentence)
    if match is None or len(match.group("place")) < 3 or match.end() >= len(sentence):
        return sentence
    rest = sentence[match.end():]
    return rest[:1].upper() + rest[1:]
