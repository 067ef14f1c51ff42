"""What is not a person, organisation or place, and what the words next to a name say it is (issue 16): small
texts written for each rule, read by the real model."""

from newsdesk.pipeline.entities import ArticleText, understand_many
from newsdesk.pipeline.entities.context import TextClues, named_like_a_place
from newsdesk.pipeline.entities.kinds import is_event, is_product, is_technical_term
from newsdesk.pipeline.entities.ner import Span
from newsdesk.pipeline.entities.spans import corrected
from newsdesk.pipeline.entities.values import EntityType


def kinds(title: str, body: str) -> dict[str, EntityType]:
    return {e.name: e.type for e in understand_many([ArticleText(title, body)])[0].entities}


def test_a_title_case_headline_phrase_that_the_story_never_uses_is_no_one():
    found = kinds(
        "Driver Charged In Queens Crash That Killed Teenager",
        "A 23-year-old man was charged on Sunday after his car struck a teenager in Queens, police said.",
    )

    assert "Driver Charged" not in found  # the model reads it as a person
    assert found["Queens"] == EntityType.PLACE


def test_technical_terms_and_events_are_no_one_but_the_maker_and_the_people_stay():
    found = kinds(
        "New routers reviewed",
        "Netgear sells the Nighthawk X4 with RGB lights, and its AC speed matched the CPU. The Monster Energy "
        "NASCAR Cup Series resumes in Dover, Delaware on Sunday, said Bob Smith of Netgear Inc.",
    )

    for thing in ("RGB", "AC", "CPU", "Monster Energy NASCAR Cup Series"):
        assert thing not in found  # the model reads each as an organisation
    assert found["Netgear"] == EntityType.ORG
    assert found["Dover"] == EntityType.PLACE
    assert found["Bob Smith"] == EntityType.PERSON


def test_what_a_product_or_an_event_is_named_like():
    for product in ("Nighthawk X4", "BlackBerry Q10", "Switch Lite", "MacBook Pro", "Google Stadia", "Xeon"):
        assert is_product(product), product
    for name in ("Philadelphia 76ers", "67th Precinct", "Interstate 805", "PIX11", "Nintendo", "LA Galaxy"):
        assert not is_product(name), name
    assert is_event("Macworld Expo") and is_event("World Cup")
    assert not is_event("Missouri Valley Conference")  # an athletic conference is an organisation
    assert is_technical_term("Wi-Fi") and not is_technical_term("NYPD")


def test_a_role_or_an_age_next_to_a_name_makes_it_a_person():
    found = kinds("Pirro speaks", "Fox News host Jeanine Pirro said on Sunday that the vote was fair.")
    assert found["Jeanine Pirro"] == EntityType.PERSON  # the model reads an organisation
    assert found["Fox News"] == EntityType.ORG

    clues = TextClues(
        "US President Donald Trump spoke. A 23 - year - old Vishwanand Subryan was charged. "
        "Kelby Marsh, 35, was hurt. Sgt. Ann Lee said so. Shares of Fox News rose. The host Jeanine Pirro’s show."
    )
    for person in ("Donald Trump", "Vishwanand Subryan", "Kelby Marsh", "Ann Lee", "Jeanine Pirro"):
        assert clues.called_a_person(person), person
    assert not clues.called_a_person("Fox News")


def test_a_street_or_a_stadium_the_model_calls_a_facility_is_a_place():
    found = kinds(
        "Shooting in Brooklyn",
        "A teenager was shot on Snyder Avenue in Brooklyn on Sunday. The Seahawks play at Qwest Field. "
        "The president met them in the Cabinet Room.",
    )

    assert found["Snyder Avenue"] == EntityType.PLACE
    assert found["Qwest Field"] == EntityType.PLACE
    assert "Cabinet Room" not in found  # a facility, but not named like a place


def test_place_words_and_distances_make_a_place():
    assert named_like_a_place("Sioux Falls") and named_like_a_place("Anderson Springs")
    assert named_like_a_place("Lassen National Forest")
    text = "The quake struck 12 miles northwest of Kelby Marsh, near the town of Orrin Vale."
    clues = TextClues(text)
    for name in ("Kelby Marsh", "Orrin Vale"):
        start = text.index(name)
        assert clues.read_as_a_place([(start, start + len(name))]) == (1, 0), name


def test_a_lower_case_word_that_opens_a_span_is_not_part_of_the_name():
    text = "He robbed a Rite Aid, the state Department of Public Safety said; Vincent van Gogh and al-Rifai were not there."

    def span(surface: str, label: str) -> Span:
        start = text.index(surface)
        return Span(surface, label, start, start + len(surface))

    found = corrected(text, [span("a Rite Aid", "ORG"), span("state Department of Public Safety", "ORG")])
    assert [s.text for s in found] == ["Rite Aid", "Department of Public Safety"]
    assert [s.start for s in found] == [text.index("Rite"), text.index("Department")]
    kept = [span("van Gogh", "PERSON"), span("al-Rifai", "PERSON"), span("the state", "ORG")]
    assert corrected(text, kept) == kept  # name particles; "the" is for clean_surface


def test_a_car_of_some_year_and_a_secretarys_portfolio_are_no_one():
    found = kinds(
        "Crash",
        "Ken Salazar was struck by a man driving his 2013 Toyota Camry on Sunday, and Interior Secretary Ken Salazar "
        "said so.",
    )
    assert "Toyota" not in found and "Interior" not in found  # the model reads organisations
    assert found["Ken Salazar"] == EntityType.PERSON

    found = kinds("Crash", "He drove his 2013 Toyota Camry. The Toyota plant in Georgetown is safe, Ken Salazar said.")
    assert found["Toyota"] == EntityType.ORG  # one mention names the company


def test_a_plural_name_after_a_citys_is_a_team():
    found = kinds("Hockey", "The Seattle Seahawks beat the Buffalo Sabres on Sunday. The Sabres scored twice.")
    assert found["Sabres"] == EntityType.ORG  # the model reads a person
