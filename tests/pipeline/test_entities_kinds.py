"""What is not a person, organisation or place, and what the words next to a name say it is (issue 16): small
texts written for each rule, read by the real model."""

from newsdesk.pipeline.entities import ArticleText, understand_many
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
