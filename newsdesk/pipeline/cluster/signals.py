"""Evidence that a document and a story tell the same event, and the running state it is measured on.

1. ``Vocabulary``: document frequencies learned online, for inverse document frequency weights.
2. ``DocVector``: one article's sparse unit vectors (terms, names, numbers, lead), years, months, people,
   the calendar days it names, and the names of its headline and first lines.
3. ``StoryState``: the sums of its members' vectors with their norms, kept up to date on add and remove,
   and a compact copy of each member (``Member``) to compare with and to subtract when it leaves.
4. ``compare``: the signals between a document and a story, and ``combine`` into a same-event probability.

Look-alike events (two earthquakes in one week) share their topic words; what tells them apart is who,
where, when and how many. So names and numbers are scored on their own, a document is also compared with
the story's individual recent articles (a wire rewrite of one of them is strong evidence), a calendar day
both name counts for, and dates or main people that disagree count against: a report's main person is the
one its headline and lead name, however much of another event it retells further down.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
import sys
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

import numpy as np

from newsdesk.pipeline.cluster.values import ClusterConfig, StoryDoc
from newsdesk.pipeline.named_dates import day_numbers, same_day_named

_NUMBER = re.compile(r"[0-9][0-9.,]*$")
_YEAR = re.compile(r"(?:19[5-9][0-9]|20[0-4][0-9])$")
MONTHS = frozenset("january february march april may june july august september october november december".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

Sparse = tuple[tuple[str, ...], "array[float]"]  # keys and their weights, compact for stored members
_EMBEDDING_SCALE = 32000.0  # unit-vector components stored as int16 (memory: 512 bytes, not 8 KiB)
_LEAD_ACTOR_CANDIDATES = 10  # the article's most mentioned people the lead's main person is sought among


class Vocabulary:
    """Document frequencies of terms and names (names keyed ``e:name``), counted as articles arrive."""

    def __init__(self, prior_documents: int = 0) -> None:
        # Pseudo-documents that contain no term: on a cold start (three articles) a word shared by all of
        # them is not "common", and must not weigh nothing; with a real archive they stop mattering.
        self.prior = prior_documents
        self.documents = 0
        self.df: Counter[str] = Counter()

    def add(self, keys: Iterable[str]) -> None:
        self.documents += 1
        self.df.update(keys)

    def idf(self, key: str) -> float:
        return math.log((self.documents + self.prior + 1) / (self.df[key] + 0.5))


@dataclass
class DocVector:
    doc_id: str
    published: datetime
    terms: dict[str, float]  # unit vectors
    entities: dict[str, float]
    numbers: dict[str, float]
    embedding: tuple[float, ...] | None
    years: frozenset[str]
    months: frozenset[str]
    actor: str | None  # the most mentioned person (a surname seen with a first name)
    names: frozenset[str]
    persons: tuple[str, ...] = ()  # the most mentioned people, actor first
    lead: dict[str, float] = field(default_factory=dict)  # unit vector of the headline and lead terms
    lead_names: frozenset[str] = frozenset()  # the names in the headline and first lines
    days: tuple[tuple[int | None, int], ...] = ()  # calendar days named (``named_dates.day_numbers``)
    lead_actor: str | None = None  # the main person named in the headline or first lines

    @classmethod
    def build(cls, doc: StoryDoc, vocabulary: Vocabulary, config: ClusterConfig) -> DocVector:
        f = doc.features
        words = {t: w * vocabulary.idf(t) for t, w in f.terms.items() if not _NUMBER.match(t)}
        numbers = {t: w * vocabulary.idf(t) for t, w in f.terms.items() if _NUMBER.match(t) and len(t) > 1}
        entities = {
            e: vocabulary.idf("e:" + e) / (1 + rank * config.entity_rank_decay) for rank, e in enumerate(f.entities)
        }
        # The lead's main person may rank below the article's main few: one ranking, read twice.
        people = _persons(f.entities, max(config.persons, _LEAD_ACTOR_CANDIDATES))
        persons, lead_names = people[: config.persons], frozenset(f.lead_names)
        return cls(
            doc.doc_id,
            doc.published,
            _unit(words),
            _unit(entities),
            _unit(numbers),
            f.embedding,
            frozenset(t for t in f.terms if _YEAR.match(t)),
            frozenset(e for e in f.entities if e in MONTHS),
            next(iter(persons), None),
            frozenset(f.entities),
            persons,
            _unit({t: vocabulary.idf(t) for t in f.lead}),
            lead_names,
            day_numbers(f.dates),
            next((p for p in people if p in lead_names), None),
        )

    @classmethod
    def from_member(cls, m: Member) -> DocVector:
        """The vector of a stored article, from what its story keeps of it (its heaviest terms, its embedding
        to 16 bits): close enough to weigh it again against other stories."""
        embedding = None if m.embedding is None else tuple(v / _EMBEDDING_SCALE for v in m.embedding)
        entities = dict(zip(*m.entities))
        return cls(
            m.doc_id,
            m.published,
            dict(zip(*m.terms)),
            entities,
            dict(zip(*m.numbers)),
            embedding,
            m.years,
            m.months,
            m.actor,
            frozenset(entities),
            m.persons,
            dict(zip(*m.lead)),
            m.lead_names,
            m.days,
            m.lead_actor,
        )

    @functools.cached_property
    def side(self) -> Side:
        """What the conflict signals read of it (made once: an article is compared with many stories)."""
        return Side(
            self.years, self.months, self.actor, self.persons, self.names, self.days, self.lead_actor, self.lead_names
        )

    def compact(self, member_terms: int) -> Member:
        """What the story keeps of this article: its heaviest terms, and its embedding as 16-bit integers."""
        terms = dict(sorted(self.terms.items(), key=lambda item: -item[1])[:member_terms])
        embedding = None if self.embedding is None else _quantised(self.embedding)
        return Member(
            self.doc_id,
            self.published,
            _pack(terms),
            _pack(self.entities),
            _pack(self.numbers),
            embedding,
            self.years,
            self.months,
            self.actor,
            self.persons,
            _pack(self.lead),
            self.lead_names,
            self.days,
            self.lead_actor,
        )


@dataclass
class Member:
    """A stored article: what removing it from its story, or comparing with it, needs."""

    doc_id: str
    published: datetime
    terms: Sparse
    entities: Sparse
    numbers: Sparse
    embedding: array[int] | None  # int16, unit vector times _EMBEDDING_SCALE
    years: frozenset[str]
    months: frozenset[str]
    actor: str | None
    persons: tuple[str, ...]
    lead: Sparse
    lead_names: frozenset[str] = frozenset()
    days: tuple[tuple[int | None, int], ...] = ()
    lead_actor: str | None = None


class SparseSum:
    """A sum of sparse vectors with its squared norm kept up to date, so a cosine against it costs only the
    other vector's length (no centroid is ever recomputed or cached)."""

    __slots__ = ("weights", "norm2")

    def __init__(self) -> None:
        self.weights: dict[str, float] = {}
        self.norm2 = 0.0

    def apply(self, packed: Sparse, sign: int) -> None:
        weights = self.weights
        for key, value in zip(*packed):
            old = weights.get(key, 0.0)
            new = old + sign * value
            if new <= 1e-6:  # gone (up to float error)
                weights.pop(key, None)
                self.norm2 -= old * old
            else:
                weights[key] = new
                self.norm2 += new * new - old * old
        if not weights:
            self.norm2 = 0.0

    def cosine(self, unit_vector: dict[str, float]) -> float:
        if self.norm2 <= 1e-12:
            return 0.0
        get = self.weights.get
        return sum(v * get(k, 0.0) for k, v in unit_vector.items()) / math.sqrt(self.norm2)


