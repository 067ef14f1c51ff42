"""What dedup and story clustering need to know about one article, computed once, in a worker process.

Stages of ``featurize(title, text)``:

1. Normalise: fold case, spacing and punctuation, and strip wire boilerplate ("UPDATE 1-", "LONDON
   (Reuters) -" datelines, "(Reporting by ...)" credits) so syndicated copies compare equal. Terms, names
   and dates are read from the body after its dateline (``datelines``): the filing is not the event.
2. Exact hash of the normalised body (the headline is left out: a wire copy often gets a new one).
3. MinHash signature over word shingles of the normalised body, for near-copy LSH in ``dedup``.
4. Terms: counts of content words and numbers, the headline and lead weighted up (news puts the event
   first). Raw weights only: inverse document frequencies are learned online by the clusterer.
5. Entities: proper-noun keys from capitalisation (no model): a capitalised word whose lower-case form
   never occurs in the article is a name, which also rules out sentence-initial words and title case.
   The names of the headline and the first lines are also kept apart (``lead_names``): who the event is about.
6. Embedding: a dense vector from wordllama's bundled weights (loaded once per process, never downloaded).
7. Dates: the calendar days the text names outright (``named_dates``).

Everything returned is plain values: picklable, and ``to_dict``/``from_dict`` give a JSON-safe form.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.pipeline.article_summary import STOPWORDS as _SUMMARY_STOPWORDS
from newsdesk.pipeline.datelines import after_dateline
from newsdesk.pipeline.named_dates import calendar_dates

# Words too common in news to say which event an article is about (on top of the summariser's list).
STOPWORDS = _SUMMARY_STOPWORDS | frozenset(
    "told according reported report reports news new one two three year years time people told like "
    "get got make made many much well back still now even told since while during against between "
    "because around among per via yet though although however whether us mr mrs ms http https www com "
    "i'm it's he's she's that's don't didn't can't won't we're they're i've we've".split()
)
# Capitalised words that are never names: they start sentences and headlines, or are honorifics.
NOT_NAMES = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be it this that he she they we "
    "you i his her their our mr mrs ms dr new after before when while update breaking exclusive photos video "
    "watch read more am pm et gmt utc bst cet cest est edt pst pdt".split()
)

_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z][a-z0-9]*")
_POSSESSIVE = re.compile(r"['’]s?$")
_NAME_SEQUENCE = re.compile(
    r"[A-Z][\w'’\-]*(?:\.[A-Z]\.?)*(?:[ \t]+(?:(?:of|de|van|von|al|bin|da|del|la|le)[ \t]+)?[A-Z][\w'’\-]*(?:\.[A-Z]\.?)*)*"
)
# Wire boilerplate, removed before hashing and shingling (not from the terms: it is harmless there).
_BOILERPLATE = [
    re.compile(
        r"^\s*(?:UPDATE|CORRECTED|REFILE|RPT|WRAPUP|ANALYSIS|EXCLUSIVE|BREAKINGVIEWS)(?:\s*\d+)?\s*[-:–—]+\s*",
        re.IGNORECASE,
    ),
    # "LONDON, Jan 5 (Reuters) -", "NEW YORK (AP) —", "(CNN) --" at the start of the body.
    re.compile(
        r"^\s*(?:[A-Z][A-Za-z0-9 .,'/-]{0,60}?)?\(\s*(?:Reuters|AP|AFP|CNN|UPI|Bloomberg|dpa|AAP)\s*\)\s*[-–—]+\s*"
    ),
    re.compile(r"^\s*[A-Z][A-Z .,'/-]{2,40}\s*[-–—]{1,2}\s+"),  # plain "WASHINGTON -- " dateline
]
_TRAILER = re.compile(
    r"\(?\s*(?:Reporting|Writing|Additional reporting|Editing|Compiled) by [^\n]*$"
    r"|^\s*(?:Copyright|©)[^\n]*(?:rights reserved|Associated Press|Reuters)[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)


MINHASH_SEED = 1  # the permutations' seed: stored signatures are only comparable under the same one


@dataclass(frozen=True)
class FeatureConfig:
    shingle_size: int = 3  # words per MinHash shingle; 3 survives a changed paragraph, not a new article
    num_perm: int = 128  # MinHash permutations (dedup's LSH must use the same number)
    max_terms: int = 80  # kept per article; the clusterer re-weights them by online IDF
    lead_words: int = 60  # the first words of the body count as lead
    lead_boost: float = 2.0  # weight of a headline or lead occurrence, against 1 for the rest
    max_entities: int = 30
    lead_lines: int = 2  # the body's first lines (paragraphs): with the headline, who the event is about
    lead_chars: int = 400  # ... cut here when the first lines are long
    max_lead_names: int = 10
    embedding: bool = True  # wordllama vectors; off for a lighter, faster featurizer
    embedding_chars: int = 2000  # the start of the article is embedded: the event is told there


@dataclass(frozen=True)
class DocFeatures:
    exact_hash: str
    minhash: tuple[int, ...]  # empty when the body is too short to shingle
    terms: dict[str, float]
    entities: tuple[str, ...]  # most salient first
    embedding: tuple[float, ...] | None
    lead: tuple[str, ...] = ()  # the headline's and first sentences' terms, in order: the event
    lead_names: tuple[str, ...] = ()  # the names in the headline and first lines: who the event is about
    dates: tuple[str, ...] = ()  # calendar days named in the text (``named_dates.calendar_dates``)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe, and compact: the vectors are packed (uint32 MinHash, float16 embedding) in base64,
        a quarter of their size as JSON numbers; they are stored once per article."""
        return {
            "exact_hash": self.exact_hash,
            "minhash": _pack(self.minhash, "<u4"),
            "terms": dict(self.terms),
            "entities": list(self.entities),
            "embedding": None if self.embedding is None else _pack(self.embedding, "<f2"),
            "lead": list(self.lead),
            "lead_names": list(self.lead_names),
            "dates": list(self.dates),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DocFeatures:
        embedding = d.get("embedding")
        return cls(
            exact_hash=d["exact_hash"],
            minhash=tuple(int(v) for v in _unpack(d["minhash"], "<u4")),
            terms={str(k): float(v) for k, v in d["terms"].items()},
            entities=tuple(d["entities"]),
            embedding=None if embedding is None else tuple(float(v) for v in _unpack(embedding, "<f2")),
            lead=tuple(d.get("lead", ())),
            lead_names=tuple(d.get("lead_names", ())),
            dates=tuple(d.get("dates", ())),
        )


def _pack(values: Sequence[float], dtype: str) -> str:
    import numpy as np

    return base64.b64encode(np.asarray(values, dtype=dtype).tobytes()).decode("ascii")


def _unpack(packed: str | list[float], dtype: str) -> list[float]:
    """The values of ``_pack``; a plain list (features stored before packing) is read as it is."""
    if isinstance(packed, list):
        return packed
    import numpy as np

    values: list[float] = np.frombuffer(base64.b64decode(packed), dtype=dtype).tolist()
    return values


def featurize(title: str, text: str, config: FeatureConfig | None = None) -> DocFeatures:
    config = config or FeatureConfig()
    body = strip_boilerplate(text)
    words = normalised_words(body)
    # What the event is told with: the body after its dateline ("STANNARD CROSS, 24 November (Metro Wire) —").
    # Where, when and by whom a report was filed is shared by everything one agency files from one town that
    # week: as a lead name, a named day or a month it would tie a pay deal to a storm reported the day before.
    told = after_dateline(body)
    told_words = normalised_words(told)
    return DocFeatures(
        exact_hash=hashlib.sha1(" ".join(words).encode()).hexdigest(),  # 2.
        minhash=_minhash(words, config),  # 3.
        terms=_terms(title, told_words, config),  # 4.
        entities=extract_entities(f"{title}\n{told}", config.max_entities),  # 5.
        embedding=_embed(f"{title}\n{text}"[: config.embedding_chars]) if config.embedding else None,  # 6.
        lead=_lead(title, told_words, config),  # 4.
        lead_names=extract_entities(_lead_text(title, told, config), config.max_lead_names),  # 5.
        dates=calendar_dates(f"{title}\n{told}"),  # 7.
    )


# 1. Normalising.


def strip_boilerplate(text: str) -> str:
    text = _TRAILER.sub("", text).strip()
    for pattern in _BOILERPLATE:
        text = pattern.sub("", text, count=1)
    return text


def normalised_words(text: str) -> list[str]:
    """Lower-case words and numbers; punctuation and spacing folded away."""
    return _WORD.findall(text.lower().replace("’", "'"))


# 3. MinHash.


def _minhash(words: list[str], config: FeatureConfig) -> tuple[int, ...]:
    from datasketch import MinHash

    n = config.shingle_size
    if len(words) < n:
        return ()
    shingles = {" ".join(words[i : i + n]).encode() for i in range(len(words) - n + 1)}
    # The scheme is pinned so signatures stored today compare with tomorrow's after a datasketch upgrade.
    signature = MinHash(
        num_perm=config.num_perm, seed=MINHASH_SEED, scheme="affine32", permutations=_permutations(config.num_perm)
    )
    signature.update_batch(list(shingles))
    return tuple(int(v) for v in signature.hashvalues)


@functools.cache
def _permutations(num_perm: int) -> Any:  # datasketch's arrays (it ships no types)
    """The permutations of the signature, drawn once per process: drawing them costs more than hashing an
    article's shingles."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme="affine32").permutations


# 4. Terms.


def _terms(title: str, words: list[str], config: FeatureConfig) -> dict[str, float]:
    counts: defaultdict[str, float] = defaultdict(float)
    for word in normalised_words(title):
        if _is_term(word):
            counts[word] += config.lead_boost
    for position, word in enumerate(words):
        if _is_term(word):
            counts[word] += config.lead_boost if position < config.lead_words else 1.0
    # Sub-linear: a word said ten times is not ten times the evidence.
    weighted = {term: 1.0 + math.log(count) for term, count in counts.items()}
    top = sorted(weighted.items(), key=lambda item: -item[1])[: config.max_terms]
    return dict(top)


def _lead(title: str, words: list[str], config: FeatureConfig) -> tuple[str, ...]:
    lead = [w for w in normalised_words(title) + words[: config.lead_words] if _is_term(w)]
    return tuple(dict.fromkeys(lead))


def _lead_text(title: str, body: str, config: FeatureConfig) -> str:
    lines = [line for line in body.split("\n") if line.strip()][: config.lead_lines]
    return f"{title}\n" + "\n".join(lines)[: config.lead_chars]


def _is_term(word: str) -> bool:
    return len(word) > 1 and word not in STOPWORDS


# 5. Entities.


def extract_entities(text: str, limit: int = 30) -> tuple[str, ...]:
    """Names as lower-case keys: each full name ("tara reid") and its words ("reid"), most frequent first."""
    lower_words = set(_LOWER_WORD.findall(text))  # words written in lower case somewhere in the article
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    matches = [(m, _at_sentence_start(text, m.start())) for m in _NAME_SEQUENCE.finditer(text)]
    # Words seen capitalised inside a sentence; at its start a capital alone proves nothing ("Rescuers said").
    inside = {_key(t) for m, start in matches for t in m.group().split()[1 if start else 0 :]}
    for match, start in matches:
        tokens = [_key(t) for t in match.group().split()]
        if start and tokens[0] not in inside and not (len(tokens) > 1 and _is_name_word(tokens[1], lower_words)):
            tokens[0] = ""  # kept when a name follows: "Tara Reid said", not "Rescuers said"
        # A word that is not a name splits the sequence: "Lohan Checks Into Betty Ford" is two names.
        names, run = [], []
        for token in [*tokens, ""]:
            if _is_name_word(token, lower_words):
                run.append(token)
            elif run:
                names.append(run)
                run = []
        for name in names:
            # Full name first, then its words: a fixed order (a set's would follow string hashing, which
            # differs per process, and break ties in the ranking differently every run).
            for key in dict.fromkeys([" ".join(name), *name]):
                counts[key] += 1
                first_seen.setdefault(key, match.start())
    ranked = sorted(counts, key=lambda k: (-counts[k], first_seen[k]))
    return tuple(ranked[:limit])


def _key(token: str) -> str:
    return _POSSESSIVE.sub("", token).strip(".'’-").lower()


def _at_sentence_start(text: str, position: int) -> bool:
    before = text[max(0, position - 3) : position].rstrip(" \t\"'“‘(`")
    return not before or before[-1] in ".!?:\n"


def _is_name_word(token: str, lower_words: set[str]) -> bool:
    # "I've" and the like are not names; digits are terms, not entities.
    return (
        bool(token) and token not in NOT_NAMES and token not in lower_words and not token.isdigit() and "'" not in token
    )


# 6. Embedding.

_MODEL: Any = None


def _embed(text: str) -> tuple[float, ...]:
    import numpy as np

    vector = embedding_model().embed(text, norm=True)[0]
    # Half precision, as it is stored (``to_dict``): an article's features are the same fresh or reloaded.
    return tuple(np.asarray(vector, dtype="<f2").astype(float).tolist())


def embedding_model() -> Any:
    """wordllama with the weights its wheel ships, loaded once per process; it never downloads."""
    global _MODEL
    if _MODEL is None:
        import wordllama

        try:
            _MODEL = wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
        except FileNotFoundError as error:  # a wordllama build without bundled weights
            raise RuntimeError(
                f"wordllama's bundled weights are missing ({error}); install a wordllama wheel that ships "
                "them (>=0.4), or set FeatureConfig(embedding=False)"
            ) from error
    return _MODEL
