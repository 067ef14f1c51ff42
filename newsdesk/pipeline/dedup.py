"""Exact and near-duplicate articles: syndicated wire copy under a new headline, "UPDATE 1-", a changed paragraph.

1. Exact: the hash of the normalised body (``features.exact_hash``; boilerplate and headline left out).
2. Near: MinHash LSH over word shingles (datasketch) proposes copies; each proposal is checked against the
   estimated Jaccard similarity, since LSH only promises "probably above the threshold".
3. Of every copy found, the first one seen is answered, so a chain of copies points at one original.

``find`` never records anything: the caller ``add``s the article once it is stored, and ``remove``s it
when it is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsdesk.pipeline.features import MINHASH_SEED, DocFeatures


@dataclass(frozen=True)
class DedupConfig:
    # Jaccard similarity of shingle sets from which two bodies are one article. A rewritten paragraph in a
    # ten-paragraph wire story leaves about 0.8; two outlets' own articles on one event stay under 0.1.
    threshold: float = 0.7
    num_perm: int = 128  # must equal FeatureConfig.num_perm of the signatures added
    # The LSH only proposes candidates; each is then checked against ``threshold``. Banding tuned to the
    # threshold itself misses about half of the pairs just above it (a copy at Jaccard 0.82 was missed), so
    # candidates are gathered from a lower similarity, favouring recall.
    candidate_threshold: float = 0.5


class DuplicateIndex:
    def __init__(self, config: DedupConfig | None = None) -> None:
        from datasketch import MinHashLSH

        self.config = config or DedupConfig()
        self._lsh = MinHashLSH(
            threshold=self.config.candidate_threshold, num_perm=self.config.num_perm, weights=(0.2, 0.8)
        )
        self._by_hash: dict[str, list[str]] = {}  # exact hash -> doc IDs, first seen first
        self._docs: dict[str, tuple[int, DocFeatures]] = {}  # doc ID -> (arrival number, features)
        self._arrivals = 0

    def __len__(self) -> int:
        return len(self._docs)

    def find(self, features: DocFeatures) -> str | None:
        """The doc ID of the first stored article this one is an exact or near copy of; None if none."""
        copies = list(self._by_hash.get(features.exact_hash, ()))  # 1.
        signature = self._signature(features)
        if signature is not None:  # 2.
            for doc_id in self._lsh.query(signature):
                if self._similarity(signature, self._docs[doc_id][1]) >= self.config.threshold:
                    copies.append(doc_id)
        if not copies:
            return None
        return min(copies, key=lambda doc_id: self._docs[doc_id][0])  # 3.

    def add(self, doc_id: str, features: DocFeatures) -> None:
        if doc_id in self._docs:
            self.remove(doc_id)
        self._arrivals += 1
        self._docs[doc_id] = (self._arrivals, features)
        self._by_hash.setdefault(features.exact_hash, []).append(doc_id)
        signature = self._signature(features)
        if signature is not None:
            self._lsh.insert(doc_id, signature)

    def remove(self, doc_id: str) -> None:
        _, features = self._docs.pop(doc_id)
        same = self._by_hash[features.exact_hash]
        same.remove(doc_id)
        if not same:
            del self._by_hash[features.exact_hash]
        if features.minhash:
            self._lsh.remove(doc_id)

    def _signature(self, features: DocFeatures) -> Any:  # a datasketch LeanMinHash (untyped), or None
        # LeanMinHash: built from stored hash values it costs microseconds; a MinHash would first regenerate
        # its 128 permutations (about a millisecond), for every stored article at start-up.
        from datasketch import LeanMinHash

        if not features.minhash:  # too short to shingle: only an exact copy counts
            return None
        if len(features.minhash) != self.config.num_perm:
            raise ValueError(
                f"a MinHash of {len(features.minhash)} permutations was given to a DuplicateIndex of "
                f"{self.config.num_perm}: make DedupConfig.num_perm equal FeatureConfig.num_perm"
            )
        return LeanMinHash(seed=MINHASH_SEED, hashvalues=features.minhash, scheme="affine32")

    def _similarity(self, signature: Any, other: DocFeatures) -> float:
        stored = self._signature(other)
        return signature.jaccard(stored) if stored is not None else 0.0
