"""The ``newsdesk`` command: Django's management commands with newsdesk's settings, on a ready database.

Every command works on a fresh data folder: the folder is created by the settings and any unapplied
migrations are applied here before the command runs.
"""

from __future__ import annotations

import os
import sys

# Commands that must not touch the database before they run.
NO_DATABASE_COMMANDS = {"help", "--help", "-h", "version", "--version", "makemigrations", "check"}


def ensure_database_ready() -> None:
    """Apply unapplied migrations, quietly; a no-op when the schema is current."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        call_command("migrate", interactive=False, verbosity=0)


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
