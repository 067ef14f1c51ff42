import signal

from django.conf import settings
from django.core.management.base import BaseCommand
from waitress.server import create_server  # where it is defined: the package's stubs leave it out

from newsdesk.core.dbhealth import refuse_an_unusable_database
from newsdesk.tasks.dispatch import scheduler_for_settings
from newsdesk.wsgi import application


class Command(BaseCommand):
    help = "Serve the site with a production server (waitress) and keep polling sources in the background."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8, help="Web server threads.")
        parser.add_argument("--no-poll", action="store_true", help="Serve only; do not poll sources.")

    def handle(self, *args, host, port, threads, no_poll, **options):
        # Migrations were applied by the newsdesk command before we got here; a database that cannot be used
        # (damaged, read-only, unreachable) stops us before serving, rather than answering 500s.
        refuse_an_unusable_database()
        if host not in ("0.0.0.0", "::") and host not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS.append(host)
        server = create_server(application, host=host, port=port, threads=threads, ident="newsdesk")
        # With NEWSDESK_BROKER_URL, the scheduler enqueues work for `newsdesk worker` processes; else it ingests here.
        scheduler = None if no_poll else scheduler_for_settings()
        if scheduler:
            scheduler.start_thread()

        def stop_serving(signum, frame):
            # Interrupt server.run() in the main thread; the finally block below stops the poller.
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop_serving)
        if no_poll:
            mode = ""
        elif settings.NEWSDESK_BROKER_URL:
            mode = "; scheduling work for newsdesk workers"
        else:
            mode = "; polling sources in the background"
        self.stdout.write(f"newsdesk serving http://{host}:{port}/ (data: {settings.DATA_DIR}){mode}")
        self.stdout.flush()
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            if scheduler:
                scheduler.stop()
        self.stdout.write("Stopped.")
