import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor

from django.core.management.base import BaseCommand

from newsdesk.core.progress import TerminalProgress
from newsdesk.entities.understand import redo, understand_pending


class Command(BaseCommand):
    help = (
        "Find the people, organisations, places and dates in published articles not analysed yet, "
        "and their key facts. Safe to interrupt: the next run does what is left."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, help="Analyse at most this many articles.")
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="Analyse on this many worker processes (a backlog; each holds about 190 MB).",
        )
        parser.add_argument(
            "--redo", action="store_true", help="Forget every stored analysis first and analyse all articles again."
        )

    def handle(self, *args, limit=None, processes=1, **options):
        if options.get("redo"):
            self.stdout.write(f"Forgot {redo()} analyses.")
        pool = None
        if processes > 1:  # spawn, not fork: this process has database connections
            pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"))
        try:
            with TerminalProgress(sys.stderr) as progress:
                report = understand_pending(progress=progress, limit=limit, pool=(lambda: pool) if pool else None)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        self.stdout.write(report.summary_line())
