"""Processes of a scaled-out newsdesk for tests: `newsdesk worker`s and a `newsdesk scheduler`, each a real
process on a fresh data folder, sharing one PostgreSQL database and one Redis; and what they stored, read
straight from the database so that runs on different databases compare."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import closing
from pathlib import Path

from tests.support import servers

ARTICLES = """SELECT a.url, a.status, a.attempts, a.story_id, d.url FROM articles_article a
              LEFT JOIN articles_article d ON d.id = a.duplicate_of_id"""
PROGRESS = """SELECT count(*) FILTER (WHERE status = 'ready'), count(*) FILTER (WHERE status = 'pending'),
              count(*) FILTER (WHERE status = 'ready' AND story_id IS NULL AND features IS NOT NULL)
              FROM articles_article"""


# Entity analysis (spaCy) is off in these runs: it has a task of its own, tested in test_work and
# test_dispatch, and here it would only add minutes of CPU to every run without bearing on what is measured.
ENTITIES = "0"


def base_env(data_dir: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "DJANGO_"))}
    env.update(
        {
            "NEWSDESK_DATA_DIR": str(data_dir),
            "NEWSDESK_ALLOW_PRIVATE_NETWORKS": "1",
            "NEWSDESK_DEMO_NEWSROOM": "0",
            "NEWSDESK_HOST_MIN_INTERVAL": "0",
            **settings,
        }
    )
    return env


def newsdesk(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        raise AssertionError(f"newsdesk {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def add_sources(env: dict[str, str], feed_urls: list[str]) -> None:
    newsdesk(
        env,
        "shell",
        "--no-imports",
        "-c",
        f"from newsdesk.sources.models import Source\nfor url in {feed_urls!r}: Source.objects.create(url=url)",
    )


def snapshot_rows(rows) -> dict[str, tuple]:
    """{url: (status, attempts, story id, url of the article it copies)}: story IDs are UUIDv5 of the first
    article, so the same filing gives the same IDs on any database."""
    return {
        url: (status, attempts, story and str(uuid.UUID(str(story))), copy_of)
        for url, status, attempts, story, copy_of in rows
    }


def sqlite_snapshot(data_dir: Path) -> dict[str, tuple]:
    with closing(sqlite3.connect(data_dir / "newsdesk.sqlite3")) as db:
        return snapshot_rows(db.execute(ARTICLES).fetchall())


class Cluster:
    """Workers and a scheduler on one PostgreSQL database and one Redis."""

    def __init__(self, data_root: Path, database_url: str, broker_url: str, **settings: str) -> None:
        self.data_root = data_root
        self.settings = dict(
            NEWSDESK_DATABASE_URL=database_url,
            NEWSDESK_BROKER_URL=broker_url,
            NEWSDESK_EXTRACT_PROCESSES="0",
            NEWSDESK_FILING_MAX_DELAY="3600",
            **settings,
        )
        self.settings.setdefault("NEWSDESK_ENTITIES", ENTITIES)
        self.database_url = database_url
        self.processes: list[subprocess.Popen] = []
        self.workers: list[subprocess.Popen] = []

    def env(self, name: str) -> dict[str, str]:
        """Each process gets its own fresh data folder, as on its own machine; they share the secret key."""
        return base_env(self.data_root / name, NEWSDESK_SECRET_KEY="scale-test-secret", **self.settings)

    def start(self, *args: str, name: str) -> subprocess.Popen:
        log = open(self.data_root / f"{name}.log", "w")
        process = subprocess.Popen(
            [sys.executable, "-m", "newsdesk", *args],
            env=self.env(name),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def start_workers(self, count: int, threads: int = 4) -> None:
        for _ in range(count):
            name = f"worker{len(self.workers)}"
            self.workers.append(self.start("worker", "--concurrency", str(threads), name=name))

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL, no clean-up: the process and anything it started."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def query(self, sql: str):
        with servers._connect(self.database_url) as db:
            return db.execute(sql).fetchall()

    def progress(self) -> tuple[int, int, int]:
        """(stored, pending, stored but not yet filed into a story)"""
        return tuple(self.query(PROGRESS)[0])

    def wait_until(self, condition, *, timeout: float, what: str) -> tuple[int, int, int]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            progress = self.progress()
            if condition(*progress):
                return progress
            for process in self.processes:
                if process not in self.killed and process.poll() is not None:
                    raise AssertionError(f"{process.args} exited with {process.returncode}:\n{self.logs()}")
            time.sleep(0.5)
        raise AssertionError(
            f"timed out waiting for {what}; stored, pending, unfiled = {self.progress()}\n{self.logs()}"
        )

    @property
    def killed(self) -> list[subprocess.Popen]:
        return [p for p in self.processes if p.returncode == -signal.SIGKILL]

    def settle(self, pages: int, *, timeout: float) -> None:
        """Until every page is stored and filed into a story."""
        self.wait_until(
            lambda stored, pending, unfiled: stored == pages and not pending and not unfiled,
            timeout=timeout,
            what=f"{pages} articles stored and filed",
        )

    def snapshot(self) -> dict[str, tuple]:
        return snapshot_rows(self.query(ARTICLES))

    def logs(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in sorted(self.data_root.glob("*.log")))
