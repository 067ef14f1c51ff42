"""Filters: source, date range, story, kind and entity, alone and together."""

import uuid
from datetime import timedelta

import pytest
from django.apps import apps

from newsdesk.search.backends.base import FilterUnavailable
from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(outlets, make_article, make_story, filler):
    gazette, wire, courier = outlets[:3]
    storm = [
        make_article("storm-g", gazette, hours_ago=2, title="Storm closes the railway"),
        make_article("storm-w", wire, hours_ago=3, title="Storm damage on the railway line"),
    ]
    other = make_article("storm-old", courier, hours_ago=24 * 10, title="Storm of the decade remembered")
    story = make_story(*storm)
    return {"storm": storm, "other": other, "story": story, "gazette": gazette, "courier": courier}


def test_source_filter_keeps_that_outlets_articles(archive):
    assert titles("storm", sources=(archive["gazette"].pk,)) == ["Storm closes the railway"]
    both = set(titles("storm", sources=(archive["gazette"].pk, archive["courier"].pk)))
    assert both == {"Storm closes the railway", "Storm of the decade remembered"}


def test_date_range_keeps_documents_dated_inside_it(archive, now):
    recent = search("storm", since=now - timedelta(days=1))
    assert sorted((h.kind, h.title) for h in recent.hits) == [
        ("article", "Storm closes the railway"),
        ("article", "Storm damage on the railway line"),
        ("story", archive["story"].headline),
    ]
    assert titles("storm", until=now - timedelta(days=1)) == ["Storm of the decade remembered"]
    assert titles("storm", since=now - timedelta(hours=2, minutes=30), kinds=("article",)) == [
        "Storm closes the railway"
    ]


def test_story_filter_keeps_the_storys_articles(archive):
    found = set(titles("storm", story=archive["story"].pk))
    assert found == {"Storm closes the railway", "Storm damage on the railway line"}


def test_kind_filter_separates_articles_and_stories(archive):
    stories = search("storm", kinds=("story",)).hits
    assert [(h.kind, h.story_id) for h in stories] == [("story", archive["story"].pk)]
    assert {h.kind for h in search("storm", kinds=("article",)).hits} == {"article"}
    assert {h.kind for h in search("storm").hits} == {"article", "story"}


def test_filters_combine(archive, now):
    assert titles("storm", sources=(archive["gazette"].pk,), until=now - timedelta(days=1)) == []
    assert titles("railway", story=archive["story"].pk, sources=(archive["gazette"].pk,)) == [
        "Storm closes the railway"
    ]


ENTITIES = apps.is_installed("newsdesk.entities")


@pytest.mark.skipif(not ENTITIES, reason="the entities app is not installed")
def test_entity_filter_keeps_articles_mentioning_it_or_an_entity_merged_into_it(archive, client):
    from newsdesk.entities.models import Entity, Mention

    brannoch = Entity.objects.create(
        id=uuid.uuid4(), key="event:storm brannoch", name="Storm Brannoch", type=Entity.Type.ORG
    )
    alias = Entity.objects.create(
        id=uuid.uuid4(), key="event:brannoch", name="Brannoch", type=Entity.Type.ORG, merged_into=brannoch
    )
    Mention.objects.create(entity=brannoch, article=archive["storm"][0])
    Mention.objects.create(entity=alias, article=archive["other"])
    assert set(titles("storm", entity=brannoch.pk)) == {"Storm closes the railway", "Storm of the decade remembered"}
    assert titles("storm", entity=alias.pk) == ["Storm of the decade remembered"]
    api = client.get("/api/v1/search", {"q": "storm", "entity": str(brannoch.pk)}).json()["items"]
    assert {i["article"]["id"] for i in api} == {str(archive["storm"][0].pk), str(archive["other"].pk)}


@pytest.mark.skipif(ENTITIES, reason="the entities app is installed")
def test_entity_filter_says_what_it_needs_until_the_entities_app_is_installed(archive, client):
    with pytest.raises(FilterUnavailable, match="entities app"):
        search("storm", entity=uuid.uuid4())
    response = client.get("/api/v1/search", {"q": "storm", "entity": str(uuid.uuid4())})
    assert response.status_code == 400 and "entities app" in response.json()["detail"]


def test_a_deleted_storys_filter_finds_nothing(archive, django_capture_on_commit_callbacks):
    from newsdesk.stories.models import Story

    story_id = archive["story"].pk
    with django_capture_on_commit_callbacks(execute=True):
        Story.objects.filter(pk=story_id).delete()  # its articles stay, in no story
    assert titles("storm", story=story_id) == []
    assert len(titles("storm")) == 3  # the articles are still found without the filter
    Story.objects.create(id=story_id, headline="A new story under the old ID")  # e.g. made again by clustering
    assert titles("storm", story=story_id) == []


@pytest.mark.skipif(not ENTITIES, reason="the entities app is not installed")
def test_the_entities_stage_makes_its_mentions_filterable(archive):
    from newsdesk.entities.store import store_understanding
    from newsdesk.pipeline.entities.values import EntityType, FoundEntity, KeyFacts, Understanding

    railway = FoundEntity(type=EntityType.ORG, name="Northern Railway", key="org:northern railway")
    store_understanding(
        archive["storm"][1],
        Understanding(entities=(railway,), dates=(), key_facts=KeyFacts(who=(railway,), what="", where=(), when=None)),
    )
    from newsdesk.entities.models import Entity

    entity = Entity.objects.get(key="org:northern railway")
    assert titles("storm", entity=entity.pk) == ["Storm damage on the railway line"]
    assert titles("railway", entity=entity.pk, sources=(archive["gazette"].pk,)) == []
