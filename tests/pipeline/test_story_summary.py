"""The multi-document story summariser: sentences of the articles, no repeats, each cited, in reading order."""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations

from newsdesk.pipeline.article_summary import split_sentences
from newsdesk.pipeline.story_summary import (
    SourceDocument,
    SourceSentence,
    StorySummaryConfig,
    sentence_similarity,
    summarise_story,
    target_count,
)
from tests.support.shared_data import shared_path


def document(key: str, text: str) -> SourceDocument:
    return SourceDocument(key, tuple(SourceSentence(s, i) for i, s in enumerate(split_sentences(text))))


GAZETTE = document(
    "gazette",
    (
        "Storm Brannoch flooded the quayside in Harbourtown overnight, forcing 40 families from their homes. "
        "Firefighters pumped water from shops along Quay Street until dawn. "
        "The council opened the sports hall on Mill Road as a shelter for those who had to leave. "
        "Forecasters expect the wind to ease by Thursday afternoon."
    ),
)
WIRE = document(
    "wire",
    (
        "Storm Brannoch flooded the quayside in Harbourtown overnight, forcing 40 families from their homes. "
        "Power was cut to 3,000 homes across the county for several hours. "
        "A spokesman for the harbour authority said the sea wall had held, but water came over it at high tide. "
        "Insurers said it was too early to put a figure on the damage."
    ),
)
COURIER = document(
    "courier",
    (
        "Clean-up crews began clearing mud from Quay Street on Wednesday after the storm. "
        "Shopkeepers said they hoped to reopen by the weekend. "
        "The council said the sports hall shelter would stay open for as long as needed."
    ),
)


def test_a_sentence_two_outlets_carry_appears_once_citing_both():
    summary = summarise_story([GAZETTE, WIRE, COURIER])
    texts = [s.text for s in summary.sentences]
    lead = "Storm Brannoch flooded the quayside in Harbourtown overnight, forcing 40 families from their homes."
    assert texts.count(lead) == 1
    cited = next(s for s in summary.sentences if s.text == lead)
    assert cited.cites == ("gazette", "wire")
    assert summary.sentences[0].text == lead  # leads come first


def test_every_sentence_is_a_sentence_of_its_article_at_its_position():
    documents = {d.key: d for d in (GAZETTE, WIRE, COURIER)}
    summary = summarise_story(list(documents.values()))
    assert 3 <= len(summary.sentences) <= 5
    for sentence in summary.sentences:
        source = documents[sentence.source]
        assert source.sentences[sentence.position].text == sentence.text
        assert sentence.cites[0] == sentence.source


def test_a_sentence_is_quoted_without_the_dateline_of_the_outlet_that_filed_it():
    wire = document(
        "wire",
        "STANNARD CROSS, 23 November (Metro Wire) — Power was cut to 3,000 homes across the "
        "county for several hours as Storm Brannoch flooded the quayside. "
        + " ".join(s.text for s in WIRE.sentences[2:]),
    )
    summary = summarise_story([wire, COURIER])

    lead = next(s for s in summary.sentences if s.source == "wire" and s.position == 0)
    assert lead.text == (
        "Power was cut to 3,000 homes across the county for several hours as Storm Brannoch flooded the quayside."
    )
    assert wire.sentences[0].text.endswith(lead.text)


def test_no_two_sentences_say_nearly_the_same():
    config = StorySummaryConfig()
    summary = summarise_story([GAZETTE, WIRE, COURIER], config)
    for a, b in combinations(summary.sentences, 2):
        assert sentence_similarity(a.text, b.text) <= 0.6
    # Without the redundancy penalty and cap, the two shelter sentences can both be picked.
    eager = summarise_story(
        [GAZETTE, WIRE, COURIER], StorySummaryConfig(mmr_lambda=1.0, max_similarity=1.0, cite_similarity=1.01), count=5
    )
    assert len(eager.sentences) == 5


def test_length_grows_with_the_number_of_articles_within_three_to_five():
    assert len(summarise_story([GAZETTE]).sentences) == 3
    assert len(summarise_story([GAZETTE, WIRE, COURIER]).sentences) == 4
    config = StorySummaryConfig()
    assert [target_count(n, config) for n in (1, 2, 3, 4, 5, 12)] == [3, 3, 4, 4, 5, 5]


def test_sentences_already_written_are_not_repeated():
    lead = GAZETTE.sentences[0].text
    summary = summarise_story([GAZETTE, WIRE], count=2, avoid=(lead,))
    assert lead not in [s.text for s in summary.sentences]


def test_no_documents_or_no_sentences_give_an_empty_summary():
    assert summarise_story([]).sentences == ()
    assert summarise_story([SourceDocument("empty", ())]).sentences == ()


def test_on_real_ecbplus_events_the_summary_cites_real_sentences_without_repeats():
    events = defaultdict(list)
    for line in shared_path("ecbplus", "dev.jsonl").read_text().splitlines():
        row = json.loads(line)
        events[row["cluster"]].append(row)
    checked = 0
    for cluster, rows in sorted(events.items())[:10]:
        documents = [document(row["doc_id"], row["text"]) for row in rows[:8]]
        summary = summarise_story(documents)
        assert 3 <= len(summary.sentences) <= 5, cluster
        by_key = {d.key: d for d in documents}
        for sentence in summary.sentences:
            for key in sentence.cites:  # every cited article carries the sentence, near enough
                assert max(sentence_similarity(sentence.text, s.text) for s in by_key[key].sentences) >= 0.75
        for a, b in combinations(summary.sentences, 2):
            assert sentence_similarity(a.text, b.text) <= 0.6, (cluster, a.text, b.text)
        checked += 1
    assert checked == 10


def test_a_story_of_one_article_is_that_articles_cleaned_lead():
    # Ranking one article's sentences fell below Lead-3 on a half of CNN/DM dev it was not fitted on.
    only = document(
        "only",
        (
            "By Jane Doe, CNN\n\n"
            "WASHINGTON (CNN) -- The Senate passed the budget bill on Friday after a debate that ran all night. "
            "It was close. "
            "Senators from both parties said the spending caps would be revisited in the autumn session. "
            "The budget bill now goes to the House, where leaders expect a vote next week on the spending caps."
        ),
    )
    summary = summarise_story([only])
    assert [(s.position, s.text, s.cites) for s in summary.sentences] == [
        (1, "The Senate passed the budget bill on Friday after a debate that ran all night.", ("only",)),
        (2, "It was close.", ("only",)),
        (3, "Senators from both parties said the spending caps would be revisited in the autumn session.", ("only",)),
    ]


def test_a_one_article_lead_skips_what_an_avoided_sentence_already_says():
    lead = GAZETTE.sentences[0].text
    summary = summarise_story([GAZETTE], count=2, avoid=(lead,))
    assert [s.position for s in summary.sentences] == [1, 2]
