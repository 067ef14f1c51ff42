"""Adaptive polling: poll a feed about as often as it publishes, within bounds, and back off on failure.

``next_poll_interval`` looks at the publication times of the entries a feed lists: a feed whose items
arrive every 20 minutes is polled about every 20 minutes; a weekly blog once a day (the upper bound).
A feed that answers "not modified" or brings nothing new drifts towards the upper bound.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median


@dataclass(frozen=True)
class PollBounds:
    minimum: timedelta = timedelta(minutes=5)
    maximum: timedelta = timedelta(hours=24)
    initial: timedelta = timedelta(minutes=30)
    failure_base: timedelta = timedelta(minutes=2)

    def clamp(self, value: timedelta) -> timedelta:
        return max(self.minimum, min(self.maximum, value))


# An article's page that failed transiently (and was retried in the run already) is tried again after 30 s,
# then 1, 2, 4 minutes: soon enough that the next run a minute later takes it, where a source's poll (2, 4,
# 8 ... minutes) waits longer, since the source is polled again on its own schedule anyway.
ARTICLE_RETRY_BOUNDS = PollBounds(failure_base=timedelta(seconds=30))
IDLE_GROWTH = 1.5  # interval multiplier for a poll that found nothing new
RECENT_ENTRIES = 20
MAX_RETRY_AFTER = timedelta(days=7)


def next_poll_interval(
    entry_times: Iterable[datetime | None],
    *,
    previous: timedelta | None,
    new_entries: int,
    bounds: PollBounds = PollBounds(),
) -> timedelta:
    times = sorted((t for t in entry_times if t is not None), reverse=True)[:RECENT_ENTRIES]
    gaps = [(a - b).total_seconds() for a, b in zip(times, times[1:]) if a > b]
    previous = previous or bounds.initial
    if new_entries == 0:
        return bounds.clamp(previous * IDLE_GROWTH)
    if not gaps:
        return bounds.clamp(previous)
    # The median gap resists one burst of items published together (or one long holiday).
    return bounds.clamp(timedelta(seconds=median(gaps)))


def failure_backoff(
    consecutive_failures: int, *, retry_after: float | None = None, bounds: PollBounds = PollBounds()
) -> timedelta:
    """Exponential backoff after failures (``failure_base`` doubled: 2, 4, 8 ... minutes by default, up to the
    maximum); Retry-After wins if longer."""
    exponent = max(0, consecutive_failures - 1)
    delay: timedelta = bounds.failure_base * (2 ** min(exponent, 20))
    delay = min(delay, bounds.maximum)
    if retry_after:
        # Honour the server, but not a hostile "come back in 30 years".
        delay = max(delay, min(timedelta(seconds=retry_after), MAX_RETRY_AFTER))
    return delay
