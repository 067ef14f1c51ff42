"""`newsdesk serve`: gunicorn worker processes on a fresh data folder serve the stored pages, and a comment
posted to one worker is on the page whichever worker answers next (SQLite in WAL mode, shared page cache)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "DJANGO_"))}
    env.update(NEWSDESK_DATA_DIR=str(tmp_path / "data"), NEWSDESK_COMMENT_MIN_SECONDS="0")
    subprocess.run(
        [sys.executable, "-m", "newsdesk", "generate", "--articles", "300", "--until", "2026-11-01"],
        env=env,
        check=True,
        capture_output=True,
    )
    approved_email = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsdesk",
            "shell",
            "--no-imports",
            "-c",
            "from newsdesk.comments.models import Comment; print(Comment.objects.approved().first().email)",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    port = free_port()
    # Its output to a file: a pipe nobody reads until the end fills up and stops the server mid-test.
    log = open(tmp_path / "serve.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "serve", "--port", str(port), "--workers", str(WORKERS)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=5).read()
            break
        except OSError:
            time.sleep(0.3)
    try:
        yield base, server, approved_email
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def worker_pids(master: int) -> set[int]:
    return {int(p) for p in open(f"/proc/{master}/task/{master}/children").read().split()}


def started_workers(master: int, count: int, within: float = 30) -> set[int]:
    """The master's workers once ``count`` have forked (the first may answer before the last has), or those
    there are when ``within`` seconds have passed."""
    deadline = time.monotonic() + within
    while len(pids := worker_pids(master)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return pids


def test_serve_runs_worker_processes_that_share_stored_pages_and_comments(served):
    base, server, approved_email = served
    assert len(started_workers(server.pid, WORKERS)) == WORKERS
    reader = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    front = reader.open(base + "/").read().decode()
    article = re.findall(r'href="(/article/[^"]+)"', front)[0]
    first = reader.open(base + article)
    assert "public" in first.headers["Cache-Control"]
    page = first.read().decode()
    issued = re.search(r'name="issued" value="([^"]+)"', page).group(1)
    post_url = base + re.search(r'<form action="([^"]+)"', page).group(1)

    form = {
        "issued": issued,
        "name": "Ada",
        "email": approved_email,
        "website": "",
        "body": "Posted to one worker, shown by all.",
        "parent": "",
        "homepage": "",
    }
    request = urllib.request.Request(post_url, data=urllib.parse.urlencode(form).encode(), headers={"Origin": base})
    answer = reader.open(request)  # the 303 to the article, followed
    assert "Thank you, your comment is published." in answer.read().decode()

    # Fresh readers (no session, so the stored page), answered by whichever worker: every one shows it.
    fresh = [urllib.request.urlopen(base + article).read().decode() for _ in range(6)]
    assert all("Posted to one worker, shown by all." in p for p in fresh)
