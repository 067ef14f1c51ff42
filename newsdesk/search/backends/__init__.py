"""Search backends, one per engine, chosen from the database engine unless ``NEWSDESK_SEARCH_BACKEND`` names one
(``auto``, the default, follows the database)."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from newsdesk.search.backends.base import SearchBackend

BACKENDS = {"sqlite": "sqlite_fts5", "postgresql": "postgres"}


@cache
def get_backend() -> SearchBackend:
    vendor = connection.vendor
    chosen = getattr(settings, "NEWSDESK_SEARCH_BACKEND", "auto")
    name = BACKENDS.get(vendor, "") if chosen in ("", "auto") else chosen
    if name == "sqlite_fts5" and vendor == "sqlite":
        from newsdesk.search.backends.sqlite_fts5 import SqliteFts5Backend

        return SqliteFts5Backend()
    if name == "postgres" and vendor == "postgresql":
        from newsdesk.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    raise ImproperlyConfigured(
        f"NEWSDESK_SEARCH_BACKEND={name!r} cannot search a {vendor} database: use sqlite_fts5 with SQLite, "
        "postgres with PostgreSQL, or auto to follow the database."
    )
