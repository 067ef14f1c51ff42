"""Per-host politeness: at most N requests in flight to a host, and at least T seconds between starts.

``HostLimiter.slot(host, policy)`` is a context manager around one request. It reserves the host's next
start time under a lock and sleeps outside it, so threads waiting on different hosts never block each
other, and starts on one host are spaced at least ``min_interval`` apart however many threads wait.
The clock and sleep are injected so tests can check the spacing without waiting.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class HostPolicy:
    max_in_flight: int = 2
    min_interval: float = 0.5  # seconds between the starts of two requests to one host


class _HostState:
    def __init__(self, max_in_flight: int) -> None:
        self.slots = threading.BoundedSemaphore(max_in_flight)
        self.next_start = 0.0


class HostLimiter:
    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._hosts: dict[tuple[str, int], _HostState] = {}

    def _state(self, host: str, policy: HostPolicy) -> _HostState:
        # Keyed by the in-flight limit too, so a source configured with its own limit gets its own gate.
        key = (host.lower(), max(1, policy.max_in_flight))
        with self._lock:
            state = self._hosts.get(key)
            if state is None:
                state = self._hosts[key] = _HostState(key[1])
            return state

    @contextmanager
    def slot(self, host: str, policy: HostPolicy) -> Iterator[float]:
        """Wait for the host's turn; yields how long that took, which callers keep out of their timeouts."""
        state = self._state(host, policy)
        asked = self._clock()
        with state.slots:
            with self._lock:
                now = self._clock()
                start = max(now, state.next_start)
                state.next_start = start + max(0.0, policy.min_interval)
            if start > now:
                self._sleep(start - now)
            yield max(0.0, start - asked)
