"""The values the clusterer takes and gives back, and its configuration."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newsdesk.pipeline.features import DocFeatures


@dataclass(frozen=True)
class StoryDoc:
    doc_id: str
    features: DocFeatures
    published: datetime          # aware
    source: str                  # outlet key


@dataclass(frozen=True)
class Evidence:
    score: float                 # the combined similarity that decided: a same-event probability, 0..1
    embedding_similarity: float | None
    term_similarity: float
    shared_terms: tuple[str, ...]      # top shared terms, for "why is this article in this story"
    shared_entities: tuple[str, ...]
    signals: dict[str, float] = field(default_factory=dict)   # every signal that went into the score


@dataclass(frozen=True)
class Assignment:
    doc_id: str
    story_id: str                # for a new story: the doc_id of its first article
    new_story: bool
    evidence: Evidence | None    # None when new_story


@dataclass(frozen=True)
class ClusterConfig:
    """Weights of the same-event score, a logistic model over the signals ``signals.compare`` measures.

    They were fitted on ECB+ development documents (same-topic look-alike events as negatives) and rounded;
    ``threshold`` is the probability above which a document joins its best candidate story.
    """

    threshold: float = 0.45
    weights: tuple[tuple[str, float], ...] = (
        ("bias", -5.0),
        ("term", 3.0),             # TF-IDF cosine, document against the story's centroid
        ("entity", 3.0),           # the same over names, the most frequent weighted up
        ("number", 5.0),           # the same over numbers: tolls, magnitudes, ages, scores, dates
        ("term_max", 6.5),         # best TF-IDF cosine against one of the story's recent articles
        ("entity_max", 2.8),
        ("year_conflict", -1.1),   # both name years, none in common
        ("month_conflict", -1.8),  # both name months, none in common
        ("actor_mismatch", -0.9),  # each side's main person missing from the other
        ("actor_match", 0.8),      # the same main person
        ("lead", 0.0),
        ("lead_max", 0.0),
        ("persons_missing", 0.0),  # share of each side's main people missing from the other, summed
    )
    min_embedding: float = 0.3     # below this embedding cosine a story is never joined (when both have one)
    time_grace_days: float = 2.0   # a story this close in time to the document is not penalised...
    time_penalty_per_day: float = 0.3   # ...beyond it, this much log-odds per day
    # Candidate retrieval: an inverted index over the document's most telling terms and names.
    query_terms: int = 12
    query_entities: int = 6
    index_terms: int = 15          # keys each article adds to its story's postings
    index_entities: int = 8
    max_posting: int = 3000        # keys in more stories than this are too common to retrieve by
    candidates: int = 24           # scored on centroids
    finalists: int = 6             # of those, scored also against their recent articles
    recent_members: int = 8
    member_terms: int = 40         # a story keeps each article's heaviest terms only (bounded memory)
    entity_rank_decay: float = 0.3
    persons: int = 3               # main people per article compared by "person_overlap"
    idf_prior_documents: int = 100  # IDF as if this many articles without the word came first (cold start)
