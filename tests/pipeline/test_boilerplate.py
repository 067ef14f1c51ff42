"""What precedes the news in an article's opening goes; the news and its positions stay."""

import pytest

from newsdesk.pipeline.article_summary import split_sentences
from newsdesk.pipeline.boilerplate import news_sentences


def lead(text: str, **options) -> list[tuple[int, str]]:
    return news_sentences(list(enumerate(split_sentences(text))), **options)[:2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LONDON (Reuters) - Oil prices fell on Tuesday. Traders were calm.", (0, "Oil prices fell on Tuesday.")),
        ("WASHINGTON — The Senate voted on Friday. It was close.", (0, "The Senate voted on Friday.")),
        ("(CNN) -- A man was arrested on Monday. He denied it.", (0, "A man was arrested on Monday.")),
        ("(CNN)An unmanned spacecraft will re-enter. Kelly said so.", (0, "An unmanned spacecraft will re-enter.")),
        ("Kathmandu, Nepal (CNN)Rescuers pulled a man out. He was stuck.", (0, "Rescuers pulled a man out.")),
        ("(The Hollywood Reporter)Stan Freberg has died. He was 88.", (0, "Stan Freberg has died.")),
        ("HAYWARD, Calif. (AP) — The Latest on a stabbing. More.", (1, "The Latest on a stabbing.")),
        ("NEW DELHI: Nearly 150 Indians returned home. More.", (0, "Nearly 150 Indians returned home.")),
        ("New York, NY – My6sense hired a strategist. More.", (0, "My6sense hired a strategist.")),
        (
            "By . Jane Doe and . John Smith . PUBLISHED: . 08:13 EST, 5 March 2013 . | . UPDATED: . "
            "09:20 EST, 5 March 2013 . A man was found dead on Tuesday. Police said so.",
            (7, "A man was found dead on Tuesday."),
        ),
        (
            "By . Sam Webb . Last updated at 5:25 PM on 3rd December 2011 . Comments (1) . A woman won. She was happy.",
            (4, "A woman won."),
        ),
        (
            "By Jane Doe, CNN\n\nUpdated 1:23 PM ET, Mon March 2, 2015\n\nWASHINGTON (CNN) -- The president spoke. He left.",
            (2, "The president spoke."),
        ),
        ("Photo: Jane Doe/Reuters\n\nThe president spoke on Monday. He left.", (1, "The president spoke on Monday.")),
        (
            "Image copyright Getty Images Image caption Protesters in the square.\n\nThousands marched. Police watched.",
            (1, "Thousands marched."),
        ),
        ("Staff Reports\n\nPolice arrested six people on Monday. More.", (1, "Police arrested six people on Monday.")),
        (
            "Prisoner Carlos Boente (pictured) was jailed for five years for harassment and phone possession "
            "A serving prisoner has been jailed for bombarding a teenager with thousands of texts. More.",
            (0, "A serving prisoner has been jailed for bombarding a teenager with thousands of texts."),
        ),
    ],
)
def test_the_news_starts_after_datelines_bylines_timestamps_and_credits(text, expected):
    assert lead(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Two hostages — an American and an Australian — were released on Tuesday. More.",
        "Published on Monday, the report found that most people were fine. More.",
        "By the time police arrived, the men had gone. More.",
        "Rafael Nadal (Spain) beat Russia in the final. More.",
        "Greater Manchester Police tweeted a warning about wasting time after a man walked in. More.",
        # An unmarked run-in may be the highlight itself: kept unless asked (it lost ROUGE on one dev half).
        "Tom Ballard plans to climb K2, 20 years after his mother died descending from its peak "
        "A climber has set his sights on the summit of K2 twenty years after his mother died. More.",
    ],
)
def test_news_that_only_looks_like_boilerplate_is_left_whole(text):
    assert lead(text)[0] == (0, split_sentences(text)[0])


def test_an_unmarked_run_in_caption_goes_when_asked():
    text = (
        "Tom Ballard plans to climb K2, 20 years after his mother died descending from its peak "
        "A climber has set his sights on the summit of K2 twenty years after his mother died. More."
    )
    assert lead(text, unmarked_captions=True)[0] == (
        0,
        "A climber has set his sights on the summit of K2 twenty years after his mother died.",
    )


def test_a_credit_between_later_paragraphs_goes_and_positions_stay():
    text = "Firefighters fought the blaze overnight.\n\n(AP Photo/John Smith)\n\nThe fire destroyed six homes."
    assert news_sentences(list(enumerate(split_sentences(text)))) == [
        (0, "Firefighters fought the blaze overnight."),
        (2, "The fire destroyed six homes."),
    ]


def test_an_opening_of_nothing_but_boilerplate_leaves_nothing():
    assert news_sentences(list(enumerate(split_sentences("By Jane Doe, CNN\n\nPhoto: Getty Images")))) == []


def test_an_opening_without_boilerplate_is_left_as_written():
    text = "iPhone sales rose in the spring. Analysts were surprised."
    assert lead(text) == [(0, "iPhone sales rose in the spring."), (1, "Analysts were surprised.")]


def test_the_news_after_a_lower_case_dateline_dash_starts_with_a_capital():
    assert lead("PORT ELLERY — the ferry was cancelled on Monday. More.")[0] == (
        0,
        "The ferry was cancelled on Monday.",
    )