@dataclass
class StoryState:
    story_id: str
    members: dict[str, Member] = field(default_factory=dict)  # insertion order: oldest first
    terms: SparseSum = field(default_factory=SparseSum)
    entities: SparseSum = field(default_factory=SparseSum)
    numbers: SparseSum = field(default_factory=SparseSum)
    lead: SparseSum = field(default_factory=SparseSum)
    actors: Counter[str] = field(default_factory=Counter)
    persons: Counter[str] = field(default_factory=Counter)
    years: Counter[str] = field(default_factory=Counter)
    months: Counter[str] = field(default_factory=Counter)
    days: Counter[tuple[int | None, int]] = field(default_factory=Counter)
    lead_actors: Counter[str] = field(default_factory=Counter)
    lead_names: Counter[str] = field(default_factory=Counter)
    embedding: array[float] | None = None  # sum of members' (quantised) embeddings
    embedding_norm: float = 0.0
    newest: datetime | None = None

    def add(self, member: Member) -> None:
        self.members[member.doc_id] = member
        self._apply(member, +1)
        if self.newest is None or member.published > self.newest:
            self.newest = member.published

    def remove(self, doc_id: str) -> Member:
        member = self.members.pop(doc_id)
        self._apply(member, -1)
        self.newest = max((m.published for m in self.members.values()), default=None)
        return member

    def _apply(self, m: Member, sign: int) -> None:
        self.terms.apply(m.terms, sign)
        self.entities.apply(m.entities, sign)
        self.numbers.apply(m.numbers, sign)
        self.lead.apply(m.lead, sign)
        counted: tuple[tuple[Counter[Any], Iterable[Any]], ...] = (
            (self.years, m.years),
            (self.months, m.months),
            (self.days, m.days),
            (self.lead_actors, (m.lead_actor,) if m.lead_actor else ()),
            (self.lead_names, m.lead_names),
            (self.actors, (m.actor,) if m.actor else ()),
            (self.persons, m.persons),
        )
        for counter, keys in counted:
            for k in keys:
                counter[k] += sign
                if counter[k] <= 0:
                    del counter[k]
        if m.embedding is not None:
            if self.embedding is None:
                self.embedding = array("d", bytes(8 * len(m.embedding)))
            self.embedding = array("d", map(operator.add if sign > 0 else operator.sub, self.embedding, m.embedding))
            self.embedding_norm = math.sqrt(sum(map(operator.mul, self.embedding, self.embedding)))

    def embedding_cosine(self, embedding: tuple[float, ...]) -> float | None:
        if self.embedding is None or self.embedding_norm <= 1e-9:
            return None
        return float(sum(map(operator.mul, embedding, self.embedding))) / self.embedding_norm  # the scale cancels

    def recent(self, count: int) -> list[Member]:
        return list(itertools.islice(reversed(self.members.values()), count))


