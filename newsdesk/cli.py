"""The ``newsdesk`` command: Django's management commands with newsdesk's settings, on a ready database.

Every command works on a fresh data folder: the folder is created by the settings and any unapplied
migrations are applied here before the command runs.

A setting that cannot work (``ImproperlyConfigured``, e.g. an unwritable data folder) and a database that
cannot be used (damaged, empty, read-only, full, unreachable: ``core.dbhealth``), found before the command
or while it runs, end it with exit status 2 and one line on stderr that says what to do, not a traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys

# Any fixed number, the same in every process: the PostgreSQL advisory lock held while migrating.
MIGRATION_LOCK_KEY = 0x6E657773  # "news"
# Commands that must not touch the database before they run.
NO_DATABASE_COMMANDS = {"help", "--help", "-h", "version", "--version", "makemigrations", "check"}


def ensure_database_ready() -> None:
    """Apply unapplied migrations, quietly; a no-op when the schema is current."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    with migration_lock(connection):
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            call_command("migrate", interactive=False, verbosity=0)


@contextlib.contextmanager
def migration_lock(connection):
    """On PostgreSQL, one process migrates at a time: machines of one deployment (web, scheduler, workers)
    often start together on a fresh database, and two concurrent migrations would fail on each other's
    tables. SQLite needs none: its data folder belongs to one machine, and its writers already take turns."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_KEY])


# Exit status for "cannot run in this environment": the setting or the database, never a bug of ours.
UNUSABLE = 2


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "newsdesk"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    from newsdesk.core import dbhealth

    try:
        django.setup()
        command = argv[1] if len(argv) > 1 else "help"
        if command not in NO_DATABASE_COMMANDS:
            check_database()
            ensure_database_ready()
        execute_from_command_line(argv)
    except (ImproperlyConfigured, dbhealth.DatabaseUnusable) as exc:
        refuse(str(exc))
    except DatabaseError as exc:
        from django.db import connection

        problem = dbhealth.explain(exc, connection.settings_dict)
        if problem is None:
            raise
        refuse(str(problem))


def check_database() -> None:
    """Raise ``dbhealth.DatabaseUnusable`` unless the default database can be used (see that module)."""
    from django.db import connection

    from newsdesk.core import dbhealth

    dbhealth.check(connection.settings_dict)


def refuse(line: str) -> None:
    """End the command with one line on stderr and exit status 2."""
    sys.stderr.write("newsdesk: " + " ".join(line.split()) + "\n")
    sys.exit(UNUSABLE)
