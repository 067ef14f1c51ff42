"""A newsroom in the shapes of the real web, as a new user meets it: ``sources import-opml``, then one
``ingest --once`` on a fresh data folder, measured for coverage (listed articles stored) and story clustering.

The articles are the ECB+ dev documents of one half (``tests/support/halves.py``; the held-out half by
default) of at least 30 words, dated over the 40 hours before the run, each a page with its headline, a date and NewsArticle metadata, spread over ten outlets on loopback
addresses (127.0.0.2 ...), each serving one kind of listing the desk must handle:

    RSS 2.0 (three outlets), Atom (two), JSON Feed, a news sitemap (two), a sitemap index of two news sitemaps,
    and a wire service whose feed republishes other outlets' articles under its own URLs, with tracking
    parameters on the links.

The OPML file lists every listing as a feed (``type="rss"``), sitemaps included, as an exported reading list
does. Faults, chosen by a seeded random draw: some pages answer 503 to their first request (half of them with
``Retry-After: 1``), some stall past the fetch timeout once, then answer; some articles are briefs of 30-50
words. Then:

- coverage: listed URLs whose article ended published (a wire copy counts when it is stored as a copy of its
  original) over all listed URLs, with what became of the rest;
- B-cubed precision, recall and F1 of the stories against the gold events, over the published originals.

    .venv/bin/python bench/newsroom.py [--half held-out|fit] [--seed 1] [--port 8731] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from newsdesk.pipeline.bcubed import bcubed  # noqa: E402
from newsdesk.pipeline.cluster.evaluate import GoldDoc, load_gold  # noqa: E402
from tests.support.halves import HALVES, HELD_OUT, ecbplus_topics  # noqa: E402

ECBPLUS = ROOT.parent / "shared" / "data" / "ecbplus" / "dev.jsonl"
KINDS = ["rss", "rss", "rss", "atom", "atom", "json", "news-sitemap", "news-sitemap", "sitemap-index", "wire"]
FIRST_503 = 0.04  # of pages: 503 on the first request
FIRST_STALL = 0.02  # of pages: no answer within the fetch timeout on the first request
BRIEFS = 0.06  # of articles: 30-50 words
WIRE_COPIES = 15  # articles the wire service republishes
FETCH_TIMEOUT = 3  # seconds, for the desk; a stalled first answer waits longer than this
# The newsroom is dated relative to the run, within the two days a news sitemap lists: the desk reads a
# sitemap's last three days only (``polling.SITEMAP_MAX_AGE``), as real news sitemaps list two.
START = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=44)
SPACING = timedelta(minutes=6)  # between two articles; 400 articles span 40 hours
MIN_WORDS = 30  # ECB+ holds one-sentence documents of 10-29 words: no outlet publishes those as a page


class Outlet:
    def __init__(self, index: int, kind: str, port: int) -> None:
        self.kind = kind
        self.host = f"127.0.0.{index + 2}"
        self.base = f"http://{self.host}:{port}"
        self.name = f"Outlet {index + 1} ({kind})"
        self.items: list[dict] = []  # {url, title, published, summary}
        self.files: dict[str, tuple[bytes, str]] = {}  # path -> (body, content type)

    @property
    def listing_url(self) -> str:
        return self.base + {"rss": "/feed.xml", "atom": "/atom.xml", "json": "/feed.json", "wire": "/wire.xml"}.get(
            self.kind, "/sitemap.xml"
        )


def page_html(doc: GoldDoc, title: str, body: list[str], published: datetime, url: str) -> bytes:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": published.isoformat(),
    }
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in body)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<link rel="canonical" href="{escape(url)}"><meta property="og:type" content="article">
<meta property="og:title" content="{escape(title)}">
<meta property="article:published_time" content="{published.isoformat()}">
<script type="application/ld+json">{json.dumps(data)}</script></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>{escape(title)}</h1><time datetime="{published.isoformat()}">{published:%d %B %Y}</time>
{paragraphs}</article></main><footer><p>All rights reserved.</p></footer></body></html>""".encode()


def split_doc(doc: GoldDoc) -> tuple[str, list[str]]:
    lines = [line.strip() for line in doc.text.splitlines() if line.strip()]
    if len(lines) > 1:
        return lines[0][:200], lines[1:]
    # A one-paragraph document (a brief): its opening words are the headline, the paragraph the body.
    words = (lines[0] if lines else doc.doc_id).split()
    return " ".join(words[:10]).rstrip(",;:"), [" ".join(words)]


def as_brief(body: list[str], rng: random.Random) -> list[str]:
    words = " ".join(body).split()
    return [" ".join(words[: rng.randint(30, 50)]).rstrip(",;") + "."]


