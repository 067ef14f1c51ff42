from newsdesk.pipeline.article_summary import SummaryConfig, split_sentences, summarise
from tests.support.seed import load_seed


def test_split_keeps_abbreviations_and_initials_inside_sentences():
    text = "U.S. forces and Dr. Smith met J. Doe on Friday. They spoke for an hour! Was it enough? Nobody knows."
    assert split_sentences(text) == [
        "U.S. forces and Dr. Smith met J. Doe on Friday.",
        "They spoke for an hour!",
        "Was it enough?",
        "Nobody knows.",
    ]


def test_paragraph_breaks_end_sentences():
    assert split_sentences("A headline without a full stop\n\nThe body starts here.") == [
        "A headline without a full stop",
        "The body starts here.",
    ]


def test_seed_summary_has_three_to_five_sentences_of_the_article_in_order_with_positions():
    seed = load_seed()
    text = "\n\n".join(seed.paragraphs)
    sentences = split_sentences(text)
    summary = summarise(text)
    assert 3 <= len(summary.sentences) <= 5
    positions = [s.position for s in summary.sentences]
    assert positions == sorted(positions)
    for chosen in summary.sentences:
        assert sentences[chosen.position] == chosen.text
    assert summary.sentences[0].position == 0  # news leads with the key fact
    assert "Abdallah Maki Mosleh al-Rifai" in summary.text or "Islamic State" in summary.text


def test_three_sentences_by_default_and_more_for_long_articles_when_allowed():
    text = " ".join(f"Sentence number {i} talks about topic {i % 7} in the city council meeting." for i in range(80))
    assert len(summarise(text).sentences) == 3
    assert len(summarise(text, SummaryConfig(max_sentences=5)).sentences) == 5
    assert len(summarise(text, SummaryConfig(max_sentences=4)).sentences) == 4
    short = " ".join(f"Sentence number {i} talks about topic {i} in the city council meeting." for i in range(13))
    assert len(summarise(short, SummaryConfig(max_sentences=5)).sentences) == 3


TEASER = (
    "Four-month-old Noah Monte balances on the palm of his father's hand as he is lifted through the air. "
    "Forget the ABCs. He started performing the act when he was a month old, his parents said on Monday. "
    "Videos of the stunt have been watched more than a million times since they were posted online. "
    "Some viewers have questioned whether it is safe for such a young child."
)


def test_the_summary_is_the_lead_even_with_a_short_aside_in_it():
    # Ranking short fragments lower won on one half of CNN/DM dev and lost on the other: the lead stands.
    assert [s.position for s in summarise(TEASER).sentences] == [0, 1, 2]


def test_the_short_sentence_departure_can_still_be_fitted():
    chosen = [s.position for s in summarise(TEASER, SummaryConfig(short_sentence_words=8)).sentences]
    assert chosen == [0, 2, 3]  # not the three-word aside at position 1


def test_the_lead_starts_after_the_byline_and_keeps_the_article_positions():
    text = (
        "By . Jane Doe . PUBLISHED: . 08:13 EST, 5 March 2013 . | . UPDATED: . 09:20 EST, 5 March 2013 .\n\n"
        "LONDON (Reuters) - A man was found dead in his home in Hackney on Tuesday morning. "
        "Police said they were not looking for anyone else. Neighbours had raised the alarm. "
        "The inquest opens next week."
    )
    summary = summarise(text)
    assert [(s.position, s.text) for s in summary.sentences] == [
        (6, "A man was found dead in his home in Hackney on Tuesday morning."),
        (7, "Police said they were not looking for anyone else."),
        (8, "Neighbours had raised the alarm."),
    ]
    assert split_sentences(text)[6].endswith(summary.sentences[0].text)


def test_short_text_is_its_own_summary():
    assert [s.text for s in summarise("One sentence. Two sentences.").sentences] == ["One sentence.", "Two sentences."]
    assert summarise("").sentences == []
