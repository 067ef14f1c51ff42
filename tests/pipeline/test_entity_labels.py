"""The hand-labelled entity fixture (issue 16, part 1): well formed, big enough, both halves, and the entities
stage measured against it. The floors are the stage's figures before any issue 16 rule, less a margin; the goals
(type accuracy >= 0.95, alias precision >= 0.98 on the unfitted half) are strict xfails until the rules come."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.support import entity_labels
from tests.support.entity_labels import TYPES, alias_pairs, mentions, score
from tests.support.halves import FIT, HALVES, HELD_OUT


def test_every_labelled_mention_is_well_formed():
    rows = mentions()
    assert len(rows) >= 400
    for row in rows:
        assert row["source"] in ("extraction", "ecbplus"), row
        assert row["half"] in HALVES, row
        assert row["gold_type"] in TYPES, row
        assert row["predicted_type"] in (*TYPES[:3], None), row
        assert row["mention"].strip(), row
        assert row["gold_span"] is None or row["gold_span"].strip(), row
    keys = Counter((r["source"], r["doc_id"], r["mention"]) for r in rows)
    assert [key for key, n in keys.items() if n > 1] == []
    halves = Counter(r["half"] for r in rows)
    assert min(halves[FIT], halves[HELD_OUT]) >= 150, halves


def test_every_alias_pair_is_well_formed():
    pairs = alias_pairs()
    assert len(pairs) >= 100
    for pair in pairs:
        assert pair["half"] in HALVES, pair
        assert isinstance(pair["same"], bool) and isinstance(pair["attached"], bool), pair
        assert pair["name"].strip() and pair["alias"].strip() and pair["name"] != pair["alias"], pair
    assert {p["same"] for p in pairs} == {True, False}
    halves = Counter(p["half"] for p in pairs)
    assert min(halves[FIT], halves[HELD_OUT]) >= 40, halves


def test_the_halves_are_the_documents_halves():
    from tests.support.halves import ecbplus_half, extraction_file_name, extraction_half

    topics = {}
    for row in entity_labels._ecbplus_rows():
        topics[row["doc_id"]] = row["topic"]
    for row in mentions() + alias_pairs():
        expected = (
            ecbplus_half(topics[row["doc_id"]])
            if row["source"] == "ecbplus"
            else extraction_half(extraction_file_name(row["doc_id"]))
        )
        assert row["half"] == expected, row


@pytest.fixture(scope="module")
def figures():
    return {half: score(half) for half in HALVES}


@pytest.mark.quality
def test_the_entities_stage_holds_its_measured_figures(figures):
    # Measured before any issue 16 rule (2026-12-05): type accuracy 0.629 fit / 0.656 held-out, alias precision
    # 0.767 / 0.808 (over all pairs, a third of them picked as hard cases), recall 0.725 / 0.677. With the first
    # rules (types, not-entities and spans from the fit half's errors; aliases only on evidence): type 0.728 /
    # 0.676, alias precision 0.938 / 0.917, recall 0.824 / 0.710. A rule that loses on the held-out half fails
    # here; floors are those figures less about 0.015.
    held_out = figures[HELD_OUT]
    assert held_out.type_accuracy > 0.66
    assert held_out.alias_precision > 0.90
    assert held_out.alias_recall > 0.69
    assert figures[FIT].type_accuracy > 0.71


@pytest.mark.quality
@pytest.mark.xfail(strict=True, reason="issue 16's goals, not met yet by the stage as it stands")
def test_issue_16_goals_on_the_unfitted_half(figures):
    held_out = figures[HELD_OUT]
    assert held_out.type_accuracy >= 0.95
    assert held_out.alias_precision >= 0.98
