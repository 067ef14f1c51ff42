"""The hand-labelled entity fixture (issue 16): mentions with their true type, "not an entity" or the right span,
and alias pairs that are or are not the same entity, from the real pages of ``../shared/data/extraction`` and
the ECB+ dev texts. Labelled against the entities stage as it was before any rule of issue 16 changed, so that
every later rule is fitted on one half and judged on the other (``tests/support/halves.py``).

``score(half)`` runs the current entities stage over the labelled documents of one half and measures:

- type accuracy: a labelled person, organisation or place is right when the stage finds an entity of that type
  under the labelled name or its corrected span (``gold_span``), as its name or one of its aliases; a
  ``not_entity`` mention is right when the stage finds no entity of that name;
- span errors: mentions whose span the labeller corrected and whose right name the stage does not give;
- alias precision and recall: a pair is attached when one entity carries both names.

This module imports nothing from pytest or Django: ``bench/entity_labels.py`` reads it too.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from newsdesk.pipeline.entities import ArticleText, understand_many
from newsdesk.pipeline.entities.values import Understanding
from newsdesk.pipeline.extract import extract_article

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "entities"
DATA = ROOT.parent / "shared" / "data"
TYPES = ("person", "org", "place", "not_entity")


@dataclass(frozen=True)
class Figures:
    mentions: int
    type_right: int
    span_errors: int
    alias_pairs: int
    attached: int
    attached_same: int
    same: int

    @property
    def type_accuracy(self) -> float:
        return self.type_right / self.mentions if self.mentions else 0.0

    @property
    def alias_precision(self) -> float:
        return self.attached_same / self.attached if self.attached else 1.0

    @property
    def alias_recall(self) -> float:
        return self.attached_same / self.same if self.same else 1.0


def read_jsonl(pattern: str) -> list[dict]:
    rows: list[dict] = []
    for path in sorted(FIXTURES.glob(pattern)):
        with path.open(encoding="utf-8") as lines:
            rows.extend(json.loads(line) for line in lines if line.strip())
    return rows


def mentions() -> list[dict]:
    return read_jsonl("mentions-*.jsonl")


def alias_pairs() -> list[dict]:
    return read_jsonl("aliases-*.jsonl")


def article_text(source: str, doc_id: str) -> ArticleText:
    """The text the labeller gave the stage: ECB+'s first line is the headline; an extraction page is its title as
    ``extract_article`` reads it and its gold body (so extraction errors do not count against the entities stage)."""
    if source == "ecbplus":
        text = _ecbplus_texts()[doc_id]
        head, _, body = text.strip().partition("\n")
        return ArticleText(head.strip()[:200], "\n\n".join(line.strip() for line in body.splitlines() if line.strip()))
    page = gzip.decompress((DATA / "extraction" / "html" / f"{doc_id}.html.gz").read_bytes())
    truth = _extraction_truth()[doc_id]
    return ArticleText(extract_article(page, url=truth["url"]).title, truth["articleBody"])


@cache
def _ecbplus_rows() -> tuple[dict, ...]:
    with (DATA / "ecbplus" / "dev.jsonl").open(encoding="utf-8") as lines:
        return tuple(map(json.loads, lines))


@cache
def _ecbplus_texts() -> dict[str, str]:
    return {row["doc_id"]: row["text"] for row in _ecbplus_rows()}


@cache
def _extraction_truth() -> dict[str, dict]:
    return json.loads((DATA / "extraction" / "ground-truth.json").read_text(encoding="utf-8"))


def understood(docs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Understanding]:
    keys = sorted(set(docs))
    results = understand_many([article_text(source, doc_id) for source, doc_id in keys])
    return dict(zip(keys, results))


def names_by_type(understanding: Understanding) -> dict[str, set[str]]:
    """Every name the stage gives (an entity's name and its aliases, case-folded) and the types it gives it."""
    found: dict[str, set[str]] = {}
    for entity in understanding.entities:
        for name in (entity.name, *entity.aliases):
            found.setdefault(comparable(name), set()).add(entity.type.value)
    return found


def comparable(name: str) -> str:
    """Names compared case-folded, without the trailing full stop of "Jr." or "Inc." (not a span error)."""
    return " ".join(name.split()).rstrip(".").casefold()


def same_entity(understanding: Understanding, first: str, second: str) -> bool:
    wanted = {comparable(first), comparable(second)}
    return any(wanted <= {comparable(n) for n in (e.name, *e.aliases)} for e in understanding.entities)


def score(half: str) -> Figures:
    labelled = [m for m in mentions() if m["half"] == half]
    pairs = [p for p in alias_pairs() if p["half"] == half]
    results = understood([(r["source"], r["doc_id"]) for r in labelled + pairs])
    type_right = span_errors = 0
    for row in labelled:
        found = names_by_type(results[(row["source"], row["doc_id"])])
        names = [comparable(n) for n in (row["mention"], row["gold_span"]) if n]
        if row["gold_type"] == "not_entity":
            type_right += not any(name in found for name in names)
            continue
        type_right += any(row["gold_type"] in found.get(name, set()) for name in names)
        span_errors += bool(row["gold_span"]) and comparable(row["gold_span"]) not in found
    attached = [same_entity(results[(p["source"], p["doc_id"])], p["name"], p["alias"]) for p in pairs]
    return Figures(
        mentions=len(labelled),
        type_right=type_right,
        span_errors=span_errors,
        alias_pairs=len(pairs),
        attached=sum(attached),
        attached_same=sum(a and p["same"] for a, p in zip(attached, pairs)),
        same=sum(p["same"] for p in pairs),
    )
