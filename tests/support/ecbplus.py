"""One half of ECB+ dev, read and featurized once per test session (several quality tests use the same half)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from newsdesk.pipeline.cluster.evaluate import GoldDoc, load_gold
from newsdesk.pipeline.features import DocFeatures, featurize
from tests.support.halves import Half, ecbplus_topics
from tests.support.shared_data import shared_path


@dataclass(frozen=True)
class EcbplusHalf:
    docs: list[GoldDoc]
    gold: dict[str, str]  # doc_id -> gold event
    features: dict[str, DocFeatures]


@cache
def ecbplus_half_data(half: Half) -> EcbplusHalf:
    docs = load_gold(shared_path("ecbplus", "dev.jsonl"), ecbplus_topics(half))
    return EcbplusHalf(docs, {d.doc_id: d.cluster for d in docs}, {d.doc_id: featurize("", d.text) for d in docs})
