"""Multi-document extractive story summaries: every sentence is a sentence of a story's article, cited.

``summarise_story(documents)`` in four steps (the comments in the code reuse the numbers):

1. Vectors: each candidate sentence becomes a TF vector of its content words (crudely stemmed), and a
   TF-IDF one with the IDF taken over the candidates themselves. Relevance uses TF-IDF (words on every
   line say little about which line matters); "says the same" uses TF, since two sentences repeating the
   event's own words are the very repeats to avoid.
2. Relevance: closeness to the story's centroid (what most sentences say), blended with the sentence's
   position in its article (news leads with the key fact), as in the article summariser; a sentence that
   several outlets carry in near-identical form is supported by all of them and counts a little more.
3. Maximal Marginal Relevance (Carbonell & Goldstein 1998): pick the most relevant sentence, then
   repeatedly the one with the best ``lambda * relevance - (1 - lambda) * max similarity to those picked``,
   never one that nearly repeats a picked sentence (``max_similarity``).
4. Citations and order: a picked sentence cites its own article and every other article carrying a
   near-identical sentence; the picked sentences are put in reading order (by position in their articles,
   then by article order: the leads first, earliest outlet first).

Documents come in the order the caller wants them numbered (the story page numbers them like its coverage
list); the caller also decides which sentences are eligible (e.g. only those an outlet lets us show).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsdesk.pipeline.article_summary import STOPWORDS
from newsdesk.pipeline.boilerplate import news_sentences
from newsdesk.pipeline.datelines import without_dateline

if TYPE_CHECKING:  # numpy itself is imported where it is used: most callers never build a matrix
    import numpy as np
    from numpy.typing import NDArray

    Matrix = NDArray[np.float64]

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class StorySummaryConfig:
    min_sentences: int = 3
    max_sentences: int = 5
    documents_per_extra: int = 2  # one sentence more than the minimum per this many more articles
    mmr_lambda: float = 0.85  # relevance against novelty (1.0: no redundancy penalty at all)
    max_similarity: float = 0.5  # a candidate this close to a picked sentence is never picked
    cite_similarity: float = 0.75  # another article's sentence this close is the same sentence: cite it too
    position_weight: float = 0.8  # against centrality, in relevance (CNN/DM: 0.6 to 0.9 all near Lead-3)
    support_weight: float = 0.1  # bonus per extra article carrying the sentence (capped at 3)
    short_sentence_words: int = 8  # fragments shorter than this (datelines, captions) rank lower
    # A story of one article is summarised by that article's cleaned lead: ranking its sentences as above
    # fell below the lead on one half of CNN/DM dev (``bench/summaries_halves.py --fit``).
    lead_for_one_document: bool = True


@dataclass(frozen=True)
class SourceSentence:
    text: str
    position: int  # index among the article's sentences (``summarise.split_sentences``)


@dataclass(frozen=True)
class SourceDocument:
    key: str  # the caller's name for the article (an article ID)
    sentences: tuple[SourceSentence, ...]  # the eligible ones, in article order


@dataclass(frozen=True)
class CitedSentence:
    text: str
    source: str | None  # key of the article the text is taken from (None: a generated sentence)
    position: int | None  # its position there
    cites: tuple[str, ...]  # keys of every article carrying it, ``source`` first


@dataclass(frozen=True)
class StorySummary:
    sentences: tuple[CitedSentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class _Candidate:
    doc: int
    sentence: SourceSentence


def summarise_story(
    documents: list[SourceDocument],
    config: StorySummaryConfig | None = None,
    *,
    count: int | None = None,
    avoid: tuple[str, ...] = (),
) -> StorySummary:
    """Pick ``count`` sentences (by default from the number of documents) among the documents' sentences.

    ``avoid``: sentences already in the summary from elsewhere (checked generated ones): picks must not
    repeat them, and they count towards nothing else.
    """
    config = config or StorySummaryConfig()
    if count is None:
        count = target_count(sum(1 for d in documents if d.sentences), config)
    with_sentences = [d for d in documents if d.sentences]
    if config.lead_for_one_document and len(with_sentences) == 1:
        return _lead(with_sentences[0], count, avoid, config)
    candidates, similarity, avoided, centrality = _vectorise(documents, avoid)  # 1.
    if not candidates:
        return StorySummary(())
    carriers = _carriers(candidates, similarity, config)
    relevance = _relevance(candidates, centrality, carriers, config)  # 2.
    picked = _mmr(relevance, similarity, avoided, count, config)  # 3.
    picked.sort(key=lambda i: (candidates[i].sentence.position, candidates[i].doc))  # 4.
    # Each outlet's dateline goes: the summary speaks for every report, not the one that filed from there.
    return StorySummary(
        tuple(
            CitedSentence(
                without_dateline(candidates[i].sentence.text),
                documents[candidates[i].doc].key,
                candidates[i].sentence.position,
                tuple(documents[d].key for d in [candidates[i].doc, *carriers[i]]),
            )
            for i in picked
        )
    )


def _lead(document: SourceDocument, count: int, avoid: tuple[str, ...], config: StorySummaryConfig) -> StorySummary:
    """One article's cleaned lead (``pipeline.boilerplate``), less what repeats an ``avoid`` sentence."""
    news = news_sentences([(s.position, s.text) for s in document.sentences])
    fresh = [
        (position, text)
        for position, text in news
        if all(sentence_similarity(text, other) <= config.max_similarity for other in avoid)
    ]
    return StorySummary(
        tuple(
            CitedSentence(without_dateline(text), document.key, position, (document.key,))
            for position, text in fresh[:count]
        )
    )


