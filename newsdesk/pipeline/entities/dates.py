"""Date expressions resolved against the publication time: "on Friday" in an article published on Saturday
15 March 2025 is Friday 14 March 2025; "last year" is 2024.

spaCy finds the expressions (DATE spans); dateparser resolves them, English only, so it never tries its
optional language detection, and it has no network code of its own. Durations ("three years", "decades")
and vague words ("recently") are not dates and are left out.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from newsdesk.pipeline.entities.ner import Span
from newsdesk.pipeline.entities.values import Granularity, ResolvedDate

if TYPE_CHECKING:  # dateparser is imported on first use
    from dateparser.date import DateDataParser

# An expression is a point in time only with one of these in it; "three years" or "the past decade" is not.
_POINT_IN_TIME = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|yesterday|tomorrow|"
    r"last|next|this|ago|january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|\d{4}|\d{1,2}/\d{1,2})\b",
    re.IGNORECASE,
)
_NOISE = re.compile(r"^(?:on|the|by|in|since|until|from|as of|early|late|earlier|later)\s+", re.IGNORECASE)
_WEEKDAY = re.compile(r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)", re.IGNORECASE)
_PERIODS = {"day": Granularity.DAY, "week": Granularity.WEEK, "month": Granularity.MONTH, "year": Granularity.YEAR}


@lru_cache(maxsize=64)
def _parser(base: datetime) -> DateDataParser:
    """A parser whose "now" is ``base`` (about 2 ms to make; articles of one batch share publication hours)."""
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True,
            "RELATIVE_BASE": base,
        },
    )


def resolve_dates(spans: list[Span], published: datetime | None) -> list[ResolvedDate]:
    base = (published or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    base = base.replace(minute=0, second=0, microsecond=0)
    resolved = []
    for span in spans:
        if span.label != "DATE" or not _POINT_IN_TIME.search(span.text):
            continue
        expression = _NOISE.sub("", " ".join(span.text.split()))
        value = resolve(expression, base)
        if value is not None:
            resolved.append(ResolvedDate(text=span.text, date=value[0], granularity=value[1], position=span.start))
    return resolved


def resolve(expression: str, base: datetime) -> tuple[date, Granularity] | None:
    """(date, granularity) of one expression relative to ``base`` (naive UTC), or None."""
    try:
        data = _parser(base).get_date_data(expression)
    except (ValueError, OverflowError):
        return None
    if data is None or data.date_obj is None:
        return None
    granularity = _PERIODS.get(data.period or "day", Granularity.DAY)
    if granularity == Granularity.DAY and re.fullmatch(r"(?:last|this|next) year", expression, re.IGNORECASE):
        granularity = Granularity.YEAR
    day = data.date_obj.date()
    if _WEEKDAY.fullmatch(expression) and day.weekday() == base.weekday():
        # "on Monday" in a report published on a Monday is that day; dateparser, preferring the past, goes
        # back a week.
        day = base.date()
    return day, granularity
