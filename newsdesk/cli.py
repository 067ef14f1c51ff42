"""The ``newsdesk`` command: Django's management commands with newsdesk's settings, on a ready database.

Every command works on a fresh data folder: the folder is created by the settings and any unapplied
migrations are applied here before the command runs.
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


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "newsdesk"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

    import django
    from django.core.management import execute_from_command_line

    django.setup()
    command = argv[1] if len(argv) > 1 else "help"
    if command not in NO_DATABASE_COMMANDS:
        ensure_database_ready()
    execute_from_command_line(argv)