def target_count(document_count: int, config: StorySummaryConfig) -> int:
    extra = max(0, document_count - 1) // config.documents_per_extra
    return max(config.min_sentences, min(config.max_sentences, config.min_sentences + extra))


def sentence_similarity(a: str, b: str) -> float:
    """TF cosine of two sentences' content words: the measure of "says the same" outside a summary run."""
    return cosine(_tf(Counter(terms(a))), _tf(Counter(terms(b))))


# 1. Vectors.


def terms(sentence: str) -> list[str]:
    """Content words, lower-cased, with a light stem (plural and possessive endings) so forms meet."""
    words = []
    for word in _WORD.findall(sentence.lower().replace("’", "'")):
        if word in STOPWORDS or len(word) < 2:
            continue
        word = word.removesuffix("'s")
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return words


def _vectorise(
    documents: list[SourceDocument], avoid: tuple[str, ...]
) -> tuple[list[_Candidate], Matrix, Matrix, Matrix]:
    """The candidates; their pairwise TF cosines, and to the ``avoid`` sentences; their TF-IDF centrality."""
    import numpy as np

    bags = [(_Candidate(d, s), Counter(terms(s.text))) for d, doc in enumerate(documents) for s in doc.sentences]
    bags = [(candidate, bag) for candidate, bag in bags if bag]
    avoid_bags = [bag for bag in (Counter(terms(text)) for text in avoid) if bag]
    vocabulary = {t: i for i, t in enumerate(dict.fromkeys(t for _, bag in bags for t in bag))}
    if not bags:
        return [], np.zeros((0, 0)), np.zeros(0), np.zeros(0)

    def matrix(counters: list[Counter[str]]) -> Matrix:
        rows = np.zeros((len(counters), len(vocabulary)))
        for r, bag in enumerate(counters):
            for term, n in bag.items():
                if term in vocabulary:
                    rows[r, vocabulary[term]] = 1 + math.log(n)
        return rows

    def normalised(rows: Matrix) -> Matrix:
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        quotients = np.zeros_like(rows)  # 0 where a row has no terms
        np.divide(rows, norms, out=quotients, where=norms > 0)
        return quotients

    tf = matrix([bag for _, bag in bags])
    idf = np.log(1 + (len(bags) + 1) / (1 + (tf > 0).sum(axis=0)))
    weighted = normalised(tf * idf)
    centroid = (tf * idf).sum(axis=0)
    centrality = weighted @ (centroid / (np.linalg.norm(centroid) or 1.0))
    tf = normalised(tf)
    avoided = (tf @ normalised(matrix(avoid_bags)).T).max(axis=1) if avoid_bags else np.zeros(len(bags))
    return [c for c, _ in bags], tf @ tf.T, avoided, centrality


def _tf(bag: Counter[str]) -> dict[str, float]:
    return {t: 1 + math.log(n) for t, n in bag.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _carriers(candidates: list[_Candidate], similarity: Matrix, config: StorySummaryConfig) -> list[list[int]]:
    """For each candidate, the other documents carrying it (a near-identical sentence), in document order."""
    carriers = []
    for i, candidate in enumerate(candidates):
        close = (similarity[i] >= config.cite_similarity).nonzero()[0]
        carriers.append(sorted({candidates[j].doc for j in close} - {candidate.doc}))
    return carriers


# 2. Relevance.


def _relevance(
    candidates: list[_Candidate], centrality: Matrix, carriers: list[list[int]], config: StorySummaryConfig
) -> list[float]:
    scores = []
    for i, candidate in enumerate(candidates):
        position = 1.0 / (1.0 + candidate.sentence.position * 0.5)
        short = len(candidate.sentence.text.split()) < config.short_sentence_words
        score = config.position_weight * position + (1 - config.position_weight) * float(centrality[i])
        score += config.support_weight * min(len(carriers[i]), 3)
        scores.append(score * (0.5 if short else 1.0))
    return scores


# 3. Maximal Marginal Relevance.


def _mmr(
    relevance: list[float], similarity: Matrix, avoided: Matrix, count: int, config: StorySummaryConfig
) -> list[int]:
    import numpy as np

    relevance_array = np.asarray(relevance)
    closest = np.array(avoided, dtype=float)  # each candidate's highest similarity to anything picked so far
    available = np.ones(len(relevance_array), dtype=bool)
    picked: list[int] = []
    while len(picked) < count:
        allowed = available & (closest <= config.max_similarity)
        if not allowed.any():
            break
        scores = np.where(allowed, config.mmr_lambda * relevance_array - (1 - config.mmr_lambda) * closest, -np.inf)
        best = int(np.argmax(scores))
        picked.append(best)
        available[best] = False
        closest = np.maximum(closest, similarity[best])
    return picked
