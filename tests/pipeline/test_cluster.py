"""Story clustering on hand-written articles: two look-alike earthquakes, two rehab check-ins, one match."""

from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.pipeline.cluster import OnlineClusterer, StoryDoc
from newsdesk.pipeline.features import DocFeatures, featurize

T0 = datetime(2024, 3, 1, 8, tzinfo=UTC)
ARTICLES = {
    # event A: a quake on Qeshm island, Iran
    "qeshm-reuters": (
        "Quake kills 10 on Iran's Qeshm island",
        "A magnitude 5.9 earthquake struck Qeshm island in southern Iran on Sunday, killing at least "
        "10 people and injuring dozens, Iranian state media said. The quake hit villages near Bandar "
        "Abbas. Hormozgan governor Ali Reza Shahsavari said rescue teams had reached every village.",
    ),
    "qeshm-bbc": (
        "Deadly earthquake hits Iranian island",
        "At least 10 people died when an earthquake of magnitude 5.9 shook Qeshm, an island in the Gulf "
        "near Bandar Abbas, on Sunday. Governor Shahsavari said dozens were injured and rescue teams "
        "were searching collapsed homes in Qeshm's villages.",
    ),
    "qeshm-irna": (
        "Rescue work continues on Qeshm after quake",
        "Rescuers on Qeshm island searched rubble on Monday after Sunday's 5.9 magnitude earthquake "
        "killed 10 people. The Hormozgan governor, Ali Reza Shahsavari, said aid had reached the "
        "island from Bandar Abbas and that 80 people were treated in hospital.",
    ),
    # event B: a different quake, in Aceh, Indonesia, the same week
    "aceh-ap": (
        "Earthquake kills 3 in Indonesia's Aceh",
        "A magnitude 6.2 earthquake struck Aceh province in Indonesia on Tuesday, killing 3 people and "
        "damaging a mosque in Bireuen, the disaster agency said. Agency spokesman Sutopo Purwo Nugroho "
        "said 40 people were injured and hundreds of homes were damaged.",
    ),
    "aceh-afp": (
        "Indonesia quake: three dead in Aceh",
        "Three people died and 40 were injured when a 6.2 magnitude earthquake hit Aceh on Tuesday, "
        "Indonesia's disaster agency said. Spokesman Sutopo Purwo Nugroho said a mosque in Bireuen "
        "collapsed and rescue teams were checking villages across Aceh.",
    ),
    # a third kind: a football match
    "match": (
        "Arsenal beat Chelsea 3-1",
        "Arsenal beat Chelsea 3-1 at the Emirates on Saturday. Bukayo Saka scored twice and Martin Odegaard "
        "added a third before Cole Palmer replied for Chelsea. Mikel Arteta praised his side's pressing.",
    ),
}


def doc(doc_id, hours=0.0, source=None):
    title, text = ARTICLES[doc_id]
    return StoryDoc(doc_id, featurize(title, text), T0 + timedelta(hours=hours), source or doc_id.split("-")[-1])


@pytest.fixture
def clusterer():
    return OnlineClusterer()


def test_same_event_from_different_outlets_joins_one_story(clusterer):
    first = clusterer.assign(doc("qeshm-reuters"))
    assert first.new_story and first.story_id == "qeshm-reuters" and first.evidence is None
    for hours, doc_id in enumerate(["qeshm-bbc", "qeshm-irna"], start=1):
        joined = clusterer.assign(doc(doc_id, hours))
        assert (joined.story_id, joined.new_story) == ("qeshm-reuters", False)
        assert "qeshm" in joined.evidence.shared_terms + joined.evidence.shared_entities
        assert joined.evidence.score >= clusterer.config.threshold
        assert joined.evidence.embedding_similarity is not None


def test_look_alike_events_in_the_same_week_stay_apart(clusterer):
    stories = {
        doc_id: clusterer.assign(doc(doc_id, i)).story_id
        for i, doc_id in enumerate(["qeshm-reuters", "aceh-ap", "qeshm-bbc", "aceh-afp", "match"])
    }
    assert stories["qeshm-bbc"] == stories["qeshm-reuters"]
    assert stories["aceh-afp"] == stories["aceh-ap"]
    assert stories["aceh-ap"] != stories["qeshm-reuters"]
    assert stories["match"] not in (stories["aceh-ap"], stories["qeshm-reuters"])
    assert len(clusterer) == 3


