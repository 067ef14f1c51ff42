"""What a hostile feed costs to read, beside an ordinary feed of the same size, in one run.

    .venv/bin/python bench/hostile_feeds.py
    .venv/bin/python bench/hostile_feeds.py --megabytes 4 --repeat 3

1. The reference: ``parse_feed`` on an ordinary RSS feed of ``--megabytes`` (items with a title, link,
   date, author and a paragraph of description).
2. feedparser alone on one item whose ``<author>`` is a run of 20,000 and 40,000 letters: its address
   pattern is quadratic on such a run (what the feed reader cuts, ``feeds.xml._cut_long_authors``).
3. ``parse_feed`` on the same items, and on one item with a 1 MB run, and on a feed of the reference's size
   made only of items with 256-letter authors (the most cut-down authors a body can hold).
4. A feed of 100,000 items (the entry limit takes 500 afterwards; the parse is paid first).

Figures are seconds (fastest of ``--repeat``) and the ratio to the reference's seconds per megabyte.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import feedparser

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsdesk.pipeline.feeds import parse_feed  # noqa: E402

URL = "https://wire.example/feed.xml"
HEAD = '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link>'
TAIL = "</channel></rss>"


def item(n: int, author: str, description: str = "") -> str:
    return (
        f"<item><title>Harbour plan approved {n}</title><link>https://wire.example/{n}</link>"
        f"<pubDate>Fri, 04 Dec 2026 10:{n % 60:02d}:00 GMT</pubDate><author>{author}</author>"
        f"<description>{description}</description></item>"
    )


def feed_of(size: int, make) -> bytes:
    items, length, n = [], 0, 0
    while length < size:
        items.append(make(n))
        length += len(items[-1])
        n += 1
    return (HEAD + "".join(items) + TAIL).encode()


def timed(work, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    size = int(args.megabytes * 2**20)
    paragraph = "The council approved the harbour plan on Friday after a long debate. " * 4
    reference = feed_of(size, lambda n: item(n, "jane@wire.example (Jane Roe)", paragraph))
    rows = [("ordinary feed, parse_feed", len(reference), timed(lambda: parse_feed(reference, url=URL), args.repeat))]
    for letters in (20_000, 40_000):
        body = (HEAD + item(0, "a" * letters) + TAIL).encode()
        rows.append(
            (f"{letters:,}-letter author, feedparser alone", len(body), timed(lambda: feedparser.parse(body), 1))  # noqa: B023 - timed at once
        )
        rows.append(
            (f"{letters:,}-letter author, parse_feed", len(body), timed(lambda: parse_feed(body, url=URL), args.repeat))  # noqa: B023 - timed at once
        )
    megabyte = (HEAD + item(0, "a" * 2**20) + TAIL).encode()
    rows.append(("1 MB author, parse_feed", len(megabyte), timed(lambda: parse_feed(megabyte, url=URL), args.repeat)))
    authors = feed_of(size, lambda n: item(n, "a" * 256))
    rows.append(
        ("256-letter authors only, parse_feed", len(authors), timed(lambda: parse_feed(authors, url=URL), args.repeat))
    )
    many = (HEAD + "".join(item(n, "jane@wire.example") for n in range(100_000)) + TAIL).encode()
    rows.append(("100,000 items, parse_feed", len(many), timed(lambda: parse_feed(many, url=URL), 1)))

    per_megabyte = rows[0][2] / (rows[0][1] / 2**20)
    print(f"{'feed':<42}{'bytes':>12}{'seconds':>10}{'vs ordinary s/MB':>18}")
    for name, length, seconds in rows:
        ratio = (seconds / (length / 2**20)) / per_megabyte
        print(f"{name:<42}{length:>12,}{seconds:>10.3f}{ratio:>18.1f}")


if __name__ == "__main__":
    main()
