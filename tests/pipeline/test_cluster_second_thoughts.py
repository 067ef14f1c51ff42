"""Second thoughts: a story of two look-alike events is split, one event filed as two stories is merged, and
editors' stories stay whole."""

from dataclasses import replace

import pytest

from newsdesk.pipeline.bcubed import bcubed
from newsdesk.pipeline.cluster import ClusterConfig, OnlineClusterer
from newsdesk.pipeline.cluster.evaluate import publication_order, run_ours
from tests.pipeline.test_cluster import doc
from tests.support.ecbplus import ecbplus_half_data
from tests.support.halves import HELD_OUT


def _mixed_story(clusterer: OnlineClusterer, *, pin: bool = False) -> None:
    # Two articles about the Qeshm quake and one about the Aceh quake, filed together (as a young story
    # can be, on little evidence), then a second Aceh article arrives.
    for i, doc_id in enumerate(("qeshm-reuters", "qeshm-bbc", "aceh-ap")):
        clusterer.add("qeshm-reuters", doc(doc_id, hours=i), pinned=pin and doc_id == "qeshm-bbc")


def test_a_story_of_two_events_is_split_and_the_first_article_keeps_its_story():
    clusterer = OnlineClusterer()
    _mixed_story(clusterer)
    assignment = clusterer.assign(doc("aceh-afp", hours=3))
    assert assignment.second_thought == "split" and assignment.placed_in == "qeshm-reuters"
    assert assignment.moved == (("aceh-ap", "aceh-ap"), ("aceh-afp", "aceh-ap"))
    assert assignment.story_id == "aceh-ap"
    assert set(clusterer.stories["qeshm-reuters"].members) == {"qeshm-reuters", "qeshm-bbc"}
    assert clusterer.story_of["aceh-ap"] == clusterer.story_of["aceh-afp"] == "aceh-ap"
    # The new story is retrievable like any other: the next Aceh article finds it.
    follow_up = replace(doc("aceh-afp", hours=4), doc_id="aceh-follow-up")
    assert clusterer.assign(follow_up).story_id == "aceh-ap"


def test_a_story_holding_an_article_an_editor_placed_is_never_split():
    clusterer = OnlineClusterer()
    _mixed_story(clusterer, pin=True)
    assignment = clusterer.assign(doc("aceh-afp", hours=3))
    assert assignment.moved == () and assignment.second_thought is None
    assert len(clusterer.stories["qeshm-reuters"].members) == 4


def test_a_story_an_editor_merged_is_never_split():
    clusterer = OnlineClusterer()
    for i, doc_id in enumerate(("qeshm-reuters", "qeshm-bbc")):
        clusterer.add("qeshm-reuters", doc(doc_id, hours=i))
    clusterer.add("aceh-ap", doc("aceh-ap", hours=2))
    clusterer.merge("qeshm-reuters", "aceh-ap")
    assert clusterer.assign(doc("aceh-afp", hours=3)).moved == ()


def test_one_event_is_not_split():
    clusterer = OnlineClusterer()
    for i, doc_id in enumerate(("qeshm-reuters", "qeshm-bbc", "qeshm-irna")):
        clusterer.add("qeshm-reuters", doc(doc_id, hours=i))
    follow_up = replace(doc("qeshm-bbc", hours=4), doc_id="qeshm-follow-up")
    assignment = clusterer.assign(follow_up)
    assert assignment.story_id == "qeshm-reuters" and assignment.moved == ()


def _one_event_in_two_stories(clusterer: OnlineClusterer, *, pin: bool = False) -> None:
    clusterer.add("qeshm-reuters", doc("qeshm-reuters", hours=0))
    clusterer.add("qeshm-bbc", doc("qeshm-bbc", hours=1), pinned=pin)


def test_one_event_filed_as_two_stories_is_merged_into_the_older():
    clusterer = OnlineClusterer()
    _one_event_in_two_stories(clusterer)
    assignment = clusterer.assign(doc("qeshm-irna", hours=2))
    assert assignment.second_thought == "merge"
    assert assignment.story_id == "qeshm-reuters"
    assert set(clusterer.stories) == {"qeshm-reuters"}
    assert set(clusterer.stories["qeshm-reuters"].members) == {"qeshm-reuters", "qeshm-bbc", "qeshm-irna"}
    assert ("qeshm-bbc", "qeshm-reuters") in assignment.moved


def test_stories_are_not_merged_against_an_editor():
    pinned = OnlineClusterer()
    _one_event_in_two_stories(pinned, pin=True)  # an editor put qeshm-bbc where it is
    assert pinned.assign(doc("qeshm-irna", hours=2)).moved == ()
    closed = OnlineClusterer()
    _one_event_in_two_stories(closed)
    closed.keep_whole("qeshm-bbc")  # an editor closed that story
    assert closed.assign(doc("qeshm-irna", hours=2)).moved == ()
    forbidden = OnlineClusterer()
    _one_event_in_two_stories(forbidden)
    forbidden.forbid("qeshm-reuters", "qeshm-bbc")  # an editor took it out of the other
    forbidden.add("qeshm-reuters", doc("qeshm-reuters", hours=0))
    assert forbidden.assign(doc("qeshm-irna", hours=2)).moved == ()
    assert len(forbidden.stories) == 2


def test_different_events_are_not_merged():
    clusterer = OnlineClusterer()
    clusterer.add("qeshm-reuters", doc("qeshm-reuters", hours=0))
    clusterer.add("aceh-ap", doc("aceh-ap", hours=1))
    assert clusterer.assign(doc("aceh-afp", hours=2)).moved == ()
    assert len(clusterer.stories) == 2


@pytest.mark.quality
def test_second_thoughts_improve_ecbplus_where_look_alike_events_merged_early():
    half = ecbplus_half_data(HELD_OUT)
    stream = publication_order(half.docs, seed=0, days=10)
    rethinking = bcubed(run_ours(stream, half.features, ClusterConfig()), half.gold)
    first_thoughts_only = ClusterConfig(split_checks=(), merge_runner_up=1.1)
    without = bcubed(run_ours(stream, half.features, first_thoughts_only), half.gold)
    # Measured on the held-out half (385 documents, seed 0), with the weights refit in issue 15: precision
    # 0.995 with second thoughts, 0.950 without (+0.046); F1 0.957 against 0.940 (+0.017). On the fit half
    # the gains are larger (seed 0: precision +0.136, F1 +0.061): what holds on unseen topics is the precision.
    # (Before the refit: held-out precision +0.028, F1 +0.0002 at seed 0; over seeds 0-11 precision +0.016 to
    # +0.077, F1 -0.019 to +0.036.) The precision floor is the held-out measurement less 0.016.
    # Reproduce: `bench/clustering.py --halves --ablations` and tests/support/halves.py.
    assert rethinking.precision > without.precision + 0.03
    assert rethinking.f1 > without.f1 - 0.01


def test_an_article_an_editor_took_out_of_a_story_stays_out_after_that_story_is_merged():
    clusterer = OnlineClusterer()
    _one_event_in_two_stories(clusterer)
    clusterer.add("qeshm-bbc", doc("aceh-ap", hours=1))
    clusterer.forbid("aceh-ap", "qeshm-bbc")  # an editor took it out of that story
    assert clusterer.assign(doc("qeshm-irna", hours=2)).second_thought == "merge"
    assert "qeshm-reuters" in clusterer._forbidden["aceh-ap"]  # the merged story holds qeshm-bbc's articles
