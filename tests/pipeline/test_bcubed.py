import pytest

from newsdesk.pipeline.bcubed import bcubed


def test_bcubed_matches_a_hand_computed_example():
    # gold: {a,b,c} {d,e}; predicted: {a,b} {c,d,e}
    gold = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    # precision per doc: a 2/2, b 2/2, c 1/3, d 2/3, e 2/3  -> 11/3 / 5 = 11/15
    # recall per doc:    a 2/3, b 2/3, c 1/3, d 2/2, e 2/2  -> 11/3 / 5 = 11/15
    result = bcubed(predicted, gold)
    assert result.precision == pytest.approx(11 / 15)
    assert result.recall == pytest.approx(11 / 15)
    assert result.f1 == pytest.approx(11 / 15)


def test_one_cluster_and_singletons_are_the_two_extremes():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    lumped = bcubed({d: 0 for d in gold}, gold)
    assert (lumped.precision, lumped.recall) == (pytest.approx(0.5), pytest.approx(1.0))
    split = bcubed({d: d for d in gold}, gold)
    assert (split.precision, split.recall) == (pytest.approx(1.0), pytest.approx(0.5))
    assert bcubed({"a": 5, "b": 5, "c": 6, "d": 6}, gold).f1 == pytest.approx(1.0)


def test_every_gold_document_needs_a_prediction():
    with pytest.raises(ValueError, match="no predicted cluster"):
        bcubed({"a": 1}, {"a": 1, "b": 1})
