"""Whether the database can be used, told in one line that names it and says what to do.

Checked by the ``newsdesk`` command before any command runs (``cli.main``), so a damaged, empty, read-only or
unreachable database ends every command with exit status 2 and one line on stderr, and ``run`` / ``serve``
refuse to start instead of answering 500s. The same wording explains a database error met later, in the
middle of a command (a disk that fills up during ingest).

What is checked on SQLite, and why this much (it runs before every command, on databases of any size):

1. A file that exists with 0 bytes is refused. A fresh data folder has no file and gets a new database; a
   file of 0 bytes is a database lost (a failed copy, a restore gone wrong), and starting on it would put a
   new, empty site where the old one was, silently. (SQLite itself creates the file empty and writes its
   first page a moment later, when another process is starting on the same fresh folder: a just-made empty
   file gets a short grace.)
2. The header: the first 16 bytes must be SQLite's, and the file must be as long as the header says (a
   truncated copy). Reading 100 bytes costs nothing.
3. The schema is read (``sqlite_master``), which finds a damaged first page or schema.
4. The file, its folder (SQLite writes ``-wal`` and ``-shm`` files beside it) and any ``-wal`` / ``-shm``
   present must be writable by this process: a read-only database would otherwise serve pages and fail
   every write later. ``os.access`` asks the kernel, so permissions, ACLs and read-only mounts all count.

All four take about 1 ms on a 2.2 GB database of 200,000 generated articles. Not ``PRAGMA quick_check``: it
reads every page, 2.2 to 3.5 s on that database (so some 15 s at a million articles) before every command
(BENCHMARKS.md). Damage deep inside a table is found by SQLite when that page is read, and the line it
ends in names ``sqlite3 FILE "PRAGMA integrity_check"``.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import time
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
# How long a just-created empty file may stay empty before it is taken for a lost database.
EMPTY_GRACE_SECONDS = 5.0
INTEGRITY_HINT = 'restore it from a backup (`sqlite3 {path} "PRAGMA integrity_check"` shows the damage)'


class DatabaseUnusable(Exception):
    """The database cannot be used; ``str()`` is the one line for the operator: what, where, what to do."""


def check(database: dict) -> None:
    """Raise ``DatabaseUnusable`` unless the database in Django's settings form can be used."""
    if database["ENGINE"].endswith("sqlite3"):
        name = str(database["NAME"])
        if name == ":memory:" or name.startswith("file:"):
            return  # the test suite's in-memory databases
        check_sqlite(Path(name))
    else:
        check_connection(database)


def check_sqlite(path: Path, *, clock=time.time, sleep=time.sleep) -> None:
    """Call it only while this process has no SQLite connection to ``path`` open (see
    ``refuse_an_unusable_database``): it opens and closes the file outside SQLite."""
    if not path.exists():
        return  # a fresh data folder: newsdesk creates the database
    _refuse_empty(path, clock, sleep)
    _check_header(path)
    try:
        connection = sqlite3.connect(path, timeout=5)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise explain_sqlite(exc, path) from exc
    _check_writable(path)


def _refuse_empty(path: Path, clock, sleep) -> None:
    deadline = clock() + EMPTY_GRACE_SECONDS
    while path.stat().st_size == 0:
        if clock() - path.stat().st_mtime > EMPTY_GRACE_SECONDS or clock() > deadline:
            raise DatabaseUnusable(
                f"The database {path} is empty (0 bytes), so it is not a newsdesk database: restore it from a "
                "backup, or delete it to start a new, empty site."
            )
        sleep(0.1)


def _check_header(path: Path) -> None:
    with path.open("rb") as handle:
        header = handle.read(100)
    if not header.startswith(SQLITE_MAGIC):
        raise DatabaseUnusable(
            f"The database {path} is not an SQLite database (damaged, or another file): "
            + INTEGRITY_HINT.format(path=path)
            + "."
        )
    if len(header) < 100:
        raise truncated(path, path.stat().st_size, 100)
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    wal = path.with_name(path.name + "-wal")
    # The page count is valid only when written by a current SQLite (valid_for); while a -wal file holds
    # pages not yet copied back, the main file may lawfully be shorter.
    if valid_for == change_counter and not (wal.exists() and wal.stat().st_size):
        size, expected = path.stat().st_size, page_size * page_count
        if size < expected:
            raise truncated(path, size, expected)