def test_forbidden_story_is_never_chosen_again(clusterer):
    clusterer.assign(doc("qeshm-reuters"))
    assert clusterer.assign(doc("qeshm-bbc", 1)).story_id == "qeshm-reuters"
    clusterer.forbid("qeshm-bbc", "qeshm-reuters")  # an editor: not this story
    assert clusterer.story_of.get("qeshm-bbc") is None
    again = clusterer.assign(doc("qeshm-bbc", 2))
    assert again.new_story and again.story_id != "qeshm-reuters"


def test_add_places_a_doc_without_deciding_and_remove_updates_the_story(clusterer):
    clusterer.add("story-1", doc("qeshm-reuters"))
    clusterer.add("story-1", doc("aceh-ap"))  # e.g. loaded from the database as stored
    assert clusterer.story_of["aceh-ap"] == "story-1" and len(clusterer) == 1
    before = clusterer.explain(doc("aceh-afp"), "story-1").score
    clusterer.remove("qeshm-reuters")
    after = clusterer.explain(doc("aceh-afp"), "story-1")
    assert after.score > before  # the summary now describes Aceh only
    clusterer.remove("aceh-ap")
    assert len(clusterer) == 0


def test_merge_moves_every_article_and_keeps_the_forbid(clusterer):
    clusterer.add("a", doc("qeshm-reuters"))
    clusterer.add("b", doc("qeshm-bbc"))
    clusterer.forbid("match", "b")
    clusterer.merge("a", "b")
    assert len(clusterer) == 1 and clusterer.story_of["qeshm-bbc"] == "a"
    assert clusterer.assign(doc("qeshm-irna", 3)).story_id == "a"
    assert clusterer._forbidden["match"] == {"a"}


def test_explain_says_why_an_article_is_in_its_story(clusterer):
    clusterer.assign(doc("qeshm-reuters"))
    clusterer.assign(doc("qeshm-bbc", 1))
    evidence = clusterer.explain(doc("qeshm-bbc", 1), "qeshm-reuters")
    assert evidence.score >= clusterer.config.threshold
    assert {"qeshm", "shahsavari"} & set(evidence.shared_entities)
    assert evidence.term_similarity > 0.2


def test_expire_drops_old_stories_from_the_index(clusterer):
    clusterer.assign(doc("qeshm-reuters", 0))
    clusterer.assign(doc("match", 24 * 5))
    assert clusterer.expire(T0 + timedelta(days=2)) == 1
    assert len(clusterer) == 1 and "qeshm-reuters" not in clusterer.story_of
    assert not any("qeshm-reuters" in posting for posting in clusterer.index.postings.values())
    late = clusterer.assign(doc("qeshm-bbc", 24 * 6))  # its story has aged out: a new one starts
    assert late.new_story


def test_a_doc_is_assigned_once():
    clusterer = OnlineClusterer()
    clusterer.assign(doc("match"))
    with pytest.raises(ValueError, match="remove"):
        clusterer.assign(doc("match"))


def synthetic(event: int, copy: int) -> StoryDoc:
    terms = {f"ev{event}w{k}": 2.0 for k in range(4)} | {f"topic{event % 30}w{k}": 1.5 for k in range(6)}
    terms |= {"said": 1.0, "officials": 1.0, f"extra{copy}": 1.0}
    features = DocFeatures(
        exact_hash=f"{event}-{copy}",
        minhash=(),
        terms=terms,
        entities=(f"person{event}", f"place{event % 50}"),
        embedding=None,
    )
    return StoryDoc(f"e{event}c{copy}", features, T0 + timedelta(minutes=event), "wire")


def test_candidates_come_from_the_index_not_a_scan_of_every_story():
    clusterer = OnlineClusterer()
    for event in range(3000):
        clusterer.add(f"story{event}", synthetic(event, 0))
    before = clusterer.comparisons
    joined = [clusterer.assign(synthetic(event, 1)) for event in range(0, 3000, 60)]
    per_article = (clusterer.comparisons - before) / len(joined)
    assert all(a.story_id == f"story{int(a.doc_id[1:].split('c')[0])}" for a in joined)
    assert per_article <= clusterer.config.candidates
    assert per_article < len(clusterer) / 100
