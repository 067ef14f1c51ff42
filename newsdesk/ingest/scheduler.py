"""The background poller: polls due sources and fetches due articles until told to stop.

``newsdesk run`` starts it on a thread beside the web server; ``newsdesk ingest`` runs it in the
foreground. Work state lives in the database, so stopping at any moment loses nothing: pending articles
stay pending and are picked up by the next round.

Nothing makes it spin: a source or article that fails is pushed back on its own row (``isolation``), and a
round that fails as a whole (the database away) makes the loop wait twice as long as after the last one, up
to ``MAX_SLEEP_SECONDS``, instead of trying again every second.

Beside it runs the analyst: a second thread that finds the people, places, dates and key facts of what was
stored (``newsdesk.entities``). It is a stage of its own, so fetching never waits for it: intake runs at its
own speed and the analysis follows (BENCHMARKS.md has both rates).
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from newsdesk.ingest.runner import Intake, ingest_once, next_due_time

logger = logging.getLogger(__name__)

MAX_SLEEP_SECONDS = 30.0
MIN_SLEEP_SECONDS = 1.0
ANALYST_IDLE_SECONDS = 10.0
ANALYST_BATCH = 50  # articles per analyst round: a stop request is noticed between rounds


class BackgroundLoop:
    """A ``run_forever`` loop that ends once ``stop()`` sets ``stop_event``: in the foreground, or on a daemon
    thread of ``newsdesk run``. The in-process scheduler and the broker one share this interface."""

    def __init__(self) -> None:
        self.stop_event = threading.Event()

    def run_forever(self) -> None:
        raise NotImplementedError

    def start_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_forever, name="newsdesk-scheduler", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.stop_event.set()


class Scheduler(BackgroundLoop):
    def __init__(self) -> None:
        super().__init__()
        self._intake: Intake | None = None
        self.failed_rounds = 0

    @property
    def intake(self) -> Intake:
        # One for the scheduler's life: its worker processes, connection pool and robots cache outlive a round.
        if self._intake is None:
            self._intake = Intake()
        return self._intake

    def run_round(self) -> bool:
        """One round of polling and fetching; whether it ran to the end."""
        try:
            report = ingest_once(all_sources=False, intake=self.intake)
            if report.sources_polled or sum(report.outcomes.values()):
                logger.info("ingest round: %s", report.summary_line())
            return True
        except Exception:  # keep polling after a database hiccup; the error is in the log
            logger.exception("ingest round failed")
            return False
        finally:
            close_old_connections()

    def seconds_until_due(self) -> float:
        due = next_due_time()
        if due is None:
            return MAX_SLEEP_SECONDS
        return max(MIN_SLEEP_SECONDS, min(MAX_SLEEP_SECONDS, (due - timezone.now()).total_seconds()))

    def pause_after(self, round_ran: bool) -> float:
        """Seconds to wait before the next round: until work is due, or, after failed rounds, twice as long
        as after the last failed one (whatever is due would only fail again at once)."""
        self.failed_rounds = 0 if round_ran else self.failed_rounds + 1
        if self.failed_rounds:
            return min(MAX_SLEEP_SECONDS, MIN_SLEEP_SECONDS * 2**self.failed_rounds)
        try:
            return self.seconds_until_due()
        except Exception:
            logger.exception("could not read when work is next due")
            return MAX_SLEEP_SECONDS
        finally:
            close_old_connections()

    def run_forever(self) -> None:
        analyst = self._start_analyst()
        try:
            while not self.stop_event.is_set():
                self.stop_event.wait(self.pause_after(self.run_round()))
        except KeyboardInterrupt:
            self.stop_event.set()
        finally:
            if self._intake is not None:
                self._intake.close()
                self._intake = None
            if analyst is not None:
                analyst.join(timeout=60)

    def analyse_round(self) -> int:
        """Analyse a batch of stored articles not analysed yet; returns how many were done."""
        from newsdesk.entities.understand import understand_after_ingest

        try:
            return understand_after_ingest(limit=ANALYST_BATCH)
        finally:
            close_old_connections()

    def _start_analyst(self) -> threading.Thread | None:
        if not settings.NEWSDESK_ENTITIES:
            return None

        def analyse_forever() -> None:
            while not self.stop_event.is_set():
                try:
                    busy = self.analyse_round()
                except Exception:  # the analyst thread must outlive a bad round, or analysis stops for good
                    logger.exception("analysis round failed")
                    busy = 0
                if not busy:
                    self.stop_event.wait(ANALYST_IDLE_SECONDS)

        thread = threading.Thread(target=analyse_forever, name="newsdesk-analyst", daemon=True)
        thread.start()
        return thread