def compare(doc: DocVector, story: StoryState, config: ClusterConfig, *, with_members: bool) -> dict[str, float]:
    """The signals ``ClusterConfig.weights`` names, plus ``embedding`` (a gate, not a weight) when known."""
    signals = {
        "term": story.terms.cosine(doc.terms),
        "entity": story.entities.cosine(doc.entities),
        "number": story.numbers.cosine(doc.numbers),
        "lead": story.lead.cosine(doc.lead),
    }
    if doc.embedding is not None:
        similarity = story.embedding_cosine(doc.embedding)
        if similarity is not None:
            signals["embedding"] = similarity
    if with_members:
        recent = story.recent(config.recent_members)
        signals["term_max"] = max(dot_packed(doc.terms, m.terms) for m in recent)
        signals["entity_max"] = max(dot_packed(doc.entities, m.entities) for m in recent)
        signals["lead_max"] = max(dot_packed(doc.lead, m.lead) for m in recent)
        signals["lead_names_max"] = max(jaccard(doc.lead_names, m.lead_names) for m in recent)
    story_actor = story.actors.most_common(1)[0][0] if story.actors else None
    story_persons = tuple(p for p, _ in story.persons.most_common(config.persons))
    story_side = Side(
        story.years,
        story.months,
        story_actor,
        story_persons,
        story.entities.weights,
        story.days,  # every calendar day some member names
        story.lead_actors.most_common(1)[0][0] if story.lead_actors else None,
        story.lead_names,
    )
    signals.update(conflict_signals(doc.side, story_side))
    return signals


