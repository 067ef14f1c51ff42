import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsdesk.tasks.dispatch import LEASE_TTL, BrokerScheduler


class Command(BaseCommand):
    help = (
        "Enqueue due polls, pending articles and story filing for `newsdesk worker` processes. Run one; a "
        "second one started by mistake waits on a lease in the database and takes over if the first dies."
    )

    def handle(self, *args, **options):
        if not settings.NEWSDESK_BROKER_URL:
            raise CommandError(
                "newsdesk scheduler needs a broker: set NEWSDESK_BROKER_URL=redis://HOST:6379/0. "
                "Without one, `newsdesk run` or `newsdesk ingest` poll in process."
            )
        self.stdout.write(f"Scheduling for workers (lease of {LEASE_TTL.total_seconds():.0f}s); Ctrl+C to stop.")
        self.stdout.flush()
        scheduler = BrokerScheduler()
        # SIGTERM stops it like Ctrl+C: the lease is released on the way out, so a standby takes over at once.
        signal.signal(signal.SIGTERM, lambda signum, frame: scheduler.stop())
        scheduler.run_forever()
