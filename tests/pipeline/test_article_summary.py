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


def test_a_short_teaser_sentence_gives_way_to_a_full_one():
    text = (
        "Four-month-old Noah Monte balances on the palm of his father's hand as he is lifted through the air. "
        "Forget the ABCs. He started performing the act when he was a month old, his parents said on Monday. "
        "Videos of the stunt have been watched more than a million times since they were posted online. "
        "Some viewers have questioned whether it is safe for such a young child."
    )
    chosen = [s.position for s in summarise(text).sentences]
    assert chosen == [0, 2, 3]  # not the three-word aside at position 1


def test_short_text_is_its_own_summary():
    assert [s.text for s in summarise("One sentence. Two sentences.").sentences] == ["One sentence.", "Two sentences."]
    assert summarise("").sentences == []
