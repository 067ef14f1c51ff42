"""Small text and URL helpers shared by the feed readers, and the options every reader applies."""

from __future__ import annotations

import re

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


def clean(value) -> str:
    return " ".join(_CONTROL.sub("", str(value or "")).split())


def strip_controls(value: str) -> str:
    return _CONTROL.sub("", value)


def web_url(base: str, *candidates) -> str:
    """The first candidate that is, once resolved against ``base``, a usable http(s) URL; else ""."""
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            absolute = join_url(base, candidate)
            if is_web_url(absolute):
                return absolute
    return ""


__all__ = ["RESOLVE_RELATIVE_URIS", "SANITIZE_HTML", "clean", "is_web_url", "strip_controls", "web_url"]