class Side(NamedTuple):
    """What the conflict signals read of one side of a comparison: an article, or a whole story."""

    years: Collection[str]
    months: Collection[str]
    actor: str | None  # the main person
    persons: Sequence[str]  # the main people, actor first
    names: Collection[str]  # every name the side mentions
    days: Collection[tuple[int | None, int]] = ()  # calendar days named
    lead_actor: str | None = None  # the main person named in the headline or first lines
    lead_names: Collection[str] = ()  # the names there


def conflict_signals(a: Side, b: Side) -> dict[str, float]:
    """The date and people signals between two sides (article and story, or two articles): one definition,
    so a story's second thoughts weigh the same evidence as its first."""
    both = a.actor is not None and b.actor is not None
    return {
        "year_conflict": disjoint(a.years, b.years),
        "month_conflict": disjoint(a.months, b.months),
        "actor_match": float(both and a.actor == b.actor),
        "actor_mismatch": float(both and a.actor not in b.names and b.actor not in a.names),
        "persons_missing": persons_missing(a, b),
        "date_match": float(same_day_named(a.days, b.days)),
        "lead_actor_mismatch": float(
            a.lead_actor is not None
            and b.lead_actor is not None
            and a.lead_actor not in b.lead_names
            and b.lead_actor not in a.lead_names
        ),
    }


def jaccard(a: Collection[str], b: Collection[str]) -> float:
    # Frozensets in practice; Side types its name fields as a Collection, which has no & or |.
    return len(a & b) / len(a | b) if a and b else 0.0  # type: ignore[operator]


def disjoint(a: Collection[str], b: Collection[str]) -> float:
    """1 when both sides name dates of a kind (years, months) and none in common."""
    return float(bool(a and b and not any(x in b for x in a)))


def persons_missing(a: Side, b: Side) -> float:
    """The share of each side's main people the other never names, summed: Klitschko v Rahman is not
    Klitschko v Thompson."""
    if not a.persons or not b.persons:
        return 0.0
    return sum(p not in b.names for p in a.persons) / len(a.persons) + sum(p not in a.names for p in b.persons) / len(
        b.persons
    )


def combine(signals: dict[str, float], config: ClusterConfig, gap_days: float = 0.0) -> float:
    """Same-event probability from the signals; signals not measured (members skipped) count as 0."""
    logit = sum(weight * (1.0 if name == "bias" else signals.get(name, 0.0)) for name, weight in config.weights)
    logit -= config.time_penalty_per_day * max(0.0, gap_days - config.time_grace_days)
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))


def _persons(entities: tuple[str, ...], count: int) -> tuple[str, ...]:
    # A surname is a single name that also ends a longer name in the same article ("reid" / "tara reid").
    full_names = {e.rsplit(" ", 1)[-1] for e in entities if " " in e}
    return tuple(e for e in entities if " " not in e and e in full_names and e not in MONTHS and e not in WEEKDAYS)[
        :count
    ]


def _quantised(embedding: tuple[float, ...]) -> array[int]:
    packed = array("h")
    packed.frombytes(np.rint(np.asarray(embedding) * _EMBEDDING_SCALE).astype(np.int16).tobytes())
    return packed


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def _pack(vector: dict[str, float]) -> Sparse:
    # Interned: every story, posting and member holding "earthquake" then shares one string.
    return tuple(sys.intern(k) for k in vector), array("f", vector.values())


def dot_packed(a: dict[str, float], b: Sparse) -> float:
    """The dot product of an unpacked and a packed sparse vector."""
    return float(sum(w * a.get(k, 0.0) for k, w in zip(*b)))
