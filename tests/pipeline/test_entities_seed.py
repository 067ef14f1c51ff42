"""The seed article (AP via military.com): every person, organisation and place it names is found, its
aliases merged, its places resolved, and its key facts are the ones a reader would pick."""

from datetime import UTC, date, datetime

import pytest

from newsdesk.pipeline.entities import ArticleText, understand_many
from newsdesk.pipeline.entities.values import EntityType
from tests.support.seed import load_seed

PUBLISHED = datetime(2025, 3, 15, 14, 30, tzinfo=UTC)  # a Saturday


@pytest.fixture(scope="module")
def understood():
    seed = load_seed()
    return understand_many([ArticleText(seed.title, "\n\n".join(seed.paragraphs), PUBLISHED)])[0]


def by_name(understood):
    return {e.name: e for e in understood.entities}


def test_every_person_is_found_once_under_the_full_name(understood):
    people = {e.name for e in understood.entities if e.type == EntityType.PERSON}
    assert people == {
        "Abdallah Maki Mosleh al-Rifai",
        "Mohammed Shia al-Sudani",
        "Fouad Hussein",
        "Bashar Assad",
        "Asaad Hassan al-Shibani",
    }


def test_nickname_and_surname_resolve_to_the_full_name(understood):
    rifai = by_name(understood)["Abdallah Maki Mosleh al-Rifai"]
    assert {"Abu Khadija", "al-Rifai"} <= set(rifai.aliases)
    assert rifai.count >= 4  # the full name, "al-Rifai’s", "Abu Khadija" twice
    assert "al-Sudani" in by_name(understood)["Mohammed Shia al-Sudani"].aliases
    assert "Assad" in by_name(understood)["Bashar Assad"].aliases


def test_isis_is_and_islamic_state_are_one_organisation(understood):
    orgs = [e for e in understood.entities if e.type == EntityType.ORG]
    islamic_state = [e for e in orgs if e.name == "Islamic State"]
    assert len(islamic_state) == 1
    assert {"ISIS", "IS"} <= set(islamic_state[0].aliases)
    assert not any(e.name in {"ISIS", "IS", "the Islamic State"} for e in understood.entities)


def test_described_organisations_are_found(understood):
    orgs = {e.name for e in understood.entities if e.type == EntityType.ORG}
    assert "Iraq’s national intelligence service" in orgs
    assert "U.S.-led coalition" in orgs
    assert "Coordination Framework" in orgs


def test_places_resolve_to_country_region_and_coordinates(understood):
    places = {e.name: e.place for e in understood.entities if e.type == EntityType.PLACE}
    assert {"Iraq", "Syria", "Turkey", "Jordan", "Lebanon", "Iran", "Baghdad", "Damascus", "Al Anbar"} <= set(places)
    anbar = places["Al Anbar"]
    assert (anbar.country, anbar.region, anbar.kind) == ("Iraq", "Al Anbar", "region")
    assert 32 < anbar.latitude < 35 and 40 < anbar.longitude < 45
    assert places["Damascus"].country == "Syria"  # not Damascus, Maryland
    assert places["Baghdad"].country == "Iraq"


def test_key_facts(understood):
    facts = understood.key_facts
    who = {e.name for e in facts.who}
    assert {"Abdallah Maki Mosleh al-Rifai", "Iraq’s national intelligence service", "U.S.-led coalition"} <= who
    assert facts.what.startswith("The head of the Islamic State in Iraq and Syria has been killed")
    where = {e.name for e in facts.where}
    assert {"Al Anbar", "Iraq"} <= where
    assert facts.when.text == "Friday" and facts.when.date == date(2025, 3, 14)


def test_relative_dates_resolve_against_publication(understood):
    resolved = {d.text: d for d in understood.dates}
    assert resolved["Friday"].date == date(2025, 3, 14)
    assert resolved["Last year"].date.year == 2024 and resolved["Last year"].label == "2024"
