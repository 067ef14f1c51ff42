"""`newsdesk run` with a broker serves the site and schedules for workers; `newsdesk worker` and `newsdesk
scheduler` say what they need when no broker is set. Real processes on one machine: SQLite in one data
folder, a private Redis."""

import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.scaleout.cluster import base_env
from tests.support.seed import load_seed
from tests.support.servers import free_port
from tests.test_cli import feed_url, newsdesk  # noqa: F401  (fixture)

pytestmark = pytest.mark.scaleout


def test_run_with_a_broker_serves_the_site_while_a_worker_ingests(tmp_path, feed_url, redis_server):  # noqa: F811
    env = base_env(tmp_path / "data", NEWSDESK_BROKER_URL=redis_server.url, NEWSDESK_EXTRACT_PROCESSES="0")
    newsdesk(env, "sources", "add", feed_url)
    port = free_port()
    web = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "run", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "worker", "--concurrency", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        title, front, deadline = load_seed().title, "", time.monotonic() + 90
        while time.monotonic() < deadline and title not in front:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    front = response.read().decode()
            except OSError:
                pass
            time.sleep(0.5)
        assert title in front, "the scheduler in `run` enqueued the poll and the article; the worker stored them"
    finally:
        worker.send_signal(signal.SIGTERM)
        web.send_signal(signal.SIGTERM)
        output = web.communicate(timeout=30)[0]
        worker.wait(timeout=30)
    assert "scheduling work for newsdesk workers" in output


@pytest.mark.parametrize("command", ["worker", "scheduler"])
def test_worker_and_scheduler_without_a_broker_name_the_setting_to_set(tmp_path, command):
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", command],
        env=base_env(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "NEWSDESK_BROKER_URL=redis://" in result.stderr


def test_two_schedulers_started_by_mistake_enqueue_each_due_article_once(tmp_path, redis_server):
    import json

    import redis

    # 30 articles of one host: its in-flight limit is raised so that all of them may be enqueued at once.
    env = base_env(tmp_path / "data", NEWSDESK_BROKER_URL=redis_server.url, NEWSDESK_HOST_MAX_IN_FLIGHT="100")
    newsdesk(
        env,
        "shell",
        "--no-imports",
        "-c",
        "\n".join(
            [
                "from datetime import timedelta",
                "from django.utils import timezone",
                "from newsdesk.articles.models import Article, article_id_for",
                "from newsdesk.sources.models import Source",
                "source = Source.objects.create(url='http://127.0.0.1:9/feed.xml', next_fetch_at=timezone.now() + timedelta(hours=1))",
                "for i in range(30): Article.objects.create(id=article_id_for(str(i)), url_key=str(i), source=source, "
                "url=f'http://127.0.0.1:9/{i}.html')",
            ]
        ),
    )
    schedulers = [
        subprocess.Popen(
            [sys.executable, "-m", "newsdesk", "scheduler"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(2)
    ]
    client = redis.Redis.from_url(redis_server.url)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and client.llen("newsdesk") < 30:
            time.sleep(0.2)
        time.sleep(3)  # rounds of both schedulers go by: nothing more may come
        messages = [json.loads(m)["headers"]["argsrepr"] for m in client.lrange("newsdesk", 0, -1)]
    finally:
        for scheduler in schedulers:
            scheduler.send_signal(signal.SIGTERM)
            scheduler.wait(timeout=30)
    assert len(messages) == 30 and len(set(messages)) == 30
