from newsdesk.pipeline.summarise import SummaryConfig, split_sentences, summarise
from tests.support.seed import load_seed


def test_split_keeps_abbreviations_and_initials_inside_sentences():
    text = "U.S. forces and Dr. Smith met J. Doe on Friday. They spoke for an hour! Was it enough? Nobody knows."
    assert split_sentences(text) == [
        "U.S. forces and Dr. Smith met J. Doe on Friday.", "They spoke for an hour!", "Was it enough?", "Nobody knows.",
    ]


def test_paragraph_breaks_end_sentences():
    assert split_sentences("A headline without a full stop\n\nThe body starts here.") == [
        "A headline without a full stop", "The body starts here."]


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


def test_long_articles_get_more_sentences_up_to_the_maximum():
    text = " ".join(f"Sentence number {i} talks about topic {i % 7} in the city council meeting." for i in range(80))
    assert len(summarise(text).sentences) == 5
    assert len(summarise(text, SummaryConfig(max_sentences=4)).sentences) == 4


def test_short_text_is_its_own_summary():
    assert [s.text for s in summarise("One sentence. Two sentences.").sentences] == ["One sentence.", "Two sentences."]
    assert summarise("").sentences == []
