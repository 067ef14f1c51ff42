"""Intake benchmark: a fixture newsroom of many loopback hosts, ingested end to end (fetch -> extract ->
summarise -> store) by the real `newsdesk ingest --once`, against trafilatura's extraction alone on the same
pages, measured in the same run.

    .venv/bin/python bench/intake.py [--hosts 20] [--pages 2000]

Prints articles/s for both, their ratio (goal: intake >= 0.5 x extraction alone), the intake's CPU use
(cores busy) and its peak resident memory (goal: <= 1 GB).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))
from newsroom_server import build_site, host_address  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def extraction_alone(site: dict[str, dict[str, bytes]]) -> tuple[int, float]:
    pages = [body for files in site.values() for path, body in files.items() if path.startswith("/news/")]
    started = time.perf_counter()
    for html in pages:
        trafilatura.extract(html)
    return len(pages), time.perf_counter() - started


def newsdesk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsdesk", *args], env=env, capture_output=True, text=True,
                          check=True, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8701)
    args = parser.parse_args()

    server = subprocess.Popen([sys.executable, str(Path(__file__).with_name("newsroom_server.py")),
                               "--hosts", str(args.hosts), "--pages", str(args.pages), "--port", str(args.port)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout.readline().strip() == "ready"
        site = build_site(args.hosts, args.pages, args.port)
        count, seconds = extraction_alone(site)
        reference = count / seconds
        print(f"trafilatura.extract alone: {count} pages in {seconds:.1f}s = {reference:.1f} pages/s (1 process)")

        with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as data_dir:
            env = {**os.environ, "NEWSDESK_DATA_DIR": data_dir, "NEWSDESK_ALLOW_PRIVATE_NETWORKS": "1",
                   "NEWSDESK_DEMO_NEWSROOM": "0"}
            feeds = [f"http://{host_address(h)}:{args.port}/feed.xml" for h in range(args.hosts)]
            newsdesk(env, "shell", "--no-imports", "-c",
                     "from newsdesk.sources.models import Source\n"
                     f"for url in {feeds!r}: Source.objects.create(url=url)")
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            result = newsdesk(env, "ingest", "--once")
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            stored = newsdesk(env, "shell", "--no-imports", "-c",
                              "from newsdesk.articles.models import Article\n"
                              "print(Article.objects.filter(status='ready').count())").stdout.strip()
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        rate = int(stored) / wall
        print(f"newsdesk ingest --once: {stored} articles stored in {wall:.1f}s = {rate:.1f} articles/s")
        print(f"  {result.stdout.strip()}")
        print(f"  CPU {cpu:.1f}s over {wall:.1f}s wall = {cpu / wall:.2f} cores busy; "
              f"peak RSS {after.ru_maxrss / 1024:.0f} MB")
        print(f"ratio intake / extraction alone: {rate / reference:.2f} (goal >= 0.5)")
    finally:
        server.stdin.close()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
