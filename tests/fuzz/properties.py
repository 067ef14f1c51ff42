"""What every reader's output must be, whatever it was given; and a count of the cases each fuzz test ran.

A reader returns values or raises a ``PipelineError``; ``outcome`` runs one and says which, letting any other
exception through so that Hypothesis reports it (and shrinks it) as the failure it is.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime

from newsdesk.pipeline.errors import PipelineError
from newsdesk.pipeline.urls import canonicalize, is_web_url

# test name -> cases run, typed errors among them; seconds per test. Read by the summary line (report.py).
CASES: Counter = Counter()
TYPED_ERRORS: Counter = Counter()
SECONDS: Counter = Counter()


def outcome(name: str, read: Callable[[], object]):
    """Run one case of fuzz test ``name``: the reader's result, or None when it raised a typed error."""
    CASES[name] += 1
    try:
        return read()
    except PipelineError as exc:
        TYPED_ERRORS[name] += 1
        assert str(exc) and exc.reason.label  # an operator can read why
        return None


class timed:
    """Adds a test's wall time to ``SECONDS`` (generation and shrinking included, as CI pays for them)."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.start = time.perf_counter()

    def __exit__(self, *exc):
        SECONDS[self.name] += time.perf_counter() - self.start


def assert_web_url(url: str, *, empty_ok: bool = False) -> None:
    if empty_ok and url == "":
        return
    assert isinstance(url, str) and is_web_url(url), url
    canonicalize(url)  # raises on anything the ingest could not store
    url.encode("utf-8")


def assert_clean_values(value) -> None:
    """Every string in a (nested) dataclass is UTF-8 encodable; every date is an aware datetime or None."""
    for field in dataclasses.fields(value):
        inner = getattr(value, field.name)
        if isinstance(inner, str):
            inner.encode("utf-8")
            assert "\x00" not in inner, field.name
        elif isinstance(inner, datetime):
            assert inner.tzinfo is not None, field.name
        elif isinstance(inner, tuple | list):
            for element in inner:
                if dataclasses.is_dataclass(element):
                    assert_clean_values(element)
                else:
                    assert isinstance(element, str), field.name
                    element.encode("utf-8")
        elif dataclasses.is_dataclass(inner):
            assert_clean_values(inner)
        else:
            assert inner is None or isinstance(inner, int | float), (field.name, inner)


def assert_good_feed(feed) -> None:
    assert_clean_values(feed)
    assert_web_url(feed.site_url, empty_ok=True)
    assert_web_url(feed.image, empty_ok=True)
    for entry in feed.entries:
        assert_web_url(entry.url)
        assert_web_url(entry.image, empty_ok=True)
        for enclosure in entry.enclosures:
            assert_web_url(enclosure.url)
        for date in (entry.published, entry.updated):
            assert date is None or isinstance(date, datetime)
