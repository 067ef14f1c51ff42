"""Online story clustering: each article joins the story it most likely belongs to, or starts one.

``assign(doc, joinable=...)``, in stages:

1. Learn: the article's terms and names update the document frequencies (IDF is learned online).
2. Vectorise: TF-IDF unit vectors of terms, names and numbers (``signals.DocVector``).
3. Retrieve: candidate stories from the inverted index over telling terms and names (``index``), never a
   scan of all stories. Dropped before any scoring: stories the editors forbade for this article, stories
   ``close``d, and those the caller's ``joinable`` refuses (one call per article, with every candidate:
   the caller checks its own records, e.g. for stories locked or deleted since they were indexed); a
   refused story is closed from then on.
4. Score: every candidate on its centroid (cheap); the best few also against their recent articles.
   The signals combine into a same-event probability (``signals.combine``); a story far older than the
   article is penalised, and one whose embedding disagrees outright is never joined.
5. Decide and record: join the best story at or above ``threshold``, else start a story keyed by
   ``story_key(the article's ID)`` (the caller's choice: by default the article's ID itself). The story's
   sums and postings are updated in place: nothing is recomputed from scratch.
6. Second thoughts (``second_thoughts``): a story that reaches one of the ``split_checks`` sizes is split in
   two if its articles fall into two groups that do not tell one event; the group holding the story's
   earliest article keeps its key, the other group's earliest names the new one (``story_key`` again).
   Else, when the runner-up story was close, the two stories are merged if their articles tell one event;
   the older keeps its key. And at the same sizes a story takes in the lone articles nearby (stories of
   one, found through the index from the story's own heaviest keys) whose best story it now is: an article
   decided while the story was small, and the words' weights little known, gets a second look. Every move
   is reported in the ``Assignment``.

Editors' decisions are given before they matter, so nothing is decided and then undone: ``forbid`` is never
overridden, ``close`` keeps a story out of every decision (never joined, split, merged or adopted from)
until ``reopen``, ``merge`` and ``remove`` update the sums and postings of the stories involved, and ``add``
places an article where it was stored (start-up) or moved. Second thoughts never undo editors: a story an
editor merged (or the caller asked to ``keep_whole``) or that holds an article an editor placed
(``add(..., pinned=True)``) is neither split nor merged, and two stories are not merged when an editor took
one of their articles out of the other.
``expire`` lets stories whose newest article is older than a cut-off leave the index, bounding memory.
"""

from __future__ import annotations

import logging
import sys
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from datetime import datetime

from newsdesk.pipeline.cluster.index import InvertedIndex
from newsdesk.pipeline.cluster.second_thoughts import mean_same_event, split_in_two
from newsdesk.pipeline.cluster.signals import DocVector, Member, StoryState, Vocabulary, combine, compare
from newsdesk.pipeline.cluster.values import Assignment, ClusterConfig, Evidence, StoryDoc

logger = logging.getLogger(__name__)

# Given the keys of candidate stories, the ones an article may join (``assign``'s ``joinable``).
Joinable = Callable[[list[str]], Collection[str]]


def own_id(doc_id: str) -> str:
    """The default key of a story an article starts: the article's own ID."""
    return doc_id


