"""The clusterer is told before it decides: a closed story (or one the caller refuses) is never joined, split,
merged or emptied, and a story the clusterer starts takes the key the caller gives it."""

from newsdesk.pipeline.cluster import OnlineClusterer
from tests.pipeline.test_cluster import doc
from tests.pipeline.test_cluster_adoption import ADOPTING_ONLY, _grown, _qeshm_follow_up
from tests.pipeline.test_cluster_second_thoughts import _mixed_story


def _qeshm_story(clusterer: OnlineClusterer) -> None:
    for i, doc_id in enumerate(("qeshm-reuters", "qeshm-bbc")):
        clusterer.add("qeshm-reuters", doc(doc_id, hours=i))


def test_a_closed_story_is_never_joined_and_the_article_starts_its_own():
    clusterer = OnlineClusterer()
    _qeshm_story(clusterer)
    clusterer.close("qeshm-reuters")
    assignment = clusterer.assign(doc("qeshm-irna", hours=2))
    assert (assignment.story_id, assignment.new_story, assignment.moved) == ("qeshm-irna", True, ())
    assert set(clusterer.stories["qeshm-reuters"].members) == {"qeshm-reuters", "qeshm-bbc"}


def test_a_reopened_story_is_joined_again():
    clusterer = OnlineClusterer()
    _qeshm_story(clusterer)
    clusterer.close("qeshm-reuters")
    clusterer.reopen("qeshm-reuters")
    assert clusterer.assign(doc("qeshm-irna", hours=2)).story_id == "qeshm-reuters"


def test_a_story_the_caller_refuses_is_not_joined_and_stays_closed():
    clusterer = OnlineClusterer()
    _qeshm_story(clusterer)
    asked = []

    def joinable(keys):
        asked.append(list(keys))
        return [k for k in keys if k != "qeshm-reuters"]  # locked or deleted since it was indexed

    assignment = clusterer.assign(doc("qeshm-irna", hours=2), joinable=joinable)
    assert assignment.new_story and assignment.moved == ()
    assert asked == [["qeshm-reuters"]]  # every candidate in one call, before deciding
    assert clusterer.is_closed("qeshm-reuters")
    later = clusterer.assign(doc("aceh-ap", hours=3), joinable=joinable)
    assert "qeshm-reuters" not in sum(asked[1:], [])  # not asked again
    assert later.story_id != "qeshm-reuters"


def test_a_closed_story_is_never_split_and_the_article_that_would_have_split_it_starts_a_story():
    clusterer = OnlineClusterer()
    _mixed_story(clusterer)
    clusterer.close("qeshm-reuters")
    assignment = clusterer.assign(doc("aceh-afp", hours=3))
    assert assignment.moved == () and assignment.second_thought is None
    assert assignment.story_id == "aceh-afp"
    assert set(clusterer.stories["qeshm-reuters"].members) == {"qeshm-reuters", "qeshm-bbc", "aceh-ap"}


def test_a_lone_article_in_a_closed_or_refused_story_is_not_adopted():
    closed = OnlineClusterer(ADOPTING_ONLY)
    _grown(closed)
    closed.close("qeshm-irna")
    for n in (1, 2):
        assert closed.assign(_qeshm_follow_up(4 + n, n)).moved == ()
    assert closed.story_of["qeshm-irna"] == "qeshm-irna"

    refused = OnlineClusterer(ADOPTING_ONLY)
    _grown(refused)
    for n in (1, 2):
        assignment = refused.assign(_qeshm_follow_up(4 + n, n), joinable=lambda keys: set(keys) - {"qeshm-irna"})
        assert assignment.moved == ()
    assert refused.story_of["qeshm-irna"] == "qeshm-irna" and refused.is_closed("qeshm-irna")


def test_new_stories_and_split_off_stories_take_the_callers_key():
    clusterer = OnlineClusterer(story_key=lambda doc_id: f"row-{doc_id}")
    first = clusterer.assign(doc("match"))
    assert first.story_id == "row-match" and clusterer.story_of["match"] == "row-match"
    _mixed_story(clusterer)
    split = clusterer.assign(doc("aceh-afp", hours=3))
    assert split.second_thought == "split"
    assert clusterer.story_of["aceh-ap"] == clusterer.story_of["aceh-afp"] == "row-aceh-ap"


def test_a_key_already_taken_gives_the_next_one_from_the_caller():
    clusterer = OnlineClusterer(story_key=lambda doc_id: f"row-{doc_id}")
    clusterer.add("row-match", doc("qeshm-reuters"))  # "match" once started this story, and has left it
    assert clusterer.assign(doc("match", hours=1)).story_id == "row-match~2"
