import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Run a Celery worker for newsdesk's tasks (polls, articles, story filing). Start as many as you "
        "like, on any machines that reach the database and the broker (NEWSDESK_BROKER_URL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--concurrency",
            type=int,
            default=None,
            help="Task threads (default: NEWSDESK_FETCH_WORKERS). Threads wait on the network; extraction runs "
            "in NEWSDESK_EXTRACT_PROCESSES worker processes beside them, as in the embedded intake.",
        )
        parser.add_argument("--loglevel", default="WARNING")

    def handle(self, *args, concurrency, loglevel, **options):
        if not settings.NEWSDESK_BROKER_URL:
            raise CommandError(
                "newsdesk worker needs a broker: set NEWSDESK_BROKER_URL=redis://HOST:6379/0 "
                "(the same for the scheduler and every worker)."
            )
        from newsdesk.tasks.celery_app import QUEUE, app

        threads = concurrency or settings.NEWSDESK_FETCH_WORKERS
        # A thread pool, not prefork: the slow part is waiting on the network, and CPU-bound extraction
        # already has its own processes (Intake.cpu_pool). Gossip, mingle and heartbeats are off: workers
        # never talk to each other, and they cost broker traffic on every machine.
        app.worker_main(
            [
                "worker",
                f"--loglevel={loglevel}",
                "--pool=threads",
                f"--concurrency={threads}",
                f"--queues={QUEUE}",
                f"--hostname=newsdesk-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ]
        )
