"""The story desk carries a split, merge or adoption into the database: moved articles and their copies
change story, and a story merged away (or left empty by an adoption) keeps its address (a redirect to the
story it went into)."""

import pytest

from newsdesk.articles.models import Article
from newsdesk.ingest.filing import StoryDesk
from newsdesk.pipeline.features import featurize
from newsdesk.stories.models import Story, story_id_for
from tests.pipeline.test_cluster import ARTICLES


@pytest.fixture
def report(make_article, now):
    """A stored, featurized article with the text of one of the test reports (a ``-copy`` key: the same text)."""

    def article(key, hours_ago, outlet, **fields):
        title, text = ARTICLES[key.removesuffix("-copy")]
        return make_article(
            key,
            outlet,
            hours_ago=hours_ago,
            title=title,
            text=text,
            fetched_at=now,
            features=featurize(title, text).to_dict(),
            **fields,
        )

    return article


@pytest.fixture
def mixed_story(outlets, make_story, report):
    """Two articles about the Qeshm quake and one about the Aceh quake in one story, as a young story can be."""
    article = report
    qeshm = [article("qeshm-reuters", 5, outlets[0]), article("qeshm-bbc", 4, outlets[1])]
    aceh = article("aceh-ap", 3, outlets[2])
    story = make_story(*qeshm, aceh)
    copy = article("aceh-ap-copy", 2.5, outlets[3], duplicate_of=aceh, story=story)
    late = article("aceh-afp", 2, outlets[3])
    return story, qeshm, aceh, copy, late


def test_filing_that_splits_a_story_moves_the_other_event_and_its_copies(mixed_story):
    story, qeshm, aceh, copy, late = mixed_story
    StoryDesk().load()  # files the late Aceh article: it joins, and the story is then split

    late.refresh_from_db()
    new_story = Story.objects.get(pk=story_id_for(aceh.pk))
    assert late.story_id == new_story.pk
    assert set(new_story.articles.values_list("pk", flat=True)) == {aceh.pk, copy.pk, late.pk}
    assert set(story.articles.values_list("pk", flat=True)) == {a.pk for a in qeshm}
    moved = Article.objects.get(pk=aceh.pk)
    assert moved.cluster_evidence["second_thought"] == "split"
    assert moved.cluster_evidence["moved_from"] == str(story.pk)
    assert moved.cluster_evidence["shared_entities"]  # measured against its new companions
    story.refresh_from_db(), new_story.refresh_from_db()
    assert (story.article_count, new_story.article_count) == (2, 3)
    assert "Aceh" in new_story.headline and "Qeshm" in story.headline


def test_a_story_editors_closed_is_not_split(mixed_story):
    story, qeshm, aceh, copy, late = mixed_story
    Story.objects.filter(pk=story.pk).update(is_locked=True)
    desk = StoryDesk().load()

    late.refresh_from_db()
    assert late.story_id == story_id_for(late.pk)  # a story of its own, as for any closed story
    assert set(story.articles.values_list("pk", flat=True)) == {*(a.pk for a in qeshm), aceh.pk, copy.pk}
    assert len(desk.clusterer.stories[str(story.pk)].members) == 3  # whole in the index too


def test_filing_that_shows_two_stories_tell_one_event_merges_them_and_keeps_the_old_address(
    client, outlets, make_story, report
):
    article = report
    older = make_story(article("qeshm-reuters", 5, outlets[0]))
    newer = make_story(article("qeshm-bbc", 4, outlets[1]))
    newer_address = newer.get_absolute_url()
    late = article("qeshm-irna", 3, outlets[2])
    StoryDesk().load()

    assert not Story.objects.filter(pk=newer.pk).exists()
    assert set(older.articles.values_list("url_key", flat=True)) == {"qeshm-reuters", "qeshm-bbc", "qeshm-irna"}
    moved = Article.objects.get(url_key="qeshm-bbc")
    assert moved.cluster_evidence["second_thought"] == "merge"
    assert moved.cluster_evidence["moved_from"] == str(newer.pk)
    older.refresh_from_db()
    assert (older.article_count, older.outlet_count) == (3, 3)
    late.refresh_from_db()
    assert late.story_id == older.pk
    response = client.get(newer_address)  # the merged story's address lives on
    assert (response.status_code, response["Location"]) == (301, older.get_absolute_url())


QESHM_FOLLOW_UPS = {
    "qeshm-ap": (
        "Qeshm quake toll stays at 10 as aftershocks rattle island",
        "Aftershocks shook Qeshm island on Monday, a day after a magnitude 5.9 earthquake killed 10 "
        "people in southern Iran. Hormozgan governor Ali Reza Shahsavari said rescue teams from Bandar "
        "Abbas had reached every village on Qeshm.",
    ),
    "qeshm-afp": (
        "Iran's Qeshm island counts the cost of deadly quake",
        "Villagers on Qeshm cleared rubble after Sunday's 5.9 magnitude earthquake, which killed 10 "
        "people. Governor Shahsavari said aid from Bandar Abbas had reached the island's villages and "
        "dozens of injured were in hospital.",
    ),
}


def test_a_growing_story_adopts_a_lone_report_of_its_event_and_the_lone_story_keeps_its_address(
    client, outlets, make_story, make_article, report, now
):
    from newsdesk.pipeline.cluster import ClusterConfig

    main = make_story(report("qeshm-reuters", 6, outlets[0]), report("qeshm-bbc", 5, outlets[1]))
    lone = make_story(report("qeshm-irna", 4, outlets[2]))
    lone_address = lone.get_absolute_url()
    for hours_ago, (key, (title, text)) in zip((3, 2), QESHM_FOLLOW_UPS.items()):
        make_article(
            key,
            outlets[3],
            hours_ago=hours_ago,
            title=title,
            text=text,
            fetched_at=now,
            features=featurize(title, text).to_dict(),
        )
    # Merges with the runner-up off: the lone story would be the follow-ups' runner-up, and a merge is tested
    # above; adoption takes in what no arriving report names.
    StoryDesk(cluster_config=ClusterConfig(merge_runner_up=1.1)).load()

    assert not Story.objects.filter(pk=lone.pk).exists()
    assert set(main.articles.values_list("url_key", flat=True)) == {
        "qeshm-reuters",
        "qeshm-bbc",
        "qeshm-irna",
        *QESHM_FOLLOW_UPS,
    }
    adopted = Article.objects.get(url_key="qeshm-irna")
    assert adopted.cluster_evidence["second_thought"] == "adopt"
    assert adopted.cluster_evidence["moved_from"] == str(lone.pk)
    response = client.get(lone_address)
    assert (response.status_code, response["Location"]) == (301, main.get_absolute_url())
    assert "grown enough" in client.get(main.get_absolute_url()).content.decode()
