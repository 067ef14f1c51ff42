"""Candidate stories for a document from an inverted index, so no decision scans every story.

Each article adds its most telling keys (highest TF-IDF terms ``t:word`` and names ``e:name``) to its
story's postings, counted, so removing the article takes exactly its keys back out. A query looks up the
document's own most telling keys, skips keys carried by so many stories that they cannot discriminate
("police", "u.s"), and ranks the stories hit by the summed weight of the keys they share. The work per
query is bounded by the number of query keys times ``max_posting``, whatever the archive's size.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable


class InvertedIndex:
    def __init__(self, max_posting: int) -> None:
        self.max_posting = max_posting
        self.postings: dict[str, Counter[str]] = defaultdict(Counter)
        self.postings_read = 0  # entries visited by queries: a test can check that it stays flat

    def add(self, story_id: str, keys: Iterable[str]) -> None:
        for key in keys:
            self.postings[key][story_id] += 1

    def remove(self, story_id: str, keys: Iterable[str]) -> None:
        for key in keys:
            posting = self.postings.get(key)
            if posting is None:
                continue
            posting[story_id] -= 1
            if posting[story_id] <= 0:
                del posting[story_id]
            if not posting:
                del self.postings[key]

    def drop_story(self, story_id: str, keys: Iterable[str]) -> None:
        """Every posting of a story, whatever its count (a story leaving the index)."""
        for key in set(keys):
            posting = self.postings.get(key)
            if posting is not None:
                posting.pop(story_id, None)
                if not posting:
                    del self.postings[key]

    def query(self, weighted_keys: dict[str, float], limit: int) -> list[str]:
        scores: Counter[str] = Counter()
        for key, weight in weighted_keys.items():
            posting = self.postings.get(key)
            if not posting or len(posting) > self.max_posting:
                continue
            self.postings_read += len(posting)
            for story_id in posting:
                scores[story_id] += weight  # type: ignore[assignment]  # float weights: Counter's type says int
        return [story_id for story_id, _ in scores.most_common(limit)]
