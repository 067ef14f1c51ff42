"""Calendar dates an article names outright ("Feb. 4, 2009", "9 September 2013", "2/3/2009"), for the clusterer.

Two reports that name the same day are very likely about one event (of the ECB+ pairs of one topic that
both name days, 1,377 of 1,811 same-event pairs share one within two days, against 42 of 844 look-alike
pairs), and unlike "on Friday" such a date means the same thing
whenever the report was published. So only dates written with a month and a day are read, by pattern, with
no model: relative dates need the publication time and a parser (``entities.dates`` resolves them, later and
at far greater cost). Month-first numeric dates are read the American way ("2/3/2009" is 3 February).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import date

_MONTHS = {
    name[:3]: number
    for number, name in enumerate(
        "january february march april may june july august september october november december".split(), start=1
    )
}
_MONTH = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?"
)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+((?:19|20)\d\d)\b)?"
# Matched against the lower-cased text (a case-blind pattern costs twice as much on a whole article).
_MONTH_DAY = re.compile(rf"\b(?=[adfjmnos]){_MONTH}\s*{_DAY}\b{_YEAR}")  # Feb. 4, 2009
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b{_YEAR}")  # 9 September 2013
_NUMERIC = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)?\d\d)\b")  # 2/3/2009, 11/28/05
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")  # 2013-09-17T10:00


def calendar_dates(text: str, limit: int = 12) -> tuple[str, ...]:
    """The days named, in order of first mention: ``YYYY-MM-DD``, or ``--MM-DD`` when no year is given."""
    lowered = text.lower()
    found: list[tuple[int, str]] = []
    for pattern, order in ((_MONTH_DAY, "mdy"), (_DAY_MONTH, "dmy"), (_NUMERIC, "nnn"), (_ISO, "iso")):
        for match in pattern.finditer(lowered):
            key = _key(match, order, text)
            if key is not None:
                found.append((match.start(), key))
    return tuple(dict.fromkeys(key for _, key in sorted(found)))[:limit]


def same_day_named(
    a: Collection[tuple[int | None, int]], b: Collection[tuple[int | None, int]], tolerance_days: int = 2
) -> bool:
    """Whether two sides name a day within ``tolerance_days`` of each other (years agreeing where both give
    one): reports of one event name it a day apart ("Sunday night" in one time zone, "Monday" in another)."""
    for year_a, day_a in a:
        for year_b, day_b in b:
            if year_a is not None and year_b is not None and year_a != year_b:
                continue
            gap = abs(day_a - day_b)
            if min(gap, 366 - gap) <= tolerance_days:  # 31 December and 1 January are a day apart
                return True
    return False


def day_numbers(keys: Iterable[str]) -> tuple[tuple[int | None, int], ...]:
    """(year or None, day of a leap year) for each key of ``calendar_dates``: cheap to compare."""
    parsed = []
    for key in keys:
        year: str | None
        if key.startswith("--"):
            year, (month, day) = None, key[2:].split("-")
        else:
            year, month, day = key.rsplit("-", 2)
        parsed.append((int(year) if year else None, date(2000, int(month), int(day)).timetuple().tm_yday))
    return tuple(parsed)


def _key(match: re.Match[str], order: str, text: str) -> str | None:
    groups = match.groups()
    if "may" in groups[:2] and "may" in text[match.start() : match.end()]:  # "he may 5 ..." is not 5 May
        return None
    if order == "mdy":
        month, day, year = _MONTHS[groups[0][:3]], int(groups[1]), groups[2]
    elif order == "dmy":
        day, month, year = int(groups[0]), _MONTHS[groups[1][:3]], groups[2]
    elif order == "nnn":
        month, day, year = int(groups[0]), int(groups[1]), groups[2]
        if len(year) == 2:
            year = "20" + year if int(year) < 50 else "19" + year
        if month > 12 >= day:  # 16/08/2011: day first, as most of the world writes it
            month, day = day, month
    else:
        year, month, day = groups[0], int(groups[1]), int(groups[2])
    try:
        date(int(year) if year else 2000, month, day)  # 2000 is a leap year: 29 February without a year is a day
    except ValueError:
        return None
    return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
