import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from newsdesk.core.progress import TerminalProgress
from newsdesk.demo.transport import load_outlets
from newsdesk.entities.understand import understand_after_ingest
from newsdesk.ingest.runner import ingest_once
from newsdesk.sources.models import Source


class Command(BaseCommand):
    help = "Load the bundled demo newsroom (offline), ingest it through the real pipeline, and serve the site."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Load and ingest the demo, then exit.")

    def handle(self, *args, host, port, no_serve, **options):
        added = 0
        for outlet in load_outlets():
            _, created = Source.objects.get_or_create(
                url=outlet.feed_url,
                defaults={
                    "title": outlet.name,
                    "site_url": outlet.site_url,
                    "republish_full_text": outlet.republish_full_text,
                },
            )
            added += created
        self.stdout.write(f"Demo newsroom: {added} new source(s) added. Ingesting...")
        with TerminalProgress(sys.stderr) as progress:
            report = ingest_once(progress=progress)
            understand_after_ingest(progress)  # the demo's pages show key facts from the start
        self.stdout.write(report.summary_line())
        if not no_serve:
            call_command("run", host=host, port=port)
