"""The held-out half of ECB+ (real articles, look-alike event pairs) through the evaluator: a floor, not a
benchmark."""

import pytest

from newsdesk.pipeline.bcubed import bcubed
from newsdesk.pipeline.cluster import ClusterConfig
from newsdesk.pipeline.cluster.evaluate import publication_order, run_ours, run_tfidf_baseline
from tests.support.ecbplus import ecbplus_half_data
from tests.support.halves import HELD_OUT

# The baseline's threshold as tuned on the fit half (odd topics, seeds 0-11: `bench/clustering.py --halves`).
BASELINE_THRESHOLD = 0.175


@pytest.mark.quality
def test_ecbplus_held_out_half_clusters_look_alike_events_apart_better_than_tfidf():
    half = ecbplus_half_data(HELD_OUT)  # 17 even topics, 385 documents
    stream = publication_order(half.docs, seed=0, days=10)
    ours = bcubed(run_ours(stream, half.features, ClusterConfig()), half.gold)
    baseline = bcubed(run_tfidf_baseline(stream, BASELINE_THRESHOLD), half.gold)
    # Measured on the held-out half, seed 0: ours F1 0.957, baseline 0.889 (margin 0.068; over seeds 0-11
    # 0.950 against 0.899). On the fit half: 0.960 against 0.881 at seed 0. (With the weights before issue 15:
    # 0.935 against 0.889 held out.) The F1 floor leaves room for harmless changes (0.035 below the held-out
    # measurement, as before); the margin's floor is the held-out measurement less 0.018.
    assert ours.f1 >= 0.92
    assert ours.f1 > baseline.f1 + 0.05
