"""How far a source's publication date is trusted.

A feed or page may say anything: an outlet's clock set to 2099, a typo of 2500, a CMS that writes the Unix
epoch (1970) for a missing date. Ranked as given, such an item leads the front page, the API and the feeds
for years, or sinks out of sight. ``settle_published`` keeps a date we can believe as given; any other is set
aside (the caller keeps it, as the source said it) and the time we first saw the item is used instead.

Believable: no later than ``future_tolerance`` after we saw the item (a day: time zones and clocks a little
fast, never "tomorrow's paper"), and not before ``EARLIEST`` (1990-01-01, before any web news feed).
Naive datetimes are read as UTC, as feeds that omit the zone mean.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import NamedTuple

FUTURE_TOLERANCE = timedelta(days=1)
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


class SettledDate(NamedTuple):
    published: datetime | None  # the date to rank and order by (None: the source gave none)
    claimed: datetime | None  # the source's own date when it was not trusted; None when it was

    @property
    def untrusted(self) -> bool:
        return self.claimed is not None


def settle_published(
    claimed: datetime | None,
    *,
    seen_at: datetime,
    future_tolerance: timedelta = FUTURE_TOLERANCE,
    earliest: datetime = EARLIEST,
) -> SettledDate:
    """The date to publish under for a source's claimed date, seen (fetched or discovered) at ``seen_at``.

    Exactly ``future_tolerance`` ahead, or exactly ``earliest``, is still trusted."""
    if claimed is None:
        return SettledDate(None, None)
    claimed, seen_at, earliest = clamped_utc(claimed), clamped_utc(seen_at), clamped_utc(earliest)
    if earliest <= claimed <= seen_at + future_tolerance:
        return SettledDate(claimed, None)
    return SettledDate(seen_at, claimed)


def in_utc(moment: datetime) -> datetime | None:
    """``moment`` in UTC, a naive one read as UTC (as feeds that omit the zone mean); None when its offset
    carries it beyond what datetime can hold (0001-01-01 at +14:00, 9999-12-31 at -12:00)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return None


def clamped_utc(moment: datetime) -> datetime:
    """``in_utc``, with a moment beyond either end taken as that end (for comparing and filtering)."""
    utc = in_utc(moment)
    if utc is not None:
        return utc
    return datetime.min.replace(tzinfo=UTC) if moment.year == 1 else datetime.max.replace(tzinfo=UTC)
