"""What a story's articles say about its coverage: plain functions over lists of articles, no queries.

- ``earliest_first``: articles in the order they were published (the first is "first reported by").
- ``originals`` / ``outlets``: articles that copy no other article of the story, and their distinct
  sources; a duplicate never adds breadth.
- ``key_terms``: the terms and names most of a story's articles share, for "related stories".
- ``timeline``: coverage counted per hour (or per day for a long story), for the bar list on the story page.
- ``grouped``: originals in time order, each with the duplicates ("also published by") under it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from newsdesk.pipeline.article_summary import STOPWORDS

KEY_TERMS = 16
_TITLE_WORD = re.compile(r"[a-z0-9][a-z0-9'-]+")


def earliest_first(articles) -> list:
    return sorted(articles, key=lambda a: (a.display_date, str(a.pk)))


def originals(articles) -> list:
    """Articles that are not a copy of another article in the same list."""
    ids = {a.pk for a in articles}
    return [a for a in articles if a.duplicate_of_id is None or a.duplicate_of_id not in ids]


def outlets(articles) -> set[int]:
    """Source ids of the originals: an outlet that only carries a copy of another article adds nothing."""
    return {a.source_id for a in originals(articles)}


def key_terms(articles, limit: int = KEY_TERMS) -> list[str]:
    """Terms and names ranked by how many articles carry them (then by weight).

    Read from the clusterer's stored ``features``; articles without them fall back to the evidence the
    clusterer recorded, then to the words of their headline.
    """
    spread: Counter[str] = Counter()
    weight: defaultdict[str, float] = defaultdict(float)
    for article in articles:
        features = article.features or {}
        evidence = article.cluster_evidence or {}
        terms = dict(features.get("terms") or {})
        for name in features.get("entities") or ():
            terms[name] = terms.get(name, 0.0) + 1.0
        if not terms:
            terms = {t: 1.0 for t in [*evidence.get("shared_entities", ()), *evidence.get("shared_terms", ())]}
        if not terms:
            terms = {w: 1.0 for w in _TITLE_WORD.findall(article.title.lower()) if w not in STOPWORDS}
        for term, value in terms.items():
            spread[term] += 1
            weight[term] += float(value)
    ranked = sorted(spread, key=lambda t: (-spread[t], -weight[t], t))
    return ranked[:limit]


@dataclass
class Bucket:
    start: datetime
    count: int = 0
    outlets: list[str] = field(default_factory=list)
    percent: int = 0  # bar length, relative to the busiest bucket


def timeline(articles, max_buckets: int = 24) -> tuple[str, list[Bucket]]:
    """Articles counted per hour, or per day when the story spans more than two days.

    Returns the unit ("hour" or "day") and the buckets that have coverage, oldest first; at most
    ``max_buckets``, the newest kept.
    """
    if not articles:
        return "hour", []
    ordered = earliest_first(articles)
    span = ordered[-1].display_date - ordered[0].display_date
    unit = "day" if span > timedelta(days=2) else "hour"
    buckets: dict[datetime, Bucket] = {}
    for article in ordered:
        moment = article.display_date.replace(minute=0, second=0, microsecond=0)
        if unit == "day":
            moment = moment.replace(hour=0)
        bucket = buckets.setdefault(moment, Bucket(moment))
        bucket.count += 1
        name = str(article.source)
        if name not in bucket.outlets:
            bucket.outlets.append(name)
    kept = list(buckets.values())[-max_buckets:]
    busiest = max(b.count for b in kept)
    for bucket in kept:
        bucket.percent = max(4, round(100 * bucket.count / busiest))
    return unit, kept


@dataclass
class Entry:
    article: Any  # an Article: this module reads articles without importing their model
    copies: list[Any] = field(default_factory=list)


def grouped(articles) -> list[Entry]:
    """Originals earliest first, each with its duplicates in this story (earliest first) under it."""
    ordered = earliest_first(articles)
    entries = {a.pk: Entry(a) for a in originals(ordered)}
    copy_of = {a.pk: a.duplicate_of_id for a in ordered if a.pk not in entries}
    for article in ordered:
        if article.pk in entries:
            continue
        root, seen = article.duplicate_of_id, {article.pk}
        while root in copy_of and root not in seen:  # a copy of a copy: file it under the first original
            seen.add(root)
            root = copy_of[root]
        if root in entries:
            entries[root].copies.append(article)
        else:  # copies that only point at each other: list the article on its own
            entries[article.pk] = Entry(article)
    return sorted(entries.values(), key=lambda e: (e.article.display_date, str(e.article.pk)))
