"""Story clustering measured on ECB+: B-cubed against gold events, next to a TF-IDF single-pass baseline.

Protocol (``evaluate``):

1. Read the documents (``doc_id, topic, cluster, text`` rows) and featurize each once.
2. Shuffle them with a fixed seed and give them publication times spread evenly over ``days`` days in that
   order, so every look-alike pair of events falls in one window and time cannot tell them apart.
3. Feed them one at a time to ``OnlineClusterer`` and, separately, to the baseline: a single-pass
   clusterer that joins the most cosine-similar centroid (TF-IDF over the whole set) above a threshold.
4. Score both with B-cubed over documents. The baseline's threshold is tuned on the same documents, as
   published; ours is reported at its default configuration and also with its threshold tuned.
5. Split-half check: the threshold is tuned on the odd topics and the result measured on the even ones,
   and the other way round, so a figure that only holds for the data it was tuned on shows.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsdesk.pipeline.bcubed import BCubed, bcubed
from newsdesk.pipeline.cluster.clusterer import OnlineClusterer
from newsdesk.pipeline.cluster.values import ClusterConfig, StoryDoc
from newsdesk.pipeline.features import STOPWORDS, DocFeatures, FeatureConfig, featurize, normalised_words

OURS_THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
BASELINE_THRESHOLDS = (0.1, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25, 0.3, 0.35)
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class GoldDoc:
    doc_id: str
    topic: int
    cluster: str
    text: str


Stream = list[tuple[GoldDoc, datetime]]  # documents in the order they are published, with the time
Run = Callable[[Stream], dict[str, str]]  # a clusterer over a stream: doc ID -> cluster ID


@dataclass(frozen=True)
class Scored:
    threshold: float
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class ClusteringReport:
    documents: int
    events: int
    seed: int
    ours_default: Scored  # ClusterConfig() as shipped
    ours_tuned: Scored  # its threshold tuned on these documents
    baseline_tuned: Scored  # TF-IDF single pass, threshold tuned on these documents
    split_half: dict[str, dict[str, Scored]]  # "odd->even" / "even->odd": tuned on one half, tested on the other

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_gold(path: Path, topics: Iterable[int] | None = None) -> list[GoldDoc]:
    wanted = None if topics is None else set(topics)
    docs = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if wanted is None or row["topic"] in wanted:
                docs.append(GoldDoc(row["doc_id"], int(row["topic"]), row["cluster"], row["text"]))
    return docs


def evaluate(
    path: Path,
    *,
    seed: int = 0,
    days: float = 10.0,
    topics: Iterable[int] | None = None,
    config: ClusterConfig | None = None,
    feature_config: FeatureConfig | None = None,
) -> ClusteringReport:
    config = config or ClusterConfig()
    docs = load_gold(path, topics)  # 1.
    features = {d.doc_id: featurize("", d.text, feature_config) for d in docs}
    stream = publication_order(docs, seed=seed, days=days)  # 2.
    gold = {d.doc_id: d.cluster for d in docs}

    def ours(threshold: float) -> Run:
        return lambda part: run_ours(part, features, replace(config, threshold=threshold))

    def baseline(threshold: float) -> Run:
        return lambda part: run_tfidf_baseline(part, threshold)

    ours_default = _score(lambda part: run_ours(part, features, config), stream, gold, config.threshold)  # 3., 4.
    ours_tuned = _tune(ours, OURS_THRESHOLDS, stream, gold)
    baseline_tuned = _tune(baseline, BASELINE_THRESHOLDS, stream, gold)
    halves = {"odd": [s for s in stream if s[0].topic % 2], "even": [s for s in stream if not s[0].topic % 2]}
    split_half: dict[str, dict[str, Scored]] = {}  # 5.
    for train, test in (("odd", "even"), ("even", "odd")):
        if not halves[train] or not halves[test]:
            continue
        split_half[f"{train}->{test}"] = {}
        for name, make, grid in (("ours", ours, OURS_THRESHOLDS), ("baseline", baseline, BASELINE_THRESHOLDS)):
            chosen = _tune(make, grid, halves[train], gold).threshold
            split_half[f"{train}->{test}"][name] = _score(make(chosen), halves[test], gold, chosen)
    return ClusteringReport(
        len(docs), len(set(gold.values())), seed, ours_default, ours_tuned, baseline_tuned, split_half
    )


def publication_order(docs: list[GoldDoc], *, seed: int, days: float) -> list[tuple[GoldDoc, datetime]]:
    """The documents in a seeded shuffle, dated evenly over ``days`` days in that order."""
    shuffled = sorted(docs, key=lambda d: d.doc_id)
    random.Random(seed).shuffle(shuffled)
    step = timedelta(days=days) / max(1, len(shuffled))
    return [(doc, EPOCH + i * step) for i, doc in enumerate(shuffled)]


def run_ours(
    stream: list[tuple[GoldDoc, datetime]], features: dict[str, DocFeatures], config: ClusterConfig
) -> dict[str, str]:
    clusterer = OnlineClusterer(config)
    for doc, when in stream:
        clusterer.assign(StoryDoc(doc.doc_id, features[doc.doc_id], when, "ecbplus"))
    return dict(clusterer.story_of)  # where each article ended up: a later split may have moved it


def run_tfidf_baseline(stream: list[tuple[GoldDoc, datetime]], threshold: float) -> dict[str, str]:
    """Single pass: each document joins the centroid it is most cosine-similar to, if at least ``threshold``."""
    counts = {
        doc.doc_id: Counter(w for w in normalised_words(doc.text) if len(w) > 1 and w not in STOPWORDS)
        for doc, _ in stream
    }
    df = Counter(term for bag in counts.values() for term in bag)
    n = len(counts)
    centroids: list[tuple[Counter[str], list[str]]] = []
    predicted = {}
    for doc, _ in stream:
        vector = _unit({t: (1 + math.log(c)) * math.log(n / df[t]) for t, c in counts[doc.doc_id].items()})
        best, best_score = None, 0.0
        for centroid, members in centroids:
            norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
            score = sum(v * centroid.get(t, 0.0) for t, v in vector.items()) / norm
            if score > best_score:
                best, best_score = (centroid, members), score
        if best is not None and best_score >= threshold:
            best[0].update(vector)
            best[1].append(doc.doc_id)
            predicted[doc.doc_id] = best[1][0]
        else:
            centroids.append((Counter(vector), [doc.doc_id]))
            predicted[doc.doc_id] = doc.doc_id
    return predicted


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {k: v / norm for k, v in vector.items()}


def _score(run: Run, stream: Stream, gold: dict[str, str], threshold: float) -> Scored:
    predicted = run(stream)
    result: BCubed = bcubed(predicted, {doc.doc_id: gold[doc.doc_id] for doc, _ in stream})
    return Scored(threshold, result.precision, result.recall, result.f1)


def _tune(make: Callable[[float], Run], grid: Iterable[float], stream: Stream, gold: dict[str, str]) -> Scored:
    return max((_score(make(t), stream, gold, t) for t in grid), key=lambda s: s.f1)