class OnlineClusterer:
    def __init__(self, config: ClusterConfig | None = None, *, story_key: Callable[[str], str] = own_id) -> None:
        self.config = config or ClusterConfig()
        # The key of a story an article starts (or a split names after it): a caller that stores stories
        # passes the ID its rows take, so the clusterer's key and the row's ID are one and the same.
        self.story_key = story_key
        self.vocabulary = Vocabulary(self.config.idf_prior_documents)
        self.index = InvertedIndex(self.config.max_posting)
        self.stories: dict[str, StoryState] = {}
        self.story_of: dict[str, str] = {}  # doc_id -> story_id
        self._keys: dict[str, tuple[str, ...]] = {}  # doc_id -> the postings it added
        self._forbidden: dict[str, set[str]] = defaultdict(set)  # doc_id -> story IDs it must not join
        self._pinned: set[str] = set()  # doc_ids an editor placed: their stories stay whole
        self._whole: set[str] = set()  # story IDs never split or merged on second thoughts
        self._closed: set[str] = set()  # story IDs never joined either (and never adopted from)
        self.comparisons = 0  # story comparisons made by assign()
        self.splits = 0  # stories split on second thoughts
        self.merges = 0  # and merged
        self.adoptions = 0  # lone articles taken in by a grown story

    def __len__(self) -> int:
        return len(self.stories)

    def assign(self, doc: StoryDoc, *, joinable: Joinable | None = None) -> Assignment:
        """Put ``doc`` in the story it most likely belongs to, or a new one. ``joinable``: given candidate
        story keys, the ones the article may join; the others are closed (see ``close``)."""
        if doc.doc_id in self.story_of:
            raise ValueError(f"{doc.doc_id} is already in story {self.story_of[doc.doc_id]}; remove() it first")
        self._learn(doc)  # 1.
        vector = DocVector.build(doc, self.vocabulary, self.config)  # 2.
        best, runner_up = self._best_story(vector, joinable=joinable)  # 3. and 4.
        if best is not None and best[1] >= self.config.threshold:  # 5.
            story_id, probability, signals = best
            evidence = self._evidence(vector, self.stories[story_id], probability, signals)
            self._place(story_id, vector)
            new_story = False
        else:
            runner_up = best
            story_id = self._new_story_key(doc.doc_id)
            self._place(story_id, vector)
            evidence, new_story = None, True
        moved, thought = (() if new_story else self._split(self.stories[story_id])), "split"  # 6.
        if not moved and runner_up is not None and runner_up[1] >= self.config.merge_runner_up:
            moved, thought = self._merge_if_one_event(story_id, runner_up[0]), "merge"
        if not moved and not new_story:
            moved, thought = self._adopt_lone_articles(story_id, joinable), "adopt"
        return Assignment(
            doc.doc_id,
            self.story_of[doc.doc_id],
            new_story,
            evidence,
            moved,
            thought if moved else None,
            story_id if moved else None,
        )

    def add(self, story_id: str, doc: StoryDoc, *, pinned: bool = False) -> None:
        """Put ``doc`` in ``story_id`` (created if new) without deciding; moves it if it is placed already.
        ``pinned``: an editor put it there, so that story is never split."""
        if doc.doc_id in self.story_of:
            self.remove(doc.doc_id)
        if pinned:
            self._pinned.add(doc.doc_id)
        self._learn(doc)
        self._forbidden.get(doc.doc_id, set()).discard(story_id)  # an editor's move outranks an old forbid
        self._place(story_id, DocVector.build(doc, self.vocabulary, self.config))

    def remove(self, doc_id: str) -> None:
        story_id = self.story_of.pop(doc_id)
        self._pinned.discard(doc_id)
        story = self.stories[story_id]
        story.remove(doc_id)
        self.index.remove(story_id, self._keys.pop(doc_id))
        if not story.members:
            del self.stories[story_id]

    def merge(self, keep_story_id: str, other_story_id: str) -> None:
        if keep_story_id == other_story_id:
            return
        self.keep_whole(keep_story_id)
        for doc_id in self._absorb(self.stories[keep_story_id], self.stories[other_story_id]):
            self._forbidden.get(doc_id, set()).discard(keep_story_id)  # the editor put them together

    def keep_whole(self, story_id: str) -> None:
        """Never split ``story_id`` nor merge it with another on second thoughts (editors merged it)."""
        self._whole.add(story_id)

    def close(self, story_id: str) -> None:
        """Never put an article in ``story_id``, nor split, merge or empty it (editors closed it, or it is
        gone from the caller's records); its articles stay indexed, for ``explain`` and IDF."""
        self._closed.add(story_id)
        self.keep_whole(story_id)

    def reopen(self, story_id: str) -> None:
        """Let articles join ``story_id`` again (editors reopened it); it stays whole."""
        self._closed.discard(story_id)

    def is_closed(self, story_id: str) -> bool:
        return story_id in self._closed

    def forbid(self, doc_id: str, story_id: str) -> None:
        """``doc_id`` must never join ``story_id`` again. If it is in that story it leaves it, unplaced:
        the caller then ``add``s it where the editor moved it, or ``assign``s it afresh."""
        self._forbidden[doc_id].add(story_id)
        if self.story_of.get(doc_id) == story_id:
            self.remove(doc_id)

    def expire(self, before: datetime) -> int:
        """Drop the stories whose newest article is older than ``before``; returns how many left."""
        old = [s for s in self.stories.values() if s.newest is not None and s.newest < before]
        for story in old:
            for doc_id in story.members:
                self.index.remove(story.story_id, self._keys.pop(doc_id))
                del self.story_of[doc_id]
                self._forbidden.pop(doc_id, None)
            del self.stories[story.story_id]
            self._whole.discard(story.story_id)
            self._closed.discard(story.story_id)
        if old:
            logger.info("stories expired count=%d before=%s", len(old), before.isoformat())
        return len(old)

    def explain(self, doc: StoryDoc, story_id: str) -> Evidence:
        """Why ``doc`` is (or would be) in ``story_id``, measured against the story's other articles."""
        story = self.stories[story_id]
        if doc.doc_id in story.members and len(story.members) > 1:
            story = _without(story, doc.doc_id)
        vector = DocVector.build(doc, self.vocabulary, self.config)
        signals = compare(vector, story, self.config, with_members=True)
        return self._evidence(vector, story, combine(signals, self.config, _gap_days(vector, story)), signals)

    # Stages 1, 3 and 4, and the bookkeeping of stage 5.

    def _learn(self, doc: StoryDoc) -> None:
        f = doc.features
        self.vocabulary.add([*f.terms, *("e:" + e for e in f.entities)])

    def _best_story(
        self, vector: DocVector, *, besides: str | None = None, joinable: Joinable | None = None
    ) -> tuple[tuple[str, float, dict[str, float]] | None, ...]:
        """The best candidate story and the runner-up, each ``(story_id, probability, signals)`` or None;
        ``besides``: a story not to count (the one the article is in)."""
        config = self.config
        forbidden = self._forbidden.get(vector.doc_id, ())
        candidates = [
            story_id
            for story_id in self.index.query(_query(vector.terms, vector.entities, config), config.candidates)
            if story_id not in forbidden and story_id != besides and story_id not in self._closed
        ]
        if joinable is not None and candidates:
            allowed = set(joinable(candidates))
            for refused in (story_id for story_id in candidates if story_id not in allowed):
                self.close(refused)
            candidates = [story_id for story_id in candidates if story_id in allowed]
        scored = []
        for story_id in candidates:
            story = self.stories[story_id]
            self.comparisons += 1
            signals = compare(vector, story, config, with_members=False)
            if signals.get("embedding", 1.0) < config.min_embedding:
                continue
            scored.append((combine(signals, config, _gap_days(vector, story)), story_id))
        finalists = []
        for _, story_id in sorted(scored, reverse=True)[: config.finalists]:
            story = self.stories[story_id]
            signals = compare(vector, story, config, with_members=True)
            finalists.append((story_id, combine(signals, config, _gap_days(vector, story)), signals))
        finalists.sort(key=lambda finalist: -finalist[1])
        return (*finalists[:2], None, None)[:2]

    def _place(self, story_id: str, vector: DocVector) -> None:
        story = self.stories.get(story_id)
        if story is None:
            story = self.stories[story_id] = StoryState(story_id)
        story.add(vector.compact(self.config.member_terms))
        # Interned: the same key string is then shared by every article and posting that holds it.
        keys = (
            *(sys.intern("t:" + t) for t, _ in _top(vector.terms, self.config.index_terms)),
            *(sys.intern("e:" + e) for e, _ in _top(vector.entities, self.config.index_entities)),
        )
        self.index.add(story_id, keys)
        self._keys[vector.doc_id] = keys
        self.story_of[vector.doc_id] = story_id

    def _split(self, story: StoryState) -> tuple[tuple[str, str], ...]:
        config = self.config
        if (
            len(story.members) not in config.split_checks
            or len(story.members) > config.split_max_members
            or story.story_id in self._whole
            or any(d in self._pinned for d in story.members)
        ):
            return ()
        members = list(story.members.values())
        groups = split_in_two(members, config)
        if groups is None:
            return ()
        leaving = sorted((members[i] for i in groups[1]), key=lambda m: (m.published, m.doc_id))
        new_id = self._new_story_key(leaving[0].doc_id)
        self.stories[new_id] = StoryState(new_id)
        self._move(leaving, story, self.stories[new_id])
        self.splits += 1
        logger.info("story split story_id=%s new_story_id=%s moved=%d", story.story_id, new_id, len(leaving))
        return tuple((member.doc_id, new_id) for member in leaving)

    def _adopt_lone_articles(self, story_id: str, joinable: Joinable | None = None) -> tuple[tuple[str, str], ...]:
        """At the ``adopt_checks`` sizes, take in the articles left alone nearby that now belong here: an
        article decided while this story was smaller (and the words' weights less known) may have missed it.
        Each is weighed again against every candidate story, and moves only if this one is its best (and
        ``joinable`` lets its story be emptied into this one)."""
        config, story = self.config, self.stories[story_id]
        if (
            len(story.members) not in config.adopt_checks
            or story_id in self._whole
            or any(d in self._pinned for d in story.members)
        ):
            return ()
        moved = []
        for lone_id in self.index.query(_query(story.terms.weights, story.entities.weights, config), config.candidates):
            lone = self.stories.get(lone_id)
            if lone is None or lone_id == story_id or len(lone.members) != 1 or lone_id in self._whole:
                continue
            ((doc_id, member),) = lone.members.items()
            if doc_id in self._pinned or story_id in self._forbidden.get(doc_id, ()):
                continue
            best, _ = self._best_story(DocVector.from_member(member), besides=lone_id)
            if best is None or best[0] != story_id or best[1] < config.threshold:
                continue
            if joinable is not None and lone_id not in joinable([lone_id]):
                self.close(lone_id)
                continue
            moved += [(d, story_id) for d in self._absorb(story, lone)]
        if moved:
            self.adoptions += len(moved)
            logger.info("lone articles adopted story_id=%s moved=%d", story_id, len(moved))
        return tuple(moved)

    def _merge_if_one_event(self, story_id: str, other_id: str) -> tuple[tuple[str, str], ...]:
        if other_id == story_id or other_id not in self.stories:
            return ()
        a, b = self.stories[story_id], self.stories[other_id]
        if (
            story_id in self._whole
            or other_id in self._whole
            or any(d in self._pinned for d in (*a.members, *b.members))
            or any(other_id in self._forbidden.get(d, ()) for d in a.members)
            or any(story_id in self._forbidden.get(d, ()) for d in b.members)
        ):
            return ()
        side = self.config.merge_max_side
        if mean_same_event(a.recent(side), b.recent(side), self.config) < self.config.merge_above:
            return ()
        keep, other = sorted((a, b), key=lambda s: min((m.published, m.doc_id) for m in s.members.values()))
        moved = self._absorb(keep, other)
        self.merges += 1
        logger.info("stories merged story_id=%s merged_story_id=%s moved=%d", keep.story_id, other.story_id, len(moved))
        return tuple((doc_id, keep.story_id) for doc_id in moved)

    def _absorb(self, keep: StoryState, other: StoryState) -> list[str]:
        """Move every article of ``other`` into ``keep`` and drop ``other``; returns the moved doc_ids. An
        article forbidden from ``other`` is now forbidden from ``keep``, which holds other's articles."""
        leaving = list(other.members.values())
        self._move(leaving, other, keep)
        del self.stories[other.story_id]
        for forbidden in self._forbidden.values():
            if other.story_id in forbidden:
                forbidden.discard(other.story_id)
                forbidden.add(keep.story_id)
        return [member.doc_id for member in leaving]

    def _move(self, members: Iterable[Member], source: StoryState, target: StoryState) -> None:
        for member in members:
            source.remove(member.doc_id)
            target.add(member)
            keys = self._keys[member.doc_id]
            self.index.remove(source.story_id, keys)
            self.index.add(target.story_id, keys)
            self.story_of[member.doc_id] = target.story_id

    def _new_story_key(self, doc_id: str) -> str:
        """``story_key(doc_id)``, or, when that names a story still alive (the article started it, was
        removed, came back), the key of ``doc_id~2``, ``doc_id~3``..."""
        key, n = self.story_key(doc_id), 2
        while key in self.stories:
            key, n = self.story_key(f"{doc_id}~{n}"), n + 1
        return key

    def _evidence(
        self, vector: DocVector, story: StoryState, probability: float, signals: dict[str, float]
    ) -> Evidence:
        terms, entities = story.terms.weights, story.entities.weights
        return Evidence(
            score=probability,
            embedding_similarity=signals.get("embedding"),
            term_similarity=signals["term"],
            shared_terms=_shared(vector.terms, terms),
            shared_entities=_shared(vector.entities, entities),
            signals=dict(signals),
        )


def _query(terms: dict[str, float], entities: dict[str, float], config: ClusterConfig) -> dict[str, float]:
    """The inverted index's keys for the heaviest terms and names of an article (or a story's sums)."""
    query = {"t:" + t: w for t, w in _top(terms, config.query_terms)}
    query.update({"e:" + e: w for e, w in _top(entities, config.query_entities)})
    return query


def _top(vector: dict[str, float], count: int) -> list[tuple[str, float]]:
    return sorted(vector.items(), key=lambda item: -item[1])[:count]


def _shared(a: dict[str, float], b: dict[str, float], count: int = 8) -> tuple[str, ...]:
    products = {k: v * b[k] for k, v in a.items() if k in b}
    return tuple(k for k, _ in _top(products, count))


def _gap_days(vector: DocVector, story: StoryState) -> float:
    if story.newest is None:
        return 0.0
    return abs((vector.published - story.newest).total_seconds()) / 86400.0


def _without(story: StoryState, doc_id: str) -> StoryState:
    copy = StoryState(story.story_id)
    for member_id, member in story.members.items():
        if member_id != doc_id:
            copy.add(member)
    return copy
