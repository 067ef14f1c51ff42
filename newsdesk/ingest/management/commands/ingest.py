import sys

from django.core.management.base import BaseCommand

from newsdesk.core.progress import TerminalProgress
from newsdesk.ingest.runner import ingest_once
from newsdesk.ingest.scheduler import Scheduler


class Command(BaseCommand):
    help = "Fetch feeds and their articles. With --once, drain the work and exit; otherwise keep polling."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Poll every active source, fetch all pending articles, then exit.")
        parser.add_argument("--due-only", action="store_true", help="With --once: poll only the sources that are due.")

    def handle(self, *args, once=False, due_only=False, **options):
        if not once:
            self.stdout.write("Polling due sources until interrupted (Ctrl+C to stop).")
            Scheduler().run_forever()
            return
        with TerminalProgress(sys.stderr) as progress:
            report = ingest_once(all_sources=not due_only, progress=progress)
        self.stdout.write(report.summary_line())
