"""``newsdesk serve``: the multi-process production web server (gunicorn, pre-forked sync workers).

``newsdesk run`` stays the one embedded process (waitress threads and the background poller together);
``serve`` only serves, with one worker process per core so pages render on every core at once, and the
poller runs beside it (``newsdesk ingest``, or Celery workers). SQLite is safe with several processes:
WAL lets every worker read while one writes (comments), and writers take the lock up front (IMMEDIATE)
and wait for it (``timeout``) rather than fail. The application is loaded once in the master and forked,
so the workers share its memory pages; database connections are closed before the fork, never shared.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections
from gunicorn.app.base import BaseApplication

from newsdesk.core.dbhealth import refuse_an_unusable_database


class ProductionServer(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):
        from newsdesk.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve the site with gunicorn worker processes (no background polling: run `newsdesk ingest` beside it)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1, help="Worker processes (default: one per CPU core)."
        )
        parser.add_argument("--timeout", type=int, default=30, help="Seconds before a stuck worker is restarted.")

    def handle(self, *args, host, port, workers, timeout, **options):
        refuse_an_unusable_database()  # before forking workers that would answer 500s
        if host not in ("0.0.0.0", "::") and host not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS.append(host)
        connections.close_all()  # the migration check's connection must not be inherited by the workers
        self.stdout.write(
            f"newsdesk serving http://{host}:{port}/ with {workers} worker processes "
            f"(data: {settings.DATA_DIR}); poll sources with `newsdesk ingest` beside it"
        )
        self.stdout.flush()
        ProductionServer(
            {
                "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                "workers": max(1, workers),
                "worker_class": "sync",
                "preload_app": True,
                "timeout": timeout,
                "graceful_timeout": 10,
                "proc_name": "newsdesk",
                "accesslog": None,
                "errorlog": "-",
                "loglevel": "warning",
            }
        ).run()
