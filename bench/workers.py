"""Workers benchmark: ingest throughput of 1 and 2 `newsdesk worker` processes (the scaling ratio), and the
cost of the broker round trip per task against the same call in process, measured in the same run.

    .venv/bin/python bench/workers.py [--hosts 20] [--pages 1000] [--threads 8]

Needs PostgreSQL (NEWSDESK_TEST_POSTGRES_URL, default postgres://newsdesk:newsdesk@127.0.0.1:5432/newsdesk; a
database is created per run and dropped) and redis-server on the PATH (a private one is started).

Each worker runs its extraction on its own task threads (NEWSDESK_EXTRACT_PROCESSES=0), so one worker is one
process and uses at most one core: 2 workers on a 2-core machine can at best double the rate. A run is the
whole ingest through the real scheduler: poll the newsroom's feeds, fetch, extract, summarise, store, file
stories; the clock stops when every article is stored and filed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from newsroom_server import host_address  # noqa: E402

from tests.scaleout.cluster import Cluster, add_sources, base_env  # noqa: E402
from tests.support.servers import RedisServer, fresh_postgres_database  # noqa: E402


def ingest_rate(workers: int, *, args, redis: RedisServer, feeds: list[str]) -> tuple[int, float]:
    """(articles stored, seconds) for one whole ingest by ``workers`` worker processes."""
    with fresh_postgres_database("newsdesk_bench") as database_url, tempfile.TemporaryDirectory() as root:
        cluster = Cluster(Path(root), database_url, redis.url, NEWSDESK_HOST_MIN_INTERVAL=args.min_interval)
        add_sources(cluster.env("setup"), feeds)
        try:
            cluster.start_workers(workers, threads=args.threads)
            time.sleep(args.warmup)  # workers import Django and the models before the clock starts
            started = time.perf_counter()
            cluster.start("scheduler", name="scheduler")
            cluster.wait_until(
                lambda stored, pending, unfiled: stored and not pending and not unfiled, timeout=1800, what="the ingest"
            )
            seconds = time.perf_counter() - started
            stored = cluster.progress()[0]
        finally:
            cluster.stop()
    return stored, seconds


def round_trips(redis: RedisServer, count: int) -> tuple[float, float]:
    """Median seconds per no-op task through Redis and a worker (send, run, result back), and per direct call."""
    with tempfile.TemporaryDirectory() as root:
        env = base_env(Path(root) / "data", NEWSDESK_BROKER_URL=redis.url)
        worker = subprocess.Popen(
            [sys.executable, "-m", "newsdesk", "worker", "--concurrency", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        try:
            os.environ.update(env, DJANGO_SETTINGS_MODULE="newsdesk.settings")
            import django

            django.setup()
            from newsdesk.tasks.tasks import ping

            ping.delay().get(timeout=120)  # the worker is up
            through_broker = []
            for _ in range(count):
                started = time.perf_counter()
                ping.delay().get(timeout=10)
                through_broker.append(time.perf_counter() - started)
            direct = []
            for _ in range(count):
                started = time.perf_counter()
                ping()
                direct.append(time.perf_counter() - started)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    return statistics.median(through_broker), statistics.median(direct)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--port", type=int, default=8702)
    parser.add_argument("--threads", type=int, default=8, help="task threads per worker")
    parser.add_argument("--min-interval", default="0", help="NEWSDESK_HOST_MIN_INTERVAL (0: raw capacity)")
    parser.add_argument("--warmup", type=float, default=15.0, help="seconds for workers to start")
    parser.add_argument("--round-trips", type=int, default=300)
    args = parser.parse_args()

    server = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("newsroom_server.py")),
            "--hosts",
            str(args.hosts),
            "--pages",
            str(args.pages),
            "--port",
            str(args.port),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    redis = RedisServer().start()
    try:
        assert server.stdout.readline().strip() == "ready"
        feeds = [f"http://{host_address(h)}:{args.port}/feed.xml" for h in range(args.hosts)]
        rates = {}
        for workers in (1, 2):
            stored, seconds = ingest_rate(workers, args=args, redis=redis, feeds=feeds)
            rates[workers] = stored / seconds
            print(
                f"{workers} worker process{'es' if workers > 1 else ''}: {stored} articles stored and filed in "
                f"{seconds:.1f}s = {rates[workers]:.1f} articles/s",
                flush=True,
            )
        print(f"scaling ratio 2 workers / 1 worker: {rates[2] / rates[1]:.2f} (2.0 would be perfect on 2 free cores)")

        broker, direct = round_trips(redis, args.round_trips)
        per_article = 1 / rates[1]
        print(
            f"no-op task through Redis and a worker, result back: {broker * 1000:.2f} ms median "
            f"({args.round_trips} in a row); the same call in process: {direct * 1e6:.2f} µs"
        )
        print(
            f"wall time per article with 1 worker: {per_article * 1000:.1f} ms; one broker round trip is "
            f"{broker / per_article:.1%} of it"
        )
        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    finally:
        redis.stop()
        server.stdin.close()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
