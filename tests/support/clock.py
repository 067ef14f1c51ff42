"""A clock that stands still until the test moves it on: code that reads the time is given this instead
of the wall clock, so a test of "after N seconds" advances it rather than sleeping."""

from __future__ import annotations

import time


class FakeClock:
    def __init__(self, start: float | None = None) -> None:
        self.now = time.time() if start is None else start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
