"""A name the small model reads as an organisation in one article and as a place in another (a town it does
not know) is one entity across the archive, and it is a place once any article's text showed it is one."""

from datetime import timedelta

import pytest

from newsdesk.entities.models import Entity, Mention
from newsdesk.entities.store import store_understanding
from newsdesk.pipeline.entities.values import EntityType, FoundEntity, KeyFacts, Understanding

pytestmark = pytest.mark.django_db


def understood(*entities: FoundEntity) -> Understanding:
    people = tuple(e for e in entities if e.type != EntityType.PLACE)
    places = tuple(e for e in entities if e.type == EntityType.PLACE)
    return Understanding(
        entities=entities,
        dates=(),
        key_facts=KeyFacts(who=people, what="Something happened there.", where=places, when=None),
    )


def read_as(entity_type: EntityType, name: str) -> FoundEntity:
    return FoundEntity(type=entity_type, name=name, key=f"{entity_type}:{name.lower()}")


def test_an_organisation_reading_then_a_place_reading_are_one_place(make_source, make_article):
    source = make_source("Metro Wire")
    first = make_article("first", source)
    second = make_article("second", source, hours_ago=0.5)
    third = make_article("third", source, hours_ago=0.2)

    store_understanding(first, understood(read_as(EntityType.ORG, "Marrowgate")))
    store_understanding(second, understood(read_as(EntityType.PLACE, "Marrowgate")))
    analysis = store_understanding(
        third, understood(read_as(EntityType.ORG, "Marrowgate"), read_as(EntityType.PERSON, "Ayo Strand"))
    )

    marrowgate = Entity.objects.get(name="Marrowgate")
    assert marrowgate.type == Entity.Type.PLACE
    assert Mention.objects.filter(entity=marrowgate).count() == 3
    assert marrowgate.article_count == 3
    # The third article read it as an organisation; its key facts list it where it belongs.
    assert [ref["name"] for ref in analysis.key_facts["where"]] == ["Marrowgate"]
    assert [ref["name"] for ref in analysis.key_facts["who"]] == ["Ayo Strand"]


def test_a_person_and_an_organisation_of_one_name_keep_the_first_reading(make_source, make_article):
    source = make_source("Metro Wire")
    first, second = make_article("first", source), make_article("second", source, hours_ago=0.5)

    store_understanding(first, understood(read_as(EntityType.PERSON, "Dorota Finch")))
    store_understanding(second, understood(read_as(EntityType.ORG, "Dorota Finch")))

    finch = Entity.objects.get(name="Dorota Finch")
    assert finch.type == Entity.Type.PERSON and finch.article_count == 2


def test_a_place_the_gazetteer_resolved_is_never_joined_to_a_name_of_another_kind(seed_article, make_article):
    from newsdesk.entities.understand import understand_pending

    understand_pending()  # the seed resolves Iraq, Baghdad, Anbar ... to gazetteer places
    later = make_article("later", seed_article.source, published_at=seed_article.published_at + timedelta(days=1))
    store_understanding(later, understood(read_as(EntityType.ORG, "Iraq")))

    assert Entity.objects.filter(key="org:iraq").exists()
    assert Entity.objects.get(key="org:iraq").type == Entity.Type.ORG
