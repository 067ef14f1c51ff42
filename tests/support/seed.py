"""The seed page (../shared/seed/) turned into a fixture outlet: an RSS feed and the article's HTML page.

The seed is read from the shared folder at test time, never copied into the repository.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from tests.support.shared_data import shared_file

SEED_FILE = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_832159072266ed24.txt"
ORIGINAL_URL = "https://www.military.com/daily-news/2025/03/15/head-of-isis-in-iraq-and-syria-killed.html"
PUBLISHED = "Sat, 15 Mar 2025 14:30:00 +0000"


@dataclass(frozen=True)
class Seed:
    title: str
    paragraphs: list[str]
    source_domain: str


def load_seed() -> Seed:
    text = shared_file(SEED_FILE).read_text(encoding="utf-8")
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    # Layout: title; "count\nuuid"; our summary; body paragraphs...; "Original Source: domain"; the form.
    title = blocks[0]
    source_index = next(i for i, b in enumerate(blocks) if b.startswith("Original Source:"))
    paragraphs = blocks[3:source_index]
    domain = blocks[source_index].split(":", 1)[1].strip()
    return Seed(title=title, paragraphs=paragraphs, source_domain=domain)


def article_page(seed: Seed, page_url: str) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in seed.paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(seed.title)} | Military.com</title>
<link rel="canonical" href="{ORIGINAL_URL}">
<meta property="og:url" content="{ORIGINAL_URL}">
<meta property="og:title" content="{html.escape(seed.title)}">
<meta property="og:site_name" content="Military.com">
<meta property="article:published_time" content="2025-03-15T14:30:00+00:00">
<meta name="author" content="Associated Press">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/benefits">Benefits</a> <a href="/subscribe">Subscribe to our newsletter</a></nav></header>
<main><article>
<h1>{html.escape(seed.title)}</h1>
<p class="byline">By Associated Press</p>
{body}
</article>
<aside><h2>Trending</h2><ul><li><a href="/a">Five things to know about the new pay rules</a></li><li><a href="/b">Veterans benefits update</a></li></ul></aside>
</main>
<footer><p>Copyright 2025 Military.com. All rights reserved. Privacy policy. Terms of use.</p></footer>
</body></html>"""


def rss_feed(seed: Seed, page_url: str, *, extra_items: str = "") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Military.com Daily News</title><link>https://www.military.com/</link><description>News</description>
<item><title>{html.escape(seed.title)}</title><link>{html.escape(page_url)}</link>
<guid isPermaLink="false">seed-1</guid><pubDate>{PUBLISHED}</pubDate>
<description>{html.escape(seed.paragraphs[0])}</description></item>
{extra_items}
</channel></rss>"""
