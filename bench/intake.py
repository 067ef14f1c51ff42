"""Intake benchmark: a fixture newsroom of many loopback hosts, ingested end to end (fetch -> extract ->
summarise -> store) by the real `newsdesk ingest --once`, against trafilatura's extraction alone on the same
pages, measured in the same run.

    .venv/bin/python bench/intake.py [--hosts 20] [--pages 2000] [--with-entities]

Intake is measured as `ingest --once --no-entities`: the entity analysis is a stage of its own that fetching
never waits for (in `newsdesk run` it runs on its own thread); `--with-entities` times both stages together.

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


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc (Linux)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(child) for child in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total / 1024


def run_measured(command: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess, float]:
    """Run a command, sampling the whole process tree's resident memory; returns the peak in MB."""
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        time.sleep(0.1)
    stdout, stderr = process.communicate()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{stdout}\n{stderr}")
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr), peak


def newsdesk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", *args], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument(
        "--with-entities", action="store_true", help="time `ingest --once` with its entity stage after the drain"
    )
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8701)
    parser.add_argument(
        "--min-interval",
        default="0.5",
        help="NEWSDESK_HOST_MIN_INTERVAL for the run (politeness; 0 measures raw capacity)",
    )
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
    try:
        assert server.stdout.readline().strip() == "ready"
        site = build_site(args.hosts, args.pages, args.port)
        count, seconds = extraction_alone(site)
        reference = count / seconds
        print(f"trafilatura.extract alone: {count} pages in {seconds:.1f}s = {reference:.1f} pages/s (1 process)")

        with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as data_dir:
            env = {
                **os.environ,
                "NEWSDESK_DATA_DIR": data_dir,
                "NEWSDESK_ALLOW_PRIVATE_NETWORKS": "1",
                "NEWSDESK_DEMO_NEWSROOM": "0",
                "NEWSDESK_HOST_MIN_INTERVAL": args.min_interval,
            }
            feeds = [f"http://{host_address(h)}:{args.port}/feed.xml" for h in range(args.hosts)]
            newsdesk(
                env,
                "shell",
                "--no-imports",
                "-c",
                f"from newsdesk.sources.models import Source\nfor url in {feeds!r}: Source.objects.create(url=url)",
            )
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            result, peak_mb = run_measured(
                [
                    sys.executable,
                    "-m",
                    "newsdesk",
                    "ingest",
                    "--once",
                    *(() if args.with_entities else ("--no-entities",)),
                ],
                env,
            )
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            stored = newsdesk(
                env,
                "shell",
                "--no-imports",
                "-c",
                "from newsdesk.articles.models import Article\nprint(Article.objects.filter(status='ready').count())",
            ).stdout.strip()
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        rate = int(stored) / wall
        print(f"newsdesk ingest --once: {stored} articles stored in {wall:.1f}s = {rate:.1f} articles/s")
        print(f"  {result.stdout.strip()}")
        print(f"  politeness: {args.min_interval}s between requests per host; {args.hosts} hosts")
        print(
            f"  CPU {cpu:.1f}s over {wall:.1f}s wall = {cpu / wall:.2f} cores busy; "
            f"peak RSS of the whole process tree {peak_mb:.0f} MB (goal <= 1024)"
        )
        print(f"ratio intake / extraction alone: {rate / reference:.2f} (goal >= 0.5)")
    finally:
        server.stdin.close()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
