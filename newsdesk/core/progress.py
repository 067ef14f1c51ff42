"""A progress bar for long CLI work, shown only when the output is a terminal."""

from __future__ import annotations

import sys

from tqdm import tqdm


class TerminalProgress:
    """Callable as ``progress(stage, done, total)``; one bar per stage, closed when the stage changes."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._bar: tqdm | None = None
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if stage != self._stage or self._bar is None or self._bar.total != total:
            self.close()
            self._stage = stage
            self._bar = tqdm(total=total, desc=stage, unit="", file=self.stream, leave=False, dynamic_ncols=True)
        self._bar.n = done
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