def build(docs: list[GoldDoc], port: int, seed: int) -> tuple[list[Outlet], dict[str, str], dict[str, str]]:
    """The outlets with their files; {listed URL: doc_id}; {path on its host: fault} for the first request."""
    rng = random.Random(seed)
    outlets = [Outlet(i, kind, port) for i, kind in enumerate(KINDS)]
    publishers = [o for o in outlets if o.kind != "wire"]
    wire = next(o for o in outlets if o.kind == "wire")
    listed: dict[str, str] = {}
    faults: dict[str, str] = {}
    order = sorted(docs, key=lambda d: d.doc_id)
    rng.shuffle(order)
    for i, doc in enumerate(order):
        outlet = publishers[i % len(publishers)]
        published = START + SPACING * i
        title, body = split_doc(doc)
        if rng.random() < BRIEFS:
            body = as_brief(body, rng)
        path = f"/news/{i:04d}-{doc.doc_id.replace('/', '-').replace('.', '-')}.html"
        url = outlet.base + path
        outlet.files[path] = (page_html(doc, title, body, published, url), "text/html; charset=utf-8")
        outlet.items.append({"url": url, "title": title, "published": published, "summary": body[0][:300]})
        listed[url] = doc.doc_id
        draw = rng.random()
        if draw < FIRST_503:
            faults[f"{outlet.host}{path}"] = "503-retry-after" if rng.random() < 0.5 else "503"
        elif draw < FIRST_503 + FIRST_STALL:
            faults[f"{outlet.host}{path}"] = "stall"
    for j, item in enumerate(rng.sample([it for o in publishers for it in o.items], WIRE_COPIES)):
        path = f"/wire/{j:03d}.html"
        doc_id = listed[item["url"]]
        doc = next(d for d in docs if d.doc_id == doc_id)
        title, body = split_doc(doc)
        url = wire.base + path
        published = item["published"] + timedelta(minutes=5)
        wire.files[path] = (page_html(doc, title, body, published, url), "text/html; charset=utf-8")
        tracked = f"{url}?utm_source=wire&utm_medium=rss&utm_campaign=n{j}"
        wire.items.append({"url": tracked, "title": title, "published": published, "summary": body[0][:300]})
        listed[tracked] = doc_id
    for outlet in outlets:
        write_listing(outlet)
    return outlets, listed, faults


def write_listing(outlet: Outlet) -> None:
    items = sorted(outlet.items, key=lambda it: it["published"], reverse=True)
    if outlet.kind in ("rss", "wire"):
        entries = "".join(
            f"<item><title>{escape(it['title'])}</title><link>{escape(it['url'])}</link>"
            f"<guid>{escape(it['url'])}</guid><pubDate>{format_datetime(it['published'])}</pubDate>"
            f"<description>{escape(it['summary'])}</description></item>"
            for it in items
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{outlet.name}</title>'
        body += f"<link>{outlet.base}/</link><description>news</description>{entries}</channel></rss>"
        outlet.files[outlet.listing_url.removeprefix(outlet.base)] = (body.encode(), "application/rss+xml")
    elif outlet.kind == "atom":
        entries = "".join(
            f'<entry><title>{escape(it["title"])}</title><link href="{escape(it["url"])}"/>'
            f"<id>{escape(it['url'])}</id><updated>{it['published'].isoformat()}</updated>"
            f"<summary>{escape(it['summary'])}</summary></entry>"
            for it in items
        )
        body = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{outlet.name}</title>'
        body += f"<id>{outlet.base}/</id><updated>{START.isoformat()}</updated>{entries}</feed>"
        outlet.files["/atom.xml"] = (body.encode(), "application/atom+xml")
    elif outlet.kind == "json":
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": outlet.name,
            "items": [
                {
                    "id": it["url"],
                    "url": it["url"],
                    "title": it["title"],
                    "summary": it["summary"],
                    "date_published": it["published"].isoformat(),
                }
                for it in items
            ],
        }
        outlet.files["/feed.json"] = (json.dumps(feed).encode(), "application/feed+json")
    else:
        halves = [items] if outlet.kind == "news-sitemap" else [items[::2], items[1::2]]
        names = ["/sitemap.xml"] if outlet.kind == "news-sitemap" else ["/news-1.xml", "/news-2.xml"]
        for name, part in zip(names, halves):
            urls = "".join(
                f"<url><loc>{escape(it['url'])}</loc><news:news><news:publication><news:name>{outlet.name}"
                f"</news:name><news:language>en</news:language></news:publication>"
                f"<news:publication_date>{it['published'].isoformat()}</news:publication_date>"
                f"<news:title>{escape(it['title'])}</news:title></news:news></url>"
                for it in part
            )
            body = (
                '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
            )
            outlet.files[name] = (body.encode(), "application/xml")
        if outlet.kind == "sitemap-index":
            children = "".join(f"<sitemap><loc>{outlet.base}{name}</loc></sitemap>" for name in names)
            body = (
                '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{children}</sitemapindex>"
            )
            outlet.files["/sitemap.xml"] = (body.encode(), "application/xml")


