"""The real PostgreSQL and Redis servers that scale-out tests need: found (PostgreSQL) or started (Redis).

Absent locally, those tests are skipped; under CI=true they fail, because `.ci/run` installs and starts both.

- PostgreSQL: the suite's own server when NEWSDESK_DATABASE_URL names one, else NEWSDESK_TEST_POSTGRES_URL,
  else the role `.ci/run` creates (newsdesk:newsdesk@127.0.0.1:5432/newsdesk). Each test gets a database of
  its own (``fresh_postgres_database``), dropped afterwards, since the worker processes it starts need a
  database they can all reach (pytest-django's test database is the test process's own).
- Redis: a private ``redis-server`` on a free port, without persistence, that a test may stop and restart
  (``RedisServer``), so a fault test never touches anyone else's Redis.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator

import pytest

DEFAULT_POSTGRES_URL = "postgres://newsdesk:newsdesk@127.0.0.1:5432/newsdesk"


def missing(message: str) -> None:
    """Skip locally; fail in CI, where the server must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def postgres_url() -> str:
    url = os.environ.get("NEWSDESK_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = os.environ.get("NEWSDESK_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    return url


def _connect(url: str, dbname: str | None = None):
    import dj_database_url
    import psycopg

    parts = dj_database_url.parse(url)
    return psycopg.connect(
        host=parts["HOST"] or "127.0.0.1",
        port=parts["PORT"] or 5432,
        user=parts["USER"],
        password=parts["PASSWORD"],
        dbname=dbname or parts["NAME"],
        connect_timeout=3,
        autocommit=True,
    )


@contextlib.contextmanager
def fresh_postgres_database(prefix: str = "newsdesk_scale") -> Iterator[str]:
    """A new, empty PostgreSQL database for one test; yields its URL and drops it afterwards."""
    base = postgres_url()
    try:
        admin = _connect(base, dbname="postgres")  # the maintenance database: the named one may not exist
    except Exception as exc:  # psycopg.OperationalError and friends: no server, wrong role
        missing(f"PostgreSQL not reachable at {base} ({exc}); `.ci/run` starts it")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield base.rsplit("/", 1)[0] + "/" + name
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A private redis-server on 127.0.0.1, with no persistence: a restart empties it, as a crash would."""

    def __init__(self) -> None:
        self.binary = shutil.which("redis-server") or (
            "/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None
        )
        if self.binary is None:
            missing("redis-server not found (apt-get install redis-server; `.ci/run` installs it)")
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.ping():
                return self
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def restart(self) -> None:
        """Killed and started again on the same port: everything it held (queued messages) is gone."""
        self.stop()
        self.start()

    def queue_length(self, queue: str) -> int:
        import redis

        return redis.Redis.from_url(self.url).llen(queue)


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def postgres_database() -> Iterator[str]:
    with fresh_postgres_database() as url:
        yield url
