"""The text around a name corrects the small model's guess of its kind: towns it has never seen, named
storms, people it took for organisations. On the demo newsroom's own articles (fictional places, so the
gazetteer cannot help) and on small texts written for each rule."""

import re
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

from newsdesk.pipeline.datelines import without_dateline
from newsdesk.pipeline.entities import ArticleText, understand_many
from newsdesk.pipeline.entities.context import (
    TextClues,
    is_named_storm,
    named_like_a_place,
    named_like_an_organisation,
)
from newsdesk.pipeline.entities.values import EntityType

NEWSROOM = Path(__file__).resolve().parents[2] / "newsdesk" / "demo" / "newsroom"
PUBLISHED = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def demo_article(path: str) -> ArticleText:
    html = (NEWSROOM / path).read_text()
    text = trafilatura.extract(html, include_comments=False)
    title = trafilatura.extract_metadata(html).title
    return ArticleText(title, text.replace("\n", "\n\n"), PUBLISHED)


def kinds(understanding) -> dict[str, EntityType]:
    return {e.name: e.type for e in understanding.entities}


def test_a_demo_storm_report_names_its_towns_as_places_and_its_storm_as_no_one():
    result = understand_many(
        [demo_article("www.metro-wire.example/news/storm-brannoch-cuts-power-closes-railway.html")]
    )[0]
    found = kinds(result)

    assert found["Stannard Cross"] == EntityType.PLACE  # the dateline
    assert found["Brennholt"] == EntityType.PLACE  # "swept across Brennholt"
    assert "Storm Brannoch" not in found  # an event: neither who nor where
    assert all(e.name != "Storm Brannoch" for e in (*result.key_facts.who, *result.key_facts.where))
    assert not result.key_facts.what.startswith("STANNARD CROSS")


def test_dateline_forms():
    def dateline(body):
        return TextClues(body).dateline

    assert dateline("STANNARD CROSS, 24 November (Metro Wire) — Train drivers voted.") == "stannard cross"
    assert dateline("WASHINGTON (Reuters) - The Senate voted.") == "washington"
    assert dateline("PORT ELLERY — The bridge reopened.") == "port ellery"
    assert dateline("Train drivers at Brennholt Railways have voted.") is None
    assert dateline("A BBC report - published today - said so.") is None  # not at a dash after the name
    assert TextClues("Headline\n\nLONDON — Rain.", body_start=10).dateline == "london"
    assert without_dateline("LONDON, Jan 5 (Reuters) - the pound fell.") == "The pound fell."
    assert without_dateline("The pound fell.") == "The pound fell."


def test_names_that_say_what_they_are():
    assert named_like_a_place("Saltmarket Bridge") and named_like_a_place("Skerrow Isles")
    assert named_like_a_place("River Dunmere") and named_like_a_place("Port Ellery")
    assert not named_like_a_place("Port Ellery Athletic")  # a club named after its town
    assert not named_like_a_place("Nathan Lane") and not named_like_a_place("Damon Hill")
    assert is_named_storm("Storm Brannoch") and is_named_storm("Hurricane Ida") and is_named_storm("Tropical Storm Ana")
    assert not is_named_storm("Stormzy") and not is_named_storm("Storm")


def occurrences(text, name):
    return [m.span() for m in re.finditer(name, text)]


def test_the_words_around_a_name():
    text = "Floods spread across Kelderwick. Kelderwick said nothing. In Kelderwick, shops shut."
    assert TextClues(text).read_as_a_place(occurrences(text, "Kelderwick")) == (2, 1)  # "across", "In"; "said"
    assert TextClues("Dr Marwood led the survey.").called_a_person("Ilse Marwood")
    assert TextClues("said festival organiser Dorota Finch.").called_a_person("Dorota Finch")
    assert not TextClues("said rail operator Brennholt Railways.").called_a_person("Brennholt Railways")
    assert named_like_an_organisation("Brennholt Railways") and named_like_an_organisation("Civic Union")
    assert not named_like_an_organisation("Railways")
    text = "Turnout was 58 per cent. The union reported a turnout of 84 per cent. Trump said so."
    assert TextClues(text).only_a_capitalised_word("Turnout", occurrences(text, "Turnout"))
    assert not TextClues(text).only_a_capitalised_word("Trump", occurrences(text, "Trump"))  # never lower case
    text = "Rain fell. This report was supplied by Metro Wire. (Reporting by Jane Doe)"
    assert TextClues(text).only_credited(occurrences(text, "Metro Wire"))
    assert TextClues(text).only_credited(occurrences(text, "Jane Doe"))
    text = "Metro Wire said rain fell. This report was supplied by Metro Wire."
    assert not TextClues(text).only_credited(occurrences(text, "Metro Wire"))
    text = "He met Turnout in town. A turnout."
    assert not TextClues(text).only_a_capitalised_word("Turnout", occurrences(text, "Turnout"))  # mid-sentence


def test_a_person_is_never_made_a_place_by_a_letter_from_them():
    result = understand_many(
        [
            ArticleText(
                "Minister answers critics",
                "A letter from Jane Okafor reached the council on Monday. Jane Okafor said the plan was sound, and "
                "the council in Leeds agreed to consider it.",
                PUBLISHED,
            )
        ]
    )[0]

    assert kinds(result)["Jane Okafor"] == EntityType.PERSON
