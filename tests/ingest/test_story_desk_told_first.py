"""The story desk tells the clusterer what an article may not join before it assigns (stories editors closed,
stories deleted since they were indexed), so it never undoes a decision; its keys are the stories' IDs; and a
long-running desk reloads itself from the database."""

from datetime import timedelta

import pytest

from newsdesk.articles.models import Article
from newsdesk.ingest.filing import RELOAD_EVERY, StoryDesk
from newsdesk.pipeline.features import featurize
from newsdesk.stories.models import Story, story_id_for
from tests.pipeline.test_cluster import ARTICLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(make_article, now):
    """A stored, featurized article with the text of one of the test reports."""

    def article(key, hours_ago, outlet, **fields):
        title, text = ARTICLES[key]
        fields = {"fetched_at": now, "features": featurize(title, text).to_dict(), **fields}
        return make_article(key, outlet, hours_ago=hours_ago, title=title, text=text, **fields)

    return article


@pytest.fixture
def undo_calls(monkeypatch):
    """Spies on the clusterer calls that would take a decision back: none may happen while filing."""
    calls = []

    def spy_on(desk: StoryDesk) -> StoryDesk:
        for name in ("merge", "remove", "add"):
            real = getattr(desk.clusterer, name)
            monkeypatch.setattr(
                desk.clusterer, name, lambda *args, _name=name, _real=real: (calls.append(_name), _real(*args))[1]
            )
        return desk

    return calls, spy_on


def file_one(desk: StoryDesk, article: Article) -> Article:
    desk.file_all([Article.objects.get(pk=article.pk)])
    return Article.objects.get(pk=article.pk)


def test_an_article_whose_best_story_is_locked_starts_a_new_story_and_nothing_is_undone(
    outlets, make_story, report, undo_calls
):
    calls, spy_on = undo_calls
    locked = make_story(report("qeshm-reuters", 5, outlets[0]), report("qeshm-bbc", 4, outlets[1]))
    Story.objects.filter(pk=locked.pk).update(is_locked=True)
    desk = spy_on(StoryDesk().load())

    late = file_one(desk, report("qeshm-irna", 3, outlets[2]))

    assert late.story_id == story_id_for(late.pk)
    assert calls == []
    assert set(locked.articles.values_list("url_key", flat=True)) == {"qeshm-reuters", "qeshm-bbc"}
    assert set(desk.clusterer.stories[str(locked.pk)].members) == {str(a.pk) for a in locked.articles.all()}


def test_a_story_locked_after_the_desk_loaded_is_not_joined_either(outlets, make_story, report, undo_calls):
    calls, spy_on = undo_calls
    story = make_story(report("qeshm-reuters", 5, outlets[0]), report("qeshm-bbc", 4, outlets[1]))
    desk = spy_on(StoryDesk().load())
    Story.objects.filter(pk=story.pk).update(is_locked=True)  # an editor, in the admin, with no sync since

    late = file_one(desk, report("qeshm-irna", 3, outlets[2]))

    assert late.story_id == story_id_for(late.pk)
    assert calls == []
    assert desk.clusterer.is_closed(str(story.pk))


def test_a_locked_story_is_never_split_by_second_thoughts(outlets, make_story, report, undo_calls):
    calls, spy_on = undo_calls
    # Two Qeshm reports and one Aceh report in one story, as a young story can be: the next Aceh report
    # would split it, were it not locked.
    story = make_story(
        report("qeshm-reuters", 5, outlets[0]), report("qeshm-bbc", 4, outlets[1]), report("aceh-ap", 3, outlets[2])
    )
    desk = spy_on(StoryDesk().load())
    Story.objects.filter(pk=story.pk).update(is_locked=True)

    late = file_one(desk, report("aceh-afp", 2, outlets[3]))

    assert late.story_id == story_id_for(late.pk)
    assert calls == []
    assert set(story.articles.values_list("url_key", flat=True)) == {"qeshm-reuters", "qeshm-bbc", "aceh-ap"}
    assert len(desk.clusterer.stories[str(story.pk)].members) == 3
    assert not Article.objects.filter(cluster_evidence__has_key="second_thought").exists()


def test_a_story_deleted_since_it_was_indexed_is_not_joined(outlets, make_story, report, undo_calls):
    calls, spy_on = undo_calls
    gone = make_story(report("qeshm-reuters", 5, outlets[0]), report("qeshm-bbc", 4, outlets[1]))
    desk = spy_on(StoryDesk().load())
    Article.objects.filter(story=gone).delete()  # e.g. its source removed by another process
    Story.objects.filter(pk=gone.pk).delete()

    late = file_one(desk, report("qeshm-irna", 3, outlets[2]))

    assert late.story_id == story_id_for(late.pk)
    assert calls == []
    assert not Story.objects.filter(pk=gone.pk).exists()  # not brought back by the filing


def test_the_clusterers_key_of_every_story_is_the_story_rows_id(outlets, make_story, report):
    make_story(
        report("qeshm-reuters", 5, outlets[0]), report("qeshm-bbc", 4, outlets[1]), report("aceh-ap", 3, outlets[2])
    )
    report("match", 4, outlets[3])
    late = report("aceh-afp", 2, outlets[3])
    desk = StoryDesk().load()  # files the match (a story of its own) and the late Aceh report (a split)

    assert Article.objects.get(pk=late.pk).cluster_evidence.get("second_thought") == "split"
    filed = Article.objects.filter(url_key__in=["qeshm-reuters", "qeshm-bbc", "aceh-ap", "match", "aceh-afp"])
    assert filed.count() == 5 and len({a.story_id for a in filed}) == 3
    for article in filed:
        assert desk.clusterer.story_of[str(article.pk)] == str(article.story_id)
    assert set(desk.clusterer.stories) == {str(pk) for pk in Story.objects.values_list("pk", flat=True)}


def test_a_long_running_desk_reloads_from_the_database_and_lets_what_aged_out_go(outlets, make_story, report, now):
    old = make_story(report("match", 24 * 9, outlets[0], fetched_at=now - timedelta(days=6, hours=12)))
    recent = make_story(report("qeshm-reuters", 5, outlets[1]))
    desk = StoryDesk().load(now)
    first_clusterer = desk.clusterer
    assert str(old.pk) in desk.clusterer.stories

    later = now + RELOAD_EVERY + timedelta(minutes=1)  # the old article is out of the window by then
    assert desk.sync(later) is desk
    assert desk.clusterer is not first_clusterer
    assert str(old.pk) not in desk.clusterer.stories and str(recent.pk) in desk.clusterer.stories
    late = file_one(desk, report("qeshm-bbc", 4, outlets[2]))
    assert late.story_id == recent.pk
