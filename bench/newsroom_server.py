"""A fixture newsroom on loopback for benchmarks: N hosts (127.0.0.2 ... ) each with an RSS feed of its
article pages. Pages are the real pages of ../shared/data/extraction, repeated to reach the page count,
each made distinct (its own title and URL; rel=canonical and og:url removed so copies are not one article).

Run as a separate process so the server's CPU does not count against the process being measured:

    python bench/newsroom_server.py --hosts 20 --pages 2000 --port 8701
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.loopback_sites import serve_sites  # noqa: E402  (shared with the scale-out tests)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "extraction"
# Every tag that names the page's own address (canonical, og:url, twitter:url, ...): copies must not
# claim to be the original, or they would rightly be stored once.
SELF_URL_TAGS = re.compile(
    rb"<link[^>]+rel=[\"']?(?:canonical|shortlink|amphtml)[^>]*>|<meta[^>]+(?:og|twitter):url[^>]*>", re.I
)
TITLE = re.compile(rb"<title>(.*?)</title>", re.I | re.S)


def load_pages() -> list[tuple[str, bytes]]:
    truth = json.loads((SHARED / "ground-truth.json").read_text())
    pages = []
    for page_id in sorted(truth):
        html = gzip.decompress((SHARED / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append((page_id, SELF_URL_TAGS.sub(b"", html)))
    return pages


def host_address(index: int) -> str:
    return f"127.0.0.{index + 2}"


def build_site(hosts: int, pages: int, port: int) -> dict[str, dict[str, bytes]]:
    """{host: {path: body}}; page i lives on host i % hosts."""
    source_pages = load_pages()
    site: dict[str, dict[str, bytes]] = {host_address(h): {} for h in range(hosts)}
    items: dict[str, list[str]] = {host: [] for host in site}
    for i in range(pages):
        host = host_address(i % hosts)
        page_id, html = source_pages[i % len(source_pages)]
        path = f"/news/{i}-{page_id[:12]}.html"
        # A distinct title per copy, so each copy is its own article.
        html = TITLE.sub(lambda m: b"<title>" + m.group(1) + f" (copy {i})".encode() + b"</title>", html, count=1)  # noqa: B023 - used at once
        site[host][path] = html
        items[host].append(
            f"<item><title>Article {i}</title><link>http://{host}:{port}{path}</link><guid>{host}{path}</guid></item>"
        )
    for host, entries in items.items():
        site[host]["/feed.xml"] = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench outlet {host}</title>'
            f"<link>http://{host}:{port}/</link>{''.join(entries)}</channel></rss>"
        ).encode()
        site[host]["/robots.txt"] = b"User-agent: *\nDisallow: /private/\n"
    return site


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8701)
    args = parser.parse_args()
    serve_sites(build_site(args.hosts, args.pages, args.port), args.port)
    print("ready", flush=True)
    sys.stdin.read()  # serve until the parent closes our stdin


if __name__ == "__main__":
    main()
