"""Load test of the production server on a generated newsroom, against nginx serving a static copy.

    .venv/bin/python bench/load.py --data-dir /tmp/bench/db100k [--articles 100000] [--workers 2]
                                   [--duration 10] [--connections 16] [--cache-url locmem://]
                                   [--build-search-index] [--json FILE]

1. Generate the newsroom into --data-dir if it has no articles yet (`newsdesk generate --articles N`).
2. Start `newsdesk serve --workers W` (gunicorn) on loopback, and nginx (as our own process, config in a
   temp folder) serving the same article page, saved with its stylesheets, as a static file.
3. For each page (front page, an article page with comments, a story page, the sources page, a search if
   `/search/` answers, the API's article list) warm up, then run `wrk --latency` with a Lua script that reports p50/p95/p99:
   straight at gunicorn, then through nginx as a caching proxy in front of it (what it may keep is what the
   site marks public). nginx's static copy of the article page, in the same session, is the ceiling.
4. Print requests/s, latency percentiles, the ratio to nginx, the peak memory of the whole site (gunicorn
   master and workers: summed RSS, and PSS, which counts pages the forked workers share once) and the
   database size per 100k articles. `--json FILE` writes the same figures.

wrk runs on the same machine and takes CPU from the server: the figures are for a loaded 2-core box.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWSDESK = [sys.executable, "-m", "newsdesk"]
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\": %d, \\"seconds\\": %f, \\"errors\\": %d, \\"non2xx\\": %d, "
    .. "\\"p50_ms\\": %f, \\"p95_ms\\": %f, \\"p99_ms\\": %f, \\"max_ms\\": %f}\\n",
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3))
end
"""
NGINX_CONF = """
worker_processes {workers};
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    location / {{ try_files $uri $uri/index.html =404; }}
  }}
  # The production layout the README recommends: nginx in front of gunicorn, keeping what the site marks
  # public (Cache-Control: every anonymous page) and passing the rest (a reader with a session) through.
  proxy_cache_path {tmp}/cache levels=1:2 keys_zone=pages:10m max_size=256m inactive=10m;
  server {{
    listen 127.0.0.1:{proxy_port};
    location / {{
      proxy_pass http://127.0.0.1:{app_port};
      proxy_set_header Host $http_host;
      proxy_cache pages;
      # No proxy_cache_lock: nginx cannot know a page is private before it answers, and the lock would queue
      # readers with a session behind the one request in flight. Stale copies cover the stampede.
      proxy_cache_use_stale updating;
      proxy_cache_background_update on;
    }}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def tree_pids(pid: int) -> list[int]:
    pids, stack = [], [pid]
    while stack:
        current = stack.pop()
        pids.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        stack.extend(int(c) for c in children)
    return pids


def tree_memory_mb(pid: int) -> tuple[float, float]:
    """(summed RSS, summed PSS) of a process and its descendants, in MiB."""
    rss = pss = 0
    for p in tree_pids(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return rss / 1024, pss / 1024


class PeakMemory(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.rss, self.pss, self.running = pid, 0.0, 0.0, True

    def run(self) -> None:
        while self.running:
            rss, pss = tree_memory_mb(self.pid)
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            time.sleep(0.25)


def wrk(url: str, duration: int, connections: int, script: Path) -> dict:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures = json.loads(output.split("JSON ", 1)[1].splitlines()[0])
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def article_count(data_dir: Path) -> int:
    database = data_dir / "newsdesk.sqlite3"
    if not database.exists():
        return 0
    with sqlite3.connect(database) as db:
        try:
            return db.execute("SELECT COUNT(*) FROM articles_article WHERE status = 'ready'").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


def database_bytes(data_dir: Path) -> tuple[int, int]:
    """The database file after a WAL checkpoint (the data, not the log's high-water mark), and how much of it
    is the search index (tables and indexes named search_*)."""
    database = data_dir / "newsdesk.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        search = db.execute("SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name LIKE 'search%'").fetchone()[0]
    return sum(f.stat().st_size for f in data_dir.glob("newsdesk.sqlite3*")), search


def search_command_exists(env: dict) -> bool:
    listed = subprocess.run([*NEWSDESK, "help", "--commands"], env=env, capture_output=True, text=True, cwd=ROOT)
    return "search" in listed.stdout.split()


def pick_pages(base: str) -> dict[str, str]:
    """The pages to load: a well-covered story from the front page, and its article with the most comments."""
    _, front = get(base + "/")
    stories = re.findall(r'href="(/story/[^"]+)"', front.decode())
    best_story, best_count = None, -1
    for story in dict.fromkeys(stories).keys():
        _, html = get(base + story)
        count = html.decode().count('href="/article/')
        if count > best_count:
            best_story, best_count = story, count
    _, story_html = get(base + best_story)
    best_article, best_comments = None, -1
    for article in dict.fromkeys(re.findall(r'href="(/article/[^"]+)"', story_html.decode())).keys():
        _, html = get(base + article)
        comments = html.decode().count('class="comment-body') + html.decode().count('id="comment-')
        if comments > best_comments:
            best_article, best_comments = article, comments
    pages = {"front page": "/", "article page": best_article, "story page": best_story, "sources page": "/source/"}
    status, _ = get(base + "/search/?q=harbour")
    if status == 200:
        pages["search"] = "/search/?q=harbour"
    pages["API list"] = "/api/v1/articles"
    return pages


def static_copy(base: str, article_path: str, root: Path) -> None:
    """The article page as a browser sees it, saved with the stylesheets it links, at the same paths."""
    _, html = get(base + article_path)
    target = root / article_path.strip("/") / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(html)
    for css in re.findall(r'href="(/static/[^"]+\.css)"', html.decode()):
        path = root / css.strip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(get(base + css)[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=100_000, help="Generated when the folder has none.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--cache-url", default="", help="NEWSDESK_CACHE_URL for the server (default: files).")
    parser.add_argument(
        "--build-search-index",
        action="store_true",
        help="Run `newsdesk search reindex` once on this folder (generated rows are not indexed).",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    env = {**os.environ, "NEWSDESK_DATA_DIR": str(args.data_dir), "NEWSDESK_CACHE_URL": args.cache_url}
    # 1. The newsroom.
    if article_count(args.data_dir) == 0:
        started = time.monotonic()
        subprocess.run([*NEWSDESK, "generate", "--articles", str(args.articles)], env=env, check=True, cwd=ROOT)
        print(f"generated {args.articles} articles in {time.monotonic() - started:.0f} s")
    subprocess.run([*NEWSDESK, "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT)
    articles = article_count(args.data_dir)
    indexed = args.data_dir / "search-reindexed"
    if args.build_search_index and not indexed.exists() and search_command_exists(env):
        # Generated rows go in by plain SQL, so the search index is built once here, as after a restore.
        started = time.monotonic()
        subprocess.run([*NEWSDESK, "search", "reindex"], env=env, check=True, cwd=ROOT)
        indexed.write_text(f"{time.monotonic() - started:.0f} s\n")
        print(f"search index built in {indexed.read_text().strip()}")

    # 2. The servers.
    port, static_port, proxy_port = free_port(), free_port(), free_port()
    base, static_base = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{static_port}"
    proxy_base = f"http://127.0.0.1:{proxy_port}"
    server = subprocess.Popen(
        [*NEWSDESK, "serve", "--port", str(port), "--workers", str(args.workers)], env=env, cwd=ROOT
    )
    tmp = Path(tempfile.mkdtemp(prefix="newsdesk-load-"))
    tmp.chmod(0o755)  # nginx's workers drop to an unprivileged user when started as root
    nginx = None
    try:
        wait_for(base + "/")
        pages = pick_pages(base)
        static_copy(base, pages["article page"], tmp / "root")
        (tmp / "nginx.conf").write_text(
            NGINX_CONF.format(
                workers=args.workers, tmp=tmp, port=static_port, root=tmp / "root", proxy_port=proxy_port, app_port=port
            )
        )
        nginx = subprocess.Popen(["nginx", "-c", str(tmp / "nginx.conf"), "-p", str(tmp)])
        wait_for(static_base + pages["article page"])
        script = tmp / "report.lua"
        script.write_text(WRK_SCRIPT)

        # 3. Load, with the site's memory sampled throughout.
        memory = PeakMemory(server.pid)
        memory.start()
        results = {}
        targets = (
            [("nginx static article", static_base + pages["article page"])]
            + [(name, base + path) for name, path in pages.items()]
            + [(f"{name} via nginx", proxy_base + path) for name, path in pages.items()]
        )
        for name, url in targets:
            for _ in range(20):
                status, _ = get(url)  # warm: stored pages, SQLite's page cache, the workers' imports
            if status != 200:
                log = (tmp / "error.log").read_text() if (tmp / "error.log").exists() else ""
                raise SystemExit(f"{name}: {url} answers {status}\n{log[-2000:]}")
            results[name] = wrk(url, args.duration, args.connections, script)
            results[name]["url"] = url
        memory.running = False
        memory.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
        if nginx:
            nginx.terminate()
            nginx.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)

    # 4. Report.
    ceiling = results["nginx static article"]["rps"]
    size, search_size = database_bytes(args.data_dir)
    size_before_search = size - search_size
    print(
        f"\n{articles} articles, {args.workers} gunicorn workers, cache {args.cache_url or 'files'}, "
        f"wrk -t2 -c{args.connections} -d{args.duration}s on the same 2 cores"
    )
    print(f"{'page':32} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'x nginx':>8}")
    for name, r in results.items():
        print(
            f"{name:32} {r['rps']:8.0f} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['p99_ms']:8.1f} "
            f"{r['errors'] + r['non2xx']:7d} {r['rps'] / ceiling:8.3f}"
        )
    print(f"peak memory of the site: {memory.rss:.0f} MiB RSS summed over processes, {memory.pss:.0f} MiB PSS")
    per_100k = 100_000 / max(articles, 1) / 2**20
    print(
        f"database: {size / 2**20:.0f} MiB, {size * per_100k:.0f} MiB per 100k articles"
        + (f" ({size_before_search * per_100k:.0f} MiB per 100k without the search index)" if search_size else "")
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "articles": articles,
                    "workers": args.workers,
                    "cache": args.cache_url or "files",
                    "connections": args.connections,
                    "duration": args.duration,
                    "results": results,
                    "peak_rss_mib": memory.rss,
                    "peak_pss_mib": memory.pss,
                    "database_bytes": size,
                    "database_bytes_without_search_index": size_before_search,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
