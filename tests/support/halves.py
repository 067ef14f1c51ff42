"""The two halves of the shared dev data: the one definition the quality tests and the benchmarks share.

Every weight, threshold and rule is fitted on the ``FIT`` half; quality tests assert on the ``HELD_OUT`` half,
so a test that passes says the choice generalises beyond the data it was chosen on. A figure is reported for
both halves side by side (``bench/clustering.py --halves``, ``bench/extraction.py --halves``,
``bench/summaries.py --halves``).

- ECB+ (``ecbplus/dev.jsonl``): by topic number. Odd topics are the fit half, even topics held out. A topic
  pairs two look-alike events, so a whole topic stays on one side: splitting inside a topic would let the
  look-alike negatives leak across.
- CNN/DailyMail (``cnndm/dev.jsonl``): by a stable hash of the article's ``id`` (not by row order, so that
  reordering or extending the file keeps every article on its side).
- Extraction pages (``extraction/html/<id>.html.gz``): by a stable hash of the file name.

The stable hash is the parity of the first byte of the SHA-256 of the key: even is fit, odd held out (68 of the
125 CNN/DM articles and 51 of the 91 pages are in the fit half). Python's ``hash()`` is salted per process, so
it would not do.

This module imports nothing from pytest or Django: the benchmarks in ``bench/`` read it too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Literal

Half = Literal["fit", "held-out"]
FIT: Half = "fit"
HELD_OUT: Half = "held-out"
HALVES: tuple[Half, Half] = (FIT, HELD_OUT)
ECBPLUS_TOPICS = range(1, 36)  # the dev file's topics, 1-35


def ecbplus_half(topic: int) -> Half:
    return FIT if topic % 2 else HELD_OUT


def ecbplus_topics(half: Half, topics: Iterable[int] = ECBPLUS_TOPICS) -> tuple[int, ...]:
    """The topic numbers of one half, for ``evaluate.load_gold(path, topics)``."""
    return tuple(topic for topic in topics if ecbplus_half(topic) == half)


def cnndm_half(article_id: str) -> Half:
    return _hashed_half(article_id)


def extraction_half(file_name: str) -> Half:
    """``file_name`` as stored: ``<page id>.html.gz``."""
    return _hashed_half(file_name)


def extraction_file_name(page_id: str) -> str:
    return f"{page_id}.html.gz"


def _hashed_half(key: str) -> Half:
    return FIT if hashlib.sha256(key.encode("utf-8")).digest()[0] % 2 == 0 else HELD_OUT