def truncated(path: Path, size: int, expected: int) -> DatabaseUnusable:
    return DatabaseUnusable(
        f"The database {path} is truncated ({size} of {expected} bytes): " + INTEGRITY_HINT.format(path=path) + "."
    )


def _check_writable(path: Path) -> None:
    for target in (path, path.parent, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if target.exists() and not os.access(target, os.W_OK):
            kind = "folder" if target.is_dir() else "file"
            raise DatabaseUnusable(
                f"The database {path} cannot be written: this user may not write the {kind} {target}. "
                "newsdesk writes the database file and, beside it, its -wal and -shm files: give this user "
                "write permission on the data folder and its files (or remount it read-write)."
            )


def explain_sqlite(exc: BaseException, path: Path) -> DatabaseUnusable:
    """The one line for an SQLite error met on ``path``."""
    message = str(exc).strip() or type(exc).__name__
    lowered = message.lower()
    if "disk is full" in lowered or "sqlite_full" in lowered:
        advice = (
            f"free space on the disk holding {path.parent} (or move NEWSDESK_DATA_DIR to a larger disk), "
            "then run the command again"
        )
    elif "disk i/o error" in lowered:
        advice = (
            f"check the disk holding {path.parent}: free space, and the kernel log (dmesg) for errors; "
            f"if the file is damaged, {INTEGRITY_HINT.format(path=path)}"
        )
    elif "readonly" in lowered or "read-only" in lowered:
        advice = (
            f"give this user write permission on {path.parent} and the files in it "
            "(newsdesk writes the database and its -wal and -shm files beside it)"
        )
    elif "unable to open" in lowered:
        advice = f"check that the folder {path.parent} exists and that this user may read and write it"
    elif "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        advice = INTEGRITY_HINT.format(path=path)
    elif "locked" in lowered or "busy" in lowered:
        advice = "another process holds a write lock for too long; stop it, or try again in a moment"
    else:
        advice = f"if the file is damaged, {INTEGRITY_HINT.format(path=path)}"
    return DatabaseUnusable(f"The database {path} cannot be used ({message}): {advice}.")


def refuse_an_unusable_database() -> None:
    """For ``run`` and ``serve`` (also when called without the ``newsdesk`` command): a ``CommandError`` with
    exit status 2 and the one line, before anything is served."""
    from django.core.management.base import CommandError
    from django.db import connection, connections

    # check_sqlite reads the file's header through a plain file descriptor, and closing any descriptor of the
    # file drops every POSIX lock this process holds on it, SQLite's own included (sqlite.org/howtocorrupt.html,
    # 2.2): with a connection open here, the next one would take the WAL index for unused and rebuild it
    # under the other processes' feet (a worker's commits went unseen by `run`'s scheduler). So none is open.
    connections.close_all()
    try:
        check(connection.settings_dict)
    except DatabaseUnusable as exc:
        raise CommandError(str(exc), returncode=2) from exc


def check_connection(database: dict) -> None:
    from django.db import DatabaseError, connection

    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        unusable = explain(exc, database)
        if unusable is None:  # a bug of ours, not the database: its own traceback
            raise
        raise unusable from exc


def describe(database: dict) -> str:
    """The database's address for a message: the SQLite file, or the server's URL without the password."""
    if database["ENGINE"].endswith("sqlite3"):
        return str(database["NAME"])
    user = f"{database.get('USER')}@" if database.get("USER") else ""
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgresql://{user}{database.get('HOST') or 'localhost'}{port}/{database.get('NAME', '')}"


def explain(exc: BaseException, database: dict) -> DatabaseUnusable | None:
    """The one line for a database error, or None for errors that are not about the database being usable
    (a constraint broken, a query of ours that is wrong: those are bugs, and keep their traceback)."""
    from django.db import IntegrityError, ProgrammingError

    if isinstance(exc, (IntegrityError, ProgrammingError)):
        return None
    if database["ENGINE"].endswith("sqlite3"):
        return explain_sqlite(exc, Path(database["NAME"]))
    # Drivers write several lines (psycopg: the address tried, then the cause); one line carries them all.
    message = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip()) or type(exc).__name__
    password = database.get("PASSWORD")
    if password:
        message = message.replace(password, "***")
    return DatabaseUnusable(
        f"The database {describe(database)} cannot be used ({message}): check that the server is running and "
        "reachable from here, and that NEWSDESK_DATABASE_URL names the right host, port, database and user."
    )
