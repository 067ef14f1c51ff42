"""The `newsdesk` command as a user runs it: a real process, a fresh data folder, a real local feed."""

import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.support.seed import article_page, load_seed, rss_feed

EXPORT_KEYS = {
    "id",
    "url",
    "canonical_url",
    "source",
    "title",
    "published_at",
    "fetched_at",
    "text",
    "summary",
    "story_id",
    "duplicate_of",
}


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "fresh" / "newsdesk-data"  # does not exist yet


@pytest.fixture
def env(data_dir):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "DJANGO_"))}
    environment.update(NEWSDESK_DATA_DIR=str(data_dir), NEWSDESK_ALLOW_PRIVATE_NETWORKS="1")
    return environment


@pytest.fixture
def feed_url(http_server):
    seed = load_seed()
    page_url = http_server.url("/news/isis.html")
    http_server.route("/news/isis.html", article_page(seed, page_url))
    http_server.route("/feed.xml", rss_feed(seed, page_url), content_type="application/rss+xml")
    return http_server.url("/feed.xml")


def newsdesk(env, *args, check=True):
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", *args], env=env, capture_output=True, text=True, timeout=120
    )
    if check and result.returncode != 0:
        raise AssertionError(f"newsdesk {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def test_add_ingest_export_on_a_fresh_data_folder(env, data_dir, feed_url, tmp_path):
    assert not data_dir.exists()
    added = newsdesk(env, "sources", "add", feed_url)
    assert "Added source 1" in added.stdout
    assert (data_dir / "newsdesk.sqlite3").exists()
    key = (data_dir / "secret_key").read_text()

    ingested = newsdesk(env, "ingest", "--once")
    assert "1 new article" in ingested.stdout and "1 stored" in ingested.stdout

    exported = newsdesk(env, "export", "--format", "jsonl")
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(records) == 1
    record = records[0]
    assert EXPORT_KEYS <= record.keys()
    assert record["title"] == load_seed().title
    assert record["url"].endswith("/news/isis.html")
    assert record["canonical_url"].startswith("https://www.military.com/")
    assert uuid.UUID(record["story_id"]) and record["duplicate_of"] is None  # a story of its own, no copy
    assert record["published_at"].startswith("2025-03-15")

    out_file = tmp_path / "export.jsonl"
    newsdesk(env, "export", "--format", "jsonl", "--output", str(out_file))
    assert json.loads(out_file.read_text().splitlines()[0])["id"] == record["id"]
    assert (data_dir / "secret_key").read_text() == key, "the secret key is generated once and kept"


def test_sources_add_rejects_a_non_url_with_a_clear_error(env):
    result = newsdesk(env, "sources", "add", "not a url", check=False)
    assert result.returncode != 0
    assert "is not an http(s) URL" in result.stderr


def test_createsuperuser_works_on_a_fresh_folder(env):
    env = {**env, "DJANGO_SUPERUSER_PASSWORD": "a-long-test-password-1"}
    newsdesk(env, "createsuperuser", "--noinput", "--username", "editor", "--email", "editor@example.org")
    listed = newsdesk(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth.models import User; print(User.objects.get().is_staff)",
    )
    assert listed.stdout.strip() == "True"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def test_run_serves_the_site_and_polls_sources_in_the_background(env, feed_url):
    newsdesk(env, "sources", "add", feed_url)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "run", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        title = load_seed().title
        deadline = time.monotonic() + 30
        front = ""
        while time.monotonic() < deadline:
            try:
                front = get(f"http://127.0.0.1:{port}/")
                if title in front:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        assert title in front, "the background poller ingested the source and the front page lists it"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/newsdesk/site.css", timeout=5) as css:
            assert css.status == 200
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=20)[0]
    assert server.returncode == 0, output
    assert f"serving http://127.0.0.1:{port}/" in output


def count_ready(data_dir: Path) -> int:
    import sqlite3

    try:
        with sqlite3.connect(data_dir / "newsdesk.sqlite3", timeout=5) as db:
            return db.execute("select count(*) from articles_article where status = 'ready'").fetchone()[0]
    except sqlite3.OperationalError:  # not migrated yet
        return 0


# Pages the first ingest gets at once; it waits for every later one until it is killed, so the kill lands
# mid-batch (with some articles stored and most not) however fast or slow the machine is.
PAGES_BEFORE_THE_KILL = 8


def test_an_ingest_killed_mid_batch_loses_and_duplicates_nothing_on_restart(env, data_dir, http_server):
    seed = load_seed()
    served = itertools.count()
    killed = threading.Event()

    def gated_page(request):
        if not killed.is_set() and next(served) >= PAGES_BEFORE_THE_KILL:
            killed.wait(60)
        body = article_page(seed, request.path).replace(seed.title, f"{seed.title} {request.path}").encode()
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    links = [http_server.url(f"/news/{i}.html") for i in range(40)]
    for i in range(40):
        http_server.route(f"/news/{i}.html", handler=gated_page)
    items = "".join(f"<item><title>Story {i}</title><link>{link}</link></item>" for i, link in enumerate(links))
    http_server.route(
        "/feed.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>{items}</channel></rss>',
        content_type="application/rss+xml",
    )
    env = {**env, "NEWSDESK_FETCH_WORKERS": "2", "NEWSDESK_HOST_MIN_INTERVAL": "0"}
    newsdesk(env, "sources", "add", http_server.url("/feed.xml"))

    # Articles only: the entity analysis runs after the drain, where no kill lands, and costs the restart a
    # gazetteer load; test_add_ingest_export_on_a_fresh_data_folder runs the whole ingest.
    first = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "ingest", "--once", "--no-entities"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while count_ready(data_dir) < 5 and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.05)
        os.killpg(first.pid, signal.SIGKILL)  # the ingest process and its extraction workers, no clean-up
        first.wait()
    finally:
        killed.set()  # the restart is answered at once
    stored_before_restart = count_ready(data_dir)
    assert 5 <= stored_before_restart < 40, "the kill landed mid-batch"

    newsdesk(env, "ingest", "--once", "--no-entities")

    exported = [json.loads(line) for line in newsdesk(env, "export").stdout.splitlines()]
    assert sorted(r["url"] for r in exported) == sorted(links)  # every article, each exactly once
    assert len({r["id"] for r in exported}) == 40
