"""Retries within one run: work that failed transiently (5xx, 429, a timeout, a reset) is tried again a few
seconds later, while the rest of the run goes on, so a server that recovers within a minute loses nothing.

``RetryQueue`` holds what failed, each item due again after its own backoff (``RetryPolicy.delay``: 1, 2, 4 s
with jitter), and decides nothing about the database: the caller offers failures, takes what is due, and
does the work again through the same fetcher (so politeness and robots.txt hold as for a first try).

1. ``offer``      a failure: queued when it is transient, the item has retries left in this run, and the
                  server's ``Retry-After`` (if any) is within ``max_wait``; else the caller's scheduled retry
                  stands. A ``Retry-After``, or a 429, holds every retry to that host until it has passed.
2. ``succeeded``  an answer from a host that worked: the host is well again.
3. ``take_due``   the items due now. A host whose last answer was a failure gets one request (a probe) per
                  round, and a failed probe holds the host for a growing backoff, so a host answering 503 to
                  everything is not sent all its queued pages again at once. A host that failed as many
                  retries in a row as one item may make is left for the scheduled retry, all its items with it.
4. ``seconds_until_due`` / ``wait``  how long until the earliest item is due; the caller's thread waits
                  only when it has nothing else to do.

The clock, the sleep and the jitter's randomness are injected so tests can drive the queue without waiting.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from newsdesk.pipeline.errors import HTTPStatusError, PipelineError

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3  # retries in one run after the first try; 0 turns in-run retries off
    max_wait: float = 60.0  # seconds: a longer Retry-After is not waited for in the run
    base: float = 1.0  # seconds before the first retry; doubled for each next one
    jitter: float = 0.25  # each wait lengthened by up to this fraction, so retries do not march in step

    def delay(self, retry: int, rng: random.Random) -> float:
        """Seconds before retry number ``retry`` (1, 2, ...): 1, 2, 4 ... s plus jitter, never over max_wait."""
        backoff: float = self.base * 2.0 ** min(max(0, retry - 1), 20)
        return min(self.max_wait, backoff * (1 + self.jitter * rng.random()))


@dataclass
class _Queued:
    host: str
    due: float
    error: PipelineError


class RetryQueue(Generic[K]):
    """Items that failed transiently, each named by a key of the caller's (``("article", id)``) and due again
    at its own time; the caller reloads the item by its key when it is due."""

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.policy = policy
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._queued: dict[K, _Queued] = {}
        self._retries: dict[K, int] = {}  # key -> retries taken so far in this run
        self._host_hold: dict[str, float] = {}  # host -> no retry to it before this time
        self._host_failing: dict[str, int] = {}  # host -> its retries that failed in a row (0: failed first try)
        self.abandoned: list[tuple[K, PipelineError]] = []  # left for the scheduled retry, with the last reason

    def __len__(self) -> int:
        return len(self._queued)

    def __contains__(self, key: object) -> bool:
        return key in self._queued

    def keys(self) -> list[K]:
        """The keys waiting for a retry (work the caller must not take up again meanwhile)."""
        return list(self._queued)

    def retried(self, key: K) -> bool:
        """Whether ``key`` has been tried again in this run (its outcome now is a recovery, or not)."""
        return self._retries.get(key, 0) > 0

    @property
    def retried_count(self) -> int:
        return sum(1 for taken in self._retries.values() if taken)

    def offer(self, key: K, host: str, error: PipelineError) -> bool:
        """Queue ``key`` for a retry in this run; whether it was queued (else its scheduled retry stands)."""
        taken = self._retries.get(key, 0)
        host = host.lower()
        if not error.transient or taken >= self.policy.attempts:
            self._forget(key)
            return False
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None and retry_after > self.policy.max_wait:
            self._forget(key)  # the server asked for longer than a run waits: its scheduled retry honours it
            return False
        now = self._clock()
        delay = self.policy.delay(taken + 1, self._rng)
        if retry_after:
            delay = max(delay, retry_after)
        if taken:  # a retry failed: the host is still failing, and its other items wait with this one
            failing = self._host_failing.get(host, 0) + 1
            self._host_failing[host] = failing
            if failing >= self.policy.attempts:
                self._abandon_host(host)  # this item's failure the caller records; the others' are listed
                return False
            self._hold(host, now + max(delay, self.policy.delay(failing, self._rng)))
        else:
            self._host_failing.setdefault(host, 0)
        if retry_after or _rate_limited(error):
            self._hold(host, now + delay)  # the server spoke for the whole host, not for one page
        self._queued[key] = _Queued(host, now + delay, error)
        return True

    def succeeded(self, host: str) -> None:
        """``host`` answered: its failing streak is over, and its queued items no longer go one at a time."""
        self._host_failing.pop(host.lower(), None)

    def take_due(self) -> list[K]:
        """The keys due now (one per failing host), removed from the queue and counted as retried."""
        now = self._clock()
        # Earliest first: a failing host's probe is its longest-waiting item.
        due = sorted((key for key, entry in self._queued.items() if self._due_at(entry) <= now), key=self._due_of)
        taken: list[K] = []
        probed: set[str] = set()
        for key in due:
            entry = self._queued[key]
            if entry.host in self._host_failing:
                if entry.host in probed:
                    continue
                probed.add(entry.host)
            del self._queued[key]
            self._retries[key] = self._retries.get(key, 0) + 1
            taken.append(key)
        return taken

    def seconds_until_due(self) -> float | None:
        """Seconds until the earliest item is due (0 when one is), or None when nothing is queued."""
        if not self._queued:
            return None
        return max(0.0, min(self._due_at(entry) for entry in self._queued.values()) - self._clock())

    def wait(self) -> None:
        """Sleep until the earliest item is due (at most ``max_wait``, plus jitter)."""
        seconds = self.seconds_until_due()
        if seconds:
            self._sleep(seconds)

    def _due_of(self, key: K) -> float:
        return self._queued[key].due

    def _due_at(self, entry: _Queued) -> float:
        return max(entry.due, self._host_hold.get(entry.host, 0.0))

    def _hold(self, host: str, until: float) -> None:
        self._host_hold[host] = max(self._host_hold.get(host, 0.0), until)

    def _abandon_host(self, host: str) -> None:
        for key in [key for key, entry in self._queued.items() if entry.host == host]:
            entry = self._queued.pop(key)
            self.abandoned.append((key, entry.error))

    def _forget(self, key: K) -> None:
        self._queued.pop(key, None)


def _rate_limited(error: PipelineError) -> bool:
    return isinstance(error, HTTPStatusError) and error.status_code == 429
