"""The reader's query language parsed into clauses (pure: no database)."""

import pytest

from newsdesk.search.query import MAX_CLAUSES, Clause, ParsedQuery, Phrase, parse_query


def words(*w):
    return Phrase(tuple(w))


def test_words_are_required_clauses_in_lower_case():
    assert parse_query("Flood Barrier") == ParsedQuery(
        required=(Clause((words("flood"),)), Clause((words("barrier"),)))
    )


def test_quoted_words_are_one_phrase_and_an_unclosed_quote_runs_to_the_end():
    assert parse_query('"flood barrier" opens').required[0] == Clause((words("flood", "barrier"),))
    assert parse_query('river "flood barrier').required[1] == Clause((words("flood", "barrier"),))


def test_minus_excludes_a_word_or_a_phrase():
    parsed = parse_query('bridge -tolls -"toll road"')
    assert parsed.required == (Clause((words("bridge"),)),)
    assert parsed.excluded == (words("tolls"), words("toll", "road"))


def test_or_joins_the_clauses_either_side():
    parsed = parse_query("ferry OR bridge closed")
    assert parsed.required == (Clause((words("ferry"), words("bridge"))), Clause((words("closed"),)))


def test_lower_case_or_is_a_word_and_a_dangling_or_is_ignored():
    assert parse_query("this or that").required[1] == Clause((words("or"),))
    assert parse_query("OR ferry OR").required == (Clause((words("ferry"),)),)


def test_words_with_punctuation_inside_become_phrases_of_their_parts():
    assert parse_query("e-mail").required[0] == Clause((words("e", "mail"),))
    assert parse_query("title:secret").required[0] == Clause((words("title", "secret"),))


@pytest.mark.parametrize("text", ['"', "*", "-", "--", ":", "^", "()", "&|!", "<->", ":*", "''", "\x00"])
def test_punctuation_alone_is_an_empty_query(text):
    assert parse_query(text).is_empty


def test_only_exclusions_is_an_empty_query():
    assert parse_query("-tolls").is_empty


def test_engine_keywords_are_plain_words():
    parsed = parse_query('NEAR(flood barrier) AND NOT "x" col:*')
    assert parsed.positive_words() == ["near", "flood", "barrier", "and", "not", "x", "col"]


def test_the_work_one_query_asks_for_is_bounded():
    parsed = parse_query(" ".join(f"w{n}" for n in range(100)))
    assert len(parsed.required) == MAX_CLAUSES
    assert parse_query("a" * 100_000).required[0].alternatives[0].words[0] == "a" * 400


def test_written_back_in_the_readers_language():
    assert str(parse_query('Ferry  OR bridge "Toll Road" -closed')) == 'ferry OR bridge "toll road" -closed'
