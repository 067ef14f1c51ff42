"""Reading ``NEWSDESK_*`` environment variables into typed values.

Only the Django side (``settings.py``) calls these; the pipeline receives plain config objects.
Misconfiguration fails loudly, naming the variable and the fix.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

PREFIX = "NEWSDESK_"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(PREFIX + name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(PREFIX + name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{PREFIX}{name}={raw!r} is not a boolean: use 1 or 0.")


def env_number(name: str, default: float, *, minimum: float = 0) -> float:
    raw = os.environ.get(PREFIX + name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{PREFIX}{name}={raw!r} is not a number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{PREFIX}{name}={raw!r} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(PREFIX + name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(PREFIX + name, "").strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{PREFIX}{name}={value!r} is not one of: {', '.join(choices)}.")
    return value


def require(name: str, condition: object, fix: str) -> None:
    """Fail loudly when a setting another one depends on is missing."""
    if not condition:
        raise ImproperlyConfigured(f"{PREFIX}{name} is missing: {fix}.")


def data_dir() -> Path:
    """The data folder, created on first use so every command works on a fresh one."""
    path = Path(env_str("DATA_DIR", "newsdesk-data")).expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"Cannot create the data folder {path} ({exc.strerror}). Set {PREFIX}DATA_DIR to a writable folder."
        ) from exc
    return path


def secret_key(folder: Path) -> str:
    """``NEWSDESK_SECRET_KEY`` if set, else a key generated once and kept in the data folder."""
    given = env_str("SECRET_KEY")
    if given:
        return given
    key_file = folder / "secret_key"
    try:
        # O_EXCL: when two processes start on a fresh folder, exactly one writes the key.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        try:
            key = key_file.read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"Cannot read the secret key {key_file} ({exc.strerror}): give this user read permission on it, "
                f"or set {PREFIX}SECRET_KEY."
            ) from None
        if key:
            return key
        raise ImproperlyConfigured(
            f"{key_file} is empty. Delete it and newsdesk will generate a new secret key."
        ) from None
    except OSError as exc:
        raise ImproperlyConfigured(
            f"Cannot write the secret key into the data folder {folder} ({exc.strerror}): give this user write "
            f"permission on it, or set {PREFIX}DATA_DIR to a writable folder."
        ) from None
    key = secrets.token_urlsafe(50)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


# Seconds a Redis page cache may take to connect or answer before the request goes on without it.
CACHE_SOCKET_TIMEOUT = 1.0


def cache(folder: Path) -> dict:
    """The server-side cache for rendered pages: ``NEWSDESK_CACHE_URL``, else files in the data folder.

    ``redis://host:6379/1`` shares one cache between machines; ``locmem://`` keeps one per process (article
    and story pages stay exact, since they are checked against the database; the front page and API lists
    then renew only after ``NEWSDESK_PAGE_CACHE_SECONDS``); ``dummy://`` turns caching off. Never the
    broker's Redis database implicitly: clearing a cache empties its whole database, queued tasks included.

    Every backend is one of ``newsdesk.core.cache_backends``: a cache that fails (full disk, Redis gone) is
    skipped and logged, and the page is rendered as if nothing was stored. Redis gets short socket timeouts,
    so a cache host that stops answering costs a request a second at most, not a worker.
    """
    url = env_str("CACHE_URL").strip()
    if url.startswith(("redis://", "rediss://")):
        return {
            "BACKEND": "newsdesk.core.cache_backends.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "newsdesk",
            "OPTIONS": {"socket_connect_timeout": CACHE_SOCKET_TIMEOUT, "socket_timeout": CACHE_SOCKET_TIMEOUT},
        }
    if url == "locmem://":
        return {"BACKEND": "newsdesk.core.cache_backends.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}
    if url == "dummy://":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if url:
        raise ImproperlyConfigured(
            f"{PREFIX}CACHE_URL={url!r} is not a cache this site knows; use redis://host:6379/1, locmem://, "
            "dummy:// (off), or leave it empty for files in the data folder."
        )
    # Django lists the folder on every store to cull it past MAX_ENTRIES: a few thousand keeps that cheap.
    return {
        "BACKEND": "newsdesk.core.cache_backends.FileBasedCache",
        "LOCATION": str(folder / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }


# Seconds to wait for PostgreSQL to accept a connection.
DATABASE_CONNECT_TIMEOUT = 10


def database(folder: Path) -> dict[str, Any]:
    """``NEWSDESK_DATABASE_URL`` parsed into Django's form, else SQLite in the data folder."""
    url = env_str("DATABASE_URL")
    if url:
        import dj_database_url

        try:
            settings = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{PREFIX}DATABASE_URL is not a database URL ({exc}); "
                "use e.g. postgres://user:password@host:5432/newsdesk."
            ) from None
        if settings["ENGINE"] not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
            raise ImproperlyConfigured(
                f"{PREFIX}DATABASE_URL names {settings['ENGINE']}; newsdesk runs on PostgreSQL or SQLite."
            )
        if settings["ENGINE"] == "django.db.backends.postgresql":
            # A server that does not answer ends the command (or the request) with a clear error in seconds,
            # not after the system's TCP timeout of minutes; ?connect_timeout= in the URL overrides it.
            settings.setdefault("OPTIONS", {}).setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
        return dict(settings)  # dj-database-url's TypedDict, as the plain dict Django's settings hold
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": folder / "newsdesk.sqlite3",
        # Keep each worker's connection: opening one (and SQLite reading the schema) costs more than a page
        # answered from the cache.
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            # WAL lets the web server read while the background poller writes; IMMEDIATE makes a writer
            # take the lock up front instead of failing with "database is locked" mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        },
    }


def broker_url() -> str:
    """``NEWSDESK_BROKER_URL``: empty (everything in process) or a Redis URL for Celery workers."""
    url = env_str("BROKER_URL").strip()
    if url and not url.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(
            f"{PREFIX}BROKER_URL={url!r} is not a Redis URL; use e.g. redis://127.0.0.1:6379/0, "
            "or leave it empty to run ingestion in process."
        )
    return url
