import sys

from django.core.management.base import BaseCommand

from newsdesk.core.progress import TerminalProgress
from newsdesk.entities.understand import redo, understand_pending


class Command(BaseCommand):
    help = ("Find the people, organisations, places and dates in published articles not analysed yet, "
            "and their key facts. Safe to interrupt: the next run does what is left.")

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, help="Analyse at most this many articles.")
        parser.add_argument("--redo", action="store_true",
                            help="Forget every stored analysis first and analyse all articles again.")

    def handle(self, *args, limit=None, **options):
        if options.get("redo"):
            self.stdout.write(f"Forgot {redo()} analyses.")
        with TerminalProgress(sys.stderr) as progress:
            report = understand_pending(progress=progress, limit=limit)
        self.stdout.write(report.summary_line())
