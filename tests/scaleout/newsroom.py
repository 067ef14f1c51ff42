"""A fixture newsroom for scale tests: N article pages spread over many loopback hosts (127.0.0.2, ...), each
host with an RSS feed of its pages. The idea of bench/newsroom_server.py, test-sized: the pages are the real
articles of shared/data/extraction (their text, cut short and served in a plain page: the scale-out is under
test, not extraction), repeated to reach the count, each copy with its own title and URL; copies of one
article on different hosts are exact duplicates of each other, which story filing must link.

Every feed item has its own publication time (one minute apart), so publication order, the order stories are
filed in, is the same in every run whatever order the fetches finish in.
"""

from __future__ import annotations

import gzip
import json
import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape, unescape
from http.server import ThreadingHTTPServer

from tests.support.loopback_sites import serve_sites, stop_sites
from tests.support.servers import free_port
from tests.support.shared_data import shared_path

TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
PAGE_WORDS = 180  # small pages: what is under test is the scale-out, not extraction speed


def load_pages() -> list[tuple[str, str, list[str]]]:
    """(page id, headline, paragraphs) of the real articles, each cut to its first ~180 words."""
    folder = shared_path("extraction")
    truth = json.loads((folder / "ground-truth.json").read_text())
    pages = []
    for page_id in sorted(truth):
        sentences = SENTENCE_END.split(truth[page_id]["articleBody"].replace("\n", " "))
        kept, words = [], 0
        for sentence in sentences:
            if words >= PAGE_WORDS:
                break
            kept.append(sentence)
            words += len(sentence.split())
        if words < 100:
            continue  # too short to be stored as an article once cut
        html = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        match = TITLE.search(html)
        title = unescape(match.group(1).decode("utf-8", "replace")).strip() if match else ""
        title = title or truth[page_id]["url"].rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
        pages.append((page_id, title, [" ".join(kept[i : i + 3]) for i in range(0, len(kept), 3)]))
    return pages


def article_html(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head><body>"
        f"<article><h1>{escape(title)}</h1>{body}</article></body></html>"
    ).encode()


class Newsroom:
    def __init__(self, *, hosts: int, pages: int, published_from: datetime | None = None) -> None:
        self.hosts = [f"127.0.0.{index + 2}" for index in range(hosts)]
        self.pages = pages
        self.published_from = published_from or datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)
        self.port = 0
        self._servers: list[ThreadingHTTPServer] = []

    def feed_urls(self) -> list[str]:
        return [f"http://{host}:{self.port}/feed.xml" for host in self.hosts]

    def _site(self) -> dict[str, dict[str, bytes]]:
        source_pages = load_pages()
        site: dict[str, dict[str, bytes]] = {host: {} for host in self.hosts}
        items: dict[str, list[str]] = {host: [] for host in self.hosts}
        for i in range(self.pages):
            host = self.hosts[i % len(self.hosts)]
            page_id, title, paragraphs = source_pages[i % len(source_pages)]
            path = f"/news/{i}-{page_id[:12]}.html"
            site[host][path] = article_html(f"{title} (copy {i})", paragraphs)
            published = format_datetime(self.published_from + timedelta(minutes=i))
            items[host].append(
                f"<item><title>Article {i}</title><link>http://{host}:{self.port}{path}</link>"
                f"<guid>{host}{path}</guid><pubDate>{published}</pubDate></item>"
            )
        for host in self.hosts:
            site[host]["/feed.xml"] = (
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet {host}</title>'
                f"<link>http://{host}:{self.port}/</link>{''.join(items[host])}</channel></rss>"
            ).encode()
            site[host]["/robots.txt"] = b"User-agent: *\nDisallow: /private/\n"
        return site

    def start(self) -> Newsroom:
        for _ in range(5):  # the free port on 127.0.0.1 may be taken on another loopback address
            self.port = free_port()
            try:
                self._serve(self._site())
                return self
            except OSError:
                self.stop()
        raise RuntimeError("no port free on every loopback host")

    def _serve(self, site: dict[str, dict[str, bytes]]) -> None:
        self._servers = serve_sites(site, self.port)

    def stop(self) -> None:
        stop_sites(self._servers)
        self._servers = []
