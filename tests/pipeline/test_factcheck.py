"""The fact check a generated sentence must pass before publication: citations, names, numbers, dates, quotes."""

from __future__ import annotations

import json
import re

import pytest

from newsdesk.pipeline.article_summary import split_sentences
from newsdesk.pipeline.factcheck import check_sentence, citations_before_stops, names, numbers, parse_cited
from tests.support.halves import HELD_OUT, cnndm_half
from tests.support.shared_data import shared_path

# The opening of the first ECB+ document (People, 2008), as the article a model was given.
REID = {
    1: "Perennial party girl Tara Reid checked herself into Promises Treatment Center, her rep told People. "
    "`` We appreciate your respect to her and her family's privacy at this time, '' the 33-year-old "
    "actress's rep Jack Ketsoyan told the magazine exclusively for their Web site. Ketsoyan would not say "
    "what the `` American Pie '' star was being treated for. A friend of the actress told People she went "
    "to Promises on Tuesday and that her friends and family supported her decision.",
    2: "Donald Tusk, the prime minister, said on 5 May 2014 that 1,200 soldiers and three helicopters had been "
    'sent to the flooded south, at a cost of $2.5 million. "We will not leave anyone behind," he said.',
}


def verdict(sentence: str):
    text, cites = parse_cited(sentence)
    return check_sentence(text, cites, REID)


@pytest.mark.parametrize(
    "sentence",
    [
        "Tara Reid checked herself into Promises Treatment Center, her representative said [1].",
        'Her rep Jack Ketsoyan asked for respect for "her family\'s privacy at this time" [1].',
        "The 33-year-old actress went to Promises on Tuesday [1].",
        "Prime Minister Donald Tusk said 1,200 soldiers and three helicopters were sent south [2].",
        "On 5 May, Tusk said the effort cost $2.5m [2].",
        "Tusk promised: “We will not leave anyone behind” [2].",
        "The American Pie star's friends supported her decision, People reported [1][2].",
    ],
)
def test_faithful_sentences_pass(sentence):
    result = verdict(sentence)
    assert result.passed, result.reasons
    assert result.checked  # it found what it checked, and says so


@pytest.mark.parametrize(
    "sentence, reason",
    [
        ("Lindsay Lohan checked herself into Promises Treatment Center [1].", "name “Lindsay Lohan”"),
        ("Reid's rep Jack Ketsoyan said she went to Promises on Tuesday [2].", "name “Jack Ketsoyan”"),  # wrong cite
        ("President Andrzej Duda said 1,200 soldiers were sent [2].", "name “President Andrzej Duda”"),
        ("Tusk said 1,500 soldiers were sent [2].", "number “1,500”"),
        ("Tusk said four helicopters were sent [2].", "number “four”"),
        ("The 34-year-old actress checked into Promises [1].", "number “34”"),
        ("The effort cost $3.5 million, Tusk said [2].", "number “3.5 million”"),
        ("Tusk spoke on 6 May [2].", "date “6 May”"),
        ('Tusk said: "We will leave no one behind" [2].', "quotation “We will leave no one behind”"),
        ("Tara Reid checked into Promises [3].", "cites [3], which is not one of the 2 articles given"),
        ("Tara Reid checked into Promises.", "cites no article"),
    ],
)
def test_invented_names_numbers_dates_quotes_and_bad_citations_fail_with_the_reason(sentence, reason):
    result = verdict(sentence)
    assert not result.passed
    assert any(reason in r for r in result.reasons), result.reasons


def test_citations_after_the_full_stop_belong_to_the_sentence_before():
    answer = citations_before_stops("Reid checked in. [1] Tusk spoke on 5 May. [2][1] Nobody else did.")
    assert [parse_cited(s) for s in split_sentences(answer)] == [
        ("Reid checked in.", (1,)),
        ("Tusk spoke on 5 May.", (2, 1)),
        ("Nobody else did.", ()),
    ]


def test_names_are_runs_of_capitals_without_the_sentence_start_word():
    assert names("The Bank of England said Mark Carney met U.S. officials on Tuesday.") == [
        "Bank of England",
        "Mark Carney",
        "U.S.",
        "Tuesday",
    ]


def test_numbers_in_digits_words_and_units_have_one_value():
    assert [v for _, v in numbers("twenty-five people, 2.5 million dollars, 1,200 troops, 40% and 3bn")] == [
        2.5e6,
        1200,
        40,
        3e9,
        25,
    ]


@pytest.mark.quality
def test_most_reference_highlights_of_real_articles_pass_and_a_changed_number_fails():
    """CNN/DailyMail's human-written highlights are faithful to their article, mostly: the check should pass
    most of them (a few name things the article does not), and fail them once a number in them is changed.
    Asserted on the held-out articles (tests/support/halves.py), as every quality figure is."""
    rows = [json.loads(line) for line in shared_path("cnndm", "dev.jsonl").read_text().splitlines()]
    rows = [row for row in rows if cnndm_half(row["id"]) == HELD_OUT]
    passed = total = changed = caught = 0
    for row in rows:
        article = {1: row["article"]}
        for highlight in split_sentences(row["reference"]):
            total += 1
            if not check_sentence(highlight, (1,), article).passed:
                continue
            passed += 1
            match = re.search(r"\b(\d+)\b(?![.,]\d)", highlight)
            if match and int(match.group(1)) > 2:
                wrong = highlight[: match.start()] + str(int(match.group(1)) * 10 + 7) + highlight[match.end() :]
                changed += 1
                caught += not check_sentence(wrong, (1,), article).passed
    # Measured: held-out half 180 of 210 pass (86%), 31 of 32 changed numbers caught; fit half 203 of 237 (86%),
    # 39 of 40; both halves together 383 of 447, 70 of 72 (`bench/factcheck.py`).
    assert passed / total >= 0.8
    assert changed >= 25 and caught / changed >= 0.95
