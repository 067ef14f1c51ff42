"""Second thoughts for lone articles: a story that grows takes in the articles left alone nearby whose best
story it now is, and leaves alone the ones about something else and the ones editors placed."""

from dataclasses import replace

import pytest

from newsdesk.pipeline.bcubed import bcubed
from newsdesk.pipeline.cluster import ClusterConfig, OnlineClusterer
from newsdesk.pipeline.cluster.evaluate import publication_order, run_ours
from tests.pipeline.test_cluster import doc
from tests.support.ecbplus import ecbplus_half_data
from tests.support.halves import HELD_OUT


def _grown(clusterer: OnlineClusterer, *, lone_pinned: bool = False) -> None:
    # Two Qeshm reports in one story, and a third left alone (as an early decision can leave it), beside an
    # Aceh quake story and a football match.
    clusterer.add("qeshm-reuters", doc("qeshm-reuters", hours=0))
    clusterer.add("qeshm-reuters", doc("qeshm-bbc", hours=1))
    clusterer.add("qeshm-irna", doc("qeshm-irna", hours=2), pinned=lone_pinned)
    clusterer.add("aceh-ap", doc("aceh-ap", hours=3))
    clusterer.add("match", doc("match", hours=4))


def _qeshm_follow_up(hours: float, n: int):
    return replace(doc("qeshm-bbc", hours=hours), doc_id=f"qeshm-follow-up-{n}")


# Merges with the runner-up off: the lone story is the arriving reports' runner-up, which a merge would
# already settle; adoption is for lone articles no arriving report names.
ADOPTING_ONLY = ClusterConfig(merge_runner_up=1.1)


def test_a_growing_story_takes_in_a_lone_article_of_its_event():
    clusterer = OnlineClusterer(ADOPTING_ONLY)
    _grown(clusterer)
    first = clusterer.assign(_qeshm_follow_up(5, 1))  # three articles: not a checking size
    assert first.story_id == "qeshm-reuters" and first.moved == ()
    second = clusterer.assign(_qeshm_follow_up(6, 2))  # four
    assert second.second_thought == "adopt" and second.moved == (("qeshm-irna", "qeshm-reuters"),)
    assert clusterer.story_of["qeshm-irna"] == "qeshm-reuters" and "qeshm-irna" not in clusterer.stories
    assert clusterer.story_of["aceh-ap"] == "aceh-ap" and clusterer.story_of["match"] == "match"


def test_lone_articles_an_editor_placed_or_took_out_stay_where_they_are():
    pinned = OnlineClusterer(ADOPTING_ONLY)
    _grown(pinned, lone_pinned=True)
    for n in (1, 2):
        assert pinned.assign(_qeshm_follow_up(4 + n, n)).moved == ()
    assert pinned.story_of["qeshm-irna"] == "qeshm-irna"

    forbidden = OnlineClusterer(ADOPTING_ONLY)
    _grown(forbidden)
    forbidden.forbid("qeshm-irna", "qeshm-reuters")
    for n in (1, 2):
        assert forbidden.assign(_qeshm_follow_up(4 + n, n)).moved == ()
    assert forbidden.story_of["qeshm-irna"] == "qeshm-irna"


@pytest.mark.quality
def test_adoption_gains_recall_on_ecbplus_and_costs_no_precision_to_speak_of():
    half = ecbplus_half_data(HELD_OUT)
    shipped, without = ClusterConfig(), ClusterConfig(adopt_checks=())
    runs = [
        (
            bcubed(run_ours(stream, half.features, shipped), half.gold),
            bcubed(run_ours(stream, half.features, without), half.gold),
        )
        for stream in (publication_order(half.docs, seed=seed, days=10) for seed in range(3))
    ]
    # Measured on the held-out half (385 documents, seeds 0-2) with the weights refit in issue 15: recall gain
    # +0.0058, F1 gain +0.0053, precision +0.000, -0.0008 and +0.0154. On the fit half the gain is below these
    # floors: recall +0.0027, F1 +0.0007, precision -0.0047, 0 and 0. Before the refit, held out: recall +0.011, F1
    # +0.0036, precision +0.000, -0.0106 and -0.0048 (seeds 0-11 lost up to -0.026, at seed 10). Reproduce:
    # `bench/clustering.py --halves --ablations` and tests/support/halves.py.
    recall_gain = sum(a.recall - b.recall for a, b in runs) / len(runs)
    f1_gain = sum(a.f1 - b.f1 for a, b in runs) / len(runs)
    assert recall_gain > 0.003 and f1_gain > 0.002
    assert all(a.precision > b.precision - 0.015 for a, b in runs)
