"""B-cubed precision, recall and F1 of a clustering against gold clusters (Bagga & Baldwin 1998).

For each document d, with C(d) its predicted cluster and G(d) its gold cluster:

    precision(d) = |C(d) ∩ G(d)| / |C(d)|        recall(d) = |C(d) ∩ G(d)| / |G(d)|

P and R are the averages over documents, F1 their harmonic mean. This is the measure the shared data's
README defines for story clustering, so the figures compare with the published TF-IDF baseline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float
    f1: float


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> BCubed:
    """Scores over the documents in ``gold``; every one must have a predicted cluster."""
    missing = gold.keys() - predicted.keys()
    if missing:
        raise ValueError(f"{len(missing)} documents have no predicted cluster, e.g. {sorted(missing)[:3]}")
    if not gold:
        raise ValueError("no documents to score")
    pairs = Counter((predicted[d], gold[d]) for d in gold)  # size of each C ∩ G
    predicted_sizes = Counter(predicted[d] for d in gold)
    gold_sizes = Counter(gold.values())
    precision = recall = 0.0
    for (p, g), shared in pairs.items():
        # each of the `shared` documents in this intersection scores shared/|C| and shared/|G|
        precision += shared * shared / predicted_sizes[p]
        recall += shared * shared / gold_sizes[g]
    precision /= len(gold)
    recall /= len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BCubed(precision, recall, f1)
