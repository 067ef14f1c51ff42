import sys

from django.core.management.base import BaseCommand

from newsdesk.core.progress import TerminalProgress
from newsdesk.entities.understand import understand_after_ingest
from newsdesk.ingest.runner import ingest_once
from newsdesk.ingest.scheduler import Scheduler


class Command(BaseCommand):
    help = "Fetch feeds and their articles. With --once, drain the work and exit; otherwise keep polling."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Poll every active source, fetch all pending articles, then exit."
        )
        parser.add_argument("--due-only", action="store_true", help="With --once: poll only the sources that are due.")
        parser.add_argument(
            "--no-entities",
            action="store_true",
            help="With --once: store articles only; leave people, places and key facts to "
            "`newsdesk understand` or the background analyst of `newsdesk run`.",
        )

    def handle(self, *args, once=False, due_only=False, no_entities=False, **options):
        if not once:
            self.stdout.write("Polling due sources until interrupted (Ctrl+C to stop).")
            Scheduler().run_forever()
            return
        with TerminalProgress(sys.stderr) as progress:
            report = ingest_once(all_sources=not due_only, progress=progress)
            if not no_entities:  # a separate stage, after the drain: intake never waits for the analysis
                understand_after_ingest(progress)
        self.stdout.write(report.summary_line())
