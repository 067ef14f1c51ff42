"""The signals that tell look-alike events apart by when and by whom: the calendar days reports name, and the
names in their headlines and first lines."""

from dataclasses import replace

import pytest

from newsdesk.pipeline.bcubed import bcubed
from newsdesk.pipeline.cluster import ClusterConfig
from newsdesk.pipeline.cluster.evaluate import publication_order, run_ours
from newsdesk.pipeline.cluster.signals import Side, conflict_signals
from newsdesk.pipeline.named_dates import day_numbers
from tests.support.ecbplus import ecbplus_half_data
from tests.support.halves import HELD_OUT


def _side(*, actor=None, lead_names=(), days=()):
    return Side(
        years=(),
        months=(),
        actor=None,
        persons=(),
        names=(),
        days=day_numbers(days),
        lead_actor=actor,
        lead_names=frozenset(lead_names),
    )


def test_reports_naming_the_same_day_match_and_a_lead_person_missing_from_the_other_lead_conflicts():
    williams = _side(actor="williams", lead_names={"jamal williams", "williams", "chargers"}, days=("2009-02-01",))
    jackson = _side(actor="jackson", lead_names={"vincent jackson", "jackson", "chargers"})
    retold = _side(actor="williams", lead_names={"williams", "jackson", "chargers"}, days=("--02-02",))
    assert conflict_signals(williams, jackson)["lead_actor_mismatch"] == 1.0
    assert conflict_signals(williams, retold)["lead_actor_mismatch"] == 0.0
    assert conflict_signals(jackson, retold)["lead_actor_mismatch"] == 0.0  # names Jackson up front too
    assert conflict_signals(williams, retold)["date_match"] == 1.0
    assert conflict_signals(williams, jackson)["date_match"] == 0.0


@pytest.mark.quality
def test_dates_and_lead_names_keep_real_look_alike_events_apart():
    half = ecbplus_half_data(HELD_OUT)  # every topic pairs two look-alike events
    shipped = ClusterConfig()
    weights = dict(shipped.weights)
    weights.update(date_match=0.0, lead_names_max=0.0, lead_actor_mismatch=0.0)
    blind = replace(shipped, weights=tuple(weights.items()))

    def mean_f1(config):
        runs = [
            bcubed(run_ours(publication_order(half.docs, seed=seed, days=10), half.features, config), half.gold).f1
            for seed in range(3)
        ]
        return sum(runs) / len(runs)

    # Measured on the held-out half (385 documents, 34 events; seeds 0-2) with the weights refit in issue 15:
    # 0.953 with the signals, 0.934 without (+0.019; the fit half +0.035). Before the refit: +0.011 held out
    # (every seed of 0-11 gained, +0.004 to +0.031, mean +0.019) and +0.048 on the fit half (seeds 0-2),
    # and the three look-alike topics the signals were written for (20, 24, 35) 0.907 against 0.785: on topics
    # they were not written for the gain is real but a quarter as large. Reproduce: `bench/clustering.py
    # --halves` and tests/support/halves.py.
    with_signals, without = mean_f1(shipped), mean_f1(blind)
    assert with_signals > without + 0.01  # the held-out measurement less 0.009
