"""What a story derives from its articles: ``refresh_from_articles()``, and the stable story ID."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from newsdesk.articles.models import Article
from newsdesk.stories.models import BREADTH_HOURS, Story, story_id_for
from newsdesk.stories.services import refresh_or_delete

pytestmark = pytest.mark.django_db


def test_story_id_is_stable_and_not_the_article_id():
    article_id = uuid.UUID("0b1d3f4e-0000-5000-8000-000000000001")
    assert story_id_for(article_id) == story_id_for(str(article_id))
    assert story_id_for(article_id) != article_id
    assert story_id_for(article_id).version == 5


def test_duplicates_count_as_articles_but_not_as_outlets(outlets, make_article, make_story):
    gazette, wire, courier = outlets[:3]
    original = make_article("wire-1", wire, hours_ago=5)
    copies = [
        make_article("gazette-copy", gazette, hours_ago=4, duplicate_of=original),
        make_article("courier-copy", courier, hours_ago=3, duplicate_of=original),
    ]
    own = make_article("courier-own", courier, hours_ago=2)

    story = make_story(original, *copies, own)

    assert story.article_count == 4
    assert story.outlet_count == 2  # the wire and the courier's own report; the copies add no breadth
    assert {a.pk for a in copies} <= set(story.articles.values_list("pk", flat=True))


def test_one_outlet_with_many_articles_is_one_outlet(outlets, make_article, make_story):
    story = make_story(*(make_article(f"wire-{n}", outlets[1], hours_ago=n) for n in range(1, 4)))
    assert (story.article_count, story.outlet_count) == (3, 1)


def test_headline_times_and_rank_come_from_the_articles(outlets, make_article, make_story, now):
    copy_first = make_article("copy", outlets[0], hours_ago=9, title="UPDATE 1-Copy seen first")
    first = make_article("first", outlets[1], hours_ago=8, title="Storm floods the quayside")
    latest = make_article("latest", outlets[2], hours_ago=1, title="Quayside clean-up begins")
    Article.objects.filter(pk=copy_first.pk).update(duplicate_of=latest)

    story = make_story(copy_first, first, latest)

    assert story.headline == "Storm floods the quayside"  # the earliest original, not the earlier copy
    assert story.first_published_at == now - timedelta(hours=9)
    assert story.updated_at == now - timedelta(hours=1)
    assert story.outlet_count == 2
    expected_boost = timedelta(hours=BREADTH_HOURS * 1.0986122886681098)  # ln(1 + 2 outlets)
    assert abs(story.rank_at - (story.updated_at + expected_boost)) < timedelta(seconds=1)


def test_editor_headline_is_kept_over_the_computed_one(outlets, make_article, make_story):
    story = make_story(make_article("a", outlets[0], title="Computed headline"))
    story.headline_override = "Editor's headline"
    story.refresh_from_articles()
    assert Story.objects.get().headline == "Editor's headline"


def test_summary_is_made_of_the_first_articles_sentences_each_citing_its_article(outlets, make_article, make_story):
    short = make_article(
        "short", outlets[0], hours_ago=3, summary="Short.", summary_sentences=[{"text": "Short.", "position": 0}]
    )
    long = make_article(
        "long",
        outlets[1],
        hours_ago=2,
        summary="A much longer summary of the event.",
        summary_sentences=[{"text": "A much longer summary of the event.", "position": 2}],
    )
    story = make_story(short, long)
    assert {
        "text": "A much longer summary of the event.",
        "position": 2,
        "article": str(long.pk),
        "cites": [str(long.pk)],
    } in story.summary_sentences
    assert "A much longer summary of the event." in story.summary
    assert story.summary_mode == "extractive"


def test_only_published_articles_count(outlets, make_article, make_story):
    ready = make_article("ready", outlets[0])
    pending = make_article("pending", outlets[1], status=Article.Status.PENDING)
    story = make_story(ready, pending)
    assert (story.article_count, story.outlet_count) == (1, 1)


def test_key_terms_are_the_ones_most_articles_share(outlets, make_article, make_story):
    def features(*terms):
        return {"terms": {t: 1.0 for t in terms}, "entities": ["brannoch"]}

    story = make_story(
        make_article("a", outlets[0], features=features("storm", "flood", "quay")),
        make_article("b", outlets[1], features=features("storm", "flood", "bridge")),
        make_article("c", outlets[2], features=features("storm", "school")),
    )
    assert story.key_terms[:3] == ["brannoch", "storm", "flood"]


def test_key_terms_fall_back_to_evidence_then_headlines(outlets, make_article, make_story):
    story = make_story(
        make_article("a", outlets[0], title="Bridge reopens in Saltmarket"),
        make_article(
            "b",
            outlets[1],
            title="Saltmarket bridge open again",
            cluster_evidence={"shared_terms": ["bridge"], "shared_entities": ["saltmarket"]},
        ),
    )
    assert set(story.key_terms[:2]) == {"bridge", "saltmarket"}


def test_a_future_publication_date_ranks_as_now(outlets, make_article, make_story, now):
    future = make_story(make_article("future", outlets[0], hours_ago=-48))
    assert future.updated_at == now + timedelta(hours=48)  # shown as the outlet dated it
    assert future.rank_at < now + timedelta(hours=1 + BREADTH_HOURS)  # but no head start for it


def test_refresh_or_delete_drops_a_story_whose_articles_are_gone(outlets, make_article, make_story):
    kept = make_story(make_article("a", outlets[0]), make_article("b", outlets[1]))
    gone = make_story(make_article("c", outlets[2]))
    Article.objects.filter(source__in=outlets[1:3]).delete()  # as `sources remove` does

    refresh_or_delete(Story.objects.all())

    assert list(Story.objects.values_list("pk", "article_count", "outlet_count")) == [(kept.pk, 1, 1)]
    assert gone.pk not in Story.objects.values_list("pk", flat=True)
