"""The wording of database problems met while a command runs, on real SQLite errors."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import IntegrityError

from newsdesk.core import dbhealth


def test_a_full_database_says_to_free_space(tmp_path):
    path = tmp_path / "newsdesk.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own SQLITE_FULL, as on a full disk
    with pytest.raises(sqlite3.OperationalError) as raised:
        connection.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 100)
    assert raised.value.sqlite_errorname == "SQLITE_FULL"

    line = str(dbhealth.explain_sqlite(raised.value, path))
    assert str(path) in line and "database or disk is full" in line and "free space" in line


def test_a_locked_database_says_to_try_again(tmp_path):
    path = tmp_path / "newsdesk.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(path, timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError) as raised:
        waiter.execute("BEGIN IMMEDIATE")
    assert "try again" in str(dbhealth.explain_sqlite(raised.value, path))


def test_our_own_bugs_keep_their_traceback(tmp_path):
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "newsdesk.sqlite3"}
    assert dbhealth.explain(IntegrityError("UNIQUE constraint failed"), database) is None


def test_a_postgresql_address_is_shown_without_its_password():
    database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "news",
        "USER": "desk",
        "PASSWORD": "pw-123",
        "HOST": "db.internal",
        "PORT": 5432,
    }
    line = str(
        dbhealth.explain(Exception('connection to "db.internal" failed\nFATAL: password "pw-123" wrong'), database)
    )
    assert "postgresql://desk@db.internal:5432/news" in line and "pw-123" not in line and "\n" not in line


def test_an_empty_file_just_created_by_another_process_gets_a_moment(tmp_path):
    path = tmp_path / "newsdesk.sqlite3"
    path.write_bytes(b"")
    waits = []

    def sleep(seconds):  # the other process writes SQLite's first page while we wait
        waits.append(seconds)
        sqlite3.connect(path).execute("PRAGMA journal_mode=WAL").fetchone()

    dbhealth.check_sqlite(path, sleep=sleep)
    assert waits, "it waited for the file instead of refusing it"