def serve(outlets: list[Outlet], port: int, faults: dict[str, str]) -> tuple[list[ThreadingHTTPServer], Counter]:
    requests: Counter = Counter()
    lock = threading.Lock()

    def handler_for(outlet: Outlet) -> type[BaseHTTPRequestHandler]:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                path = self.path.split("?")[0]
                key = f"{outlet.host}{path}"
                with lock:
                    requests[key] += 1
                    first = requests[key] == 1
                fault = faults.get(key) if first else None
                if fault == "stall":
                    time.sleep(FETCH_TIMEOUT + 2)
                if fault in ("503", "503-retry-after"):
                    self.send_response(503)
                    if fault == "503-retry-after":
                        self.send_header("Retry-After", "1")
                    body, kind = b"busy", "text/plain"
                elif path in outlet.files:
                    self.send_response(200)
                    body, kind = outlet.files[path]
                else:
                    self.send_response(404)
                    body, kind = b"not found", "text/plain"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass  # the desk gave up on a stalled answer

            def log_message(self, *args):
                pass

        return Handler

    servers = []
    for outlet in outlets:
        server = ThreadingHTTPServer((outlet.host, port), handler_for(outlet))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    return servers, requests


def opml(outlets: list[Outlet]) -> str:
    lines = "".join(
        f'<outline type="rss" text="{escape(o.name)}" title="{escape(o.name)}" xmlUrl="{escape(o.listing_url)}"/>'
        for o in outlets
    )
    return f'<?xml version="1.0"?><opml version="2.0"><head><title>Newsroom</title></head><body>{lines}</body></opml>'


def newsdesk(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=3600
    )
    if result.returncode != 0:
        raise SystemExit(f"newsdesk {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def measure(data_dir: Path, listed: dict[str, str], gold: dict[str, str]) -> dict:
    os.environ["NEWSDESK_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django

    django.setup()
    from newsdesk.articles.models import Article

    rows = {a.url: a for a in Article.objects.select_related("source")}
    outcomes: Counter = Counter()
    published_docs: dict[str, str] = {}  # doc_id -> story of its original
    for url, doc_id in listed.items():
        article = rows.get(url) or rows.get(url.split("?")[0])
        if article is None:
            outcomes["never recorded"] += 1
            continue
        label = (
            article.status if article.status in ("ready", "pending") else f"{article.status}: {article.error_reason}"
        )
        outcomes[label] += 1
        if article.status == "ready" and article.duplicate_of_id is None and article.story_id:
            published_docs.setdefault(doc_id, str(article.story_id))
    stored = outcomes["ready"]
    score = bcubed(published_docs, {d: gold[d] for d in published_docs}) if published_docs else None
    return {
        "listed": len(listed),
        "stored": stored,
        "coverage": round(stored / len(listed), 4),
        "outcomes": dict(outcomes.most_common()),
        "clustered_originals": len(published_docs),
        "bcubed": None if score is None else {k: round(v, 4) for k, v in asdict(score).items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--half", choices=HALVES, default=HELD_OUT)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--keep", type=Path, help="data folder to use and keep (default: a temporary one)")
    args = parser.parse_args()

    docs = [d for d in load_gold(ECBPLUS, ecbplus_topics(args.half)) if len(d.text.split()) >= MIN_WORDS]
    gold = {d.doc_id: d.cluster for d in docs}
    outlets, listed, faults = build(docs, args.port, args.seed)
    servers, requests = serve(outlets, args.port, faults)
    work = Path(tempfile.mkdtemp(prefix="newsroom-"))
    data_dir = args.keep or work / "data"
    opml_file = work / "newsroom.opml"
    opml_file.write_text(opml(outlets))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "NEWSDESK_DATA_DIR": str(data_dir),
        "NEWSDESK_ALLOW_PRIVATE_NETWORKS": "1",
        "NEWSDESK_FETCH_TIMEOUT": str(FETCH_TIMEOUT),
        "NEWSDESK_OBEY_ROBOTS": "0",  # the fixture hosts serve no robots.txt; a 404 would allow all anyway
    }
    started = time.perf_counter()
    newsdesk(env, "sources", "import-opml", str(opml_file))
    ingest_output = newsdesk(env, "ingest", "--once")
    elapsed = time.perf_counter() - started
    for server in servers:
        server.shutdown()
    result = measure(data_dir, listed, gold)
    result |= {
        "half": args.half,
        "seed": args.seed,
        "outlets": len(outlets),
        "faults": dict(Counter(faults.values())),
        "seconds": round(elapsed, 1),
        "ingest_summary": ingest_output.strip().splitlines()[-3:],
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
