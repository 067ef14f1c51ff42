"""Ranking: relevance and recency combined (the formula in ``newsdesk/search/backends/base.py``), or date."""

import pytest

from newsdesk.search.backends import base, get_backend
from newsdesk.search.query import parse_query
from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db

BODY = "Engineers inspected the {word} on the harbour wall and reported cracks in its base."


def test_a_more_relevant_document_ranks_first_at_the_same_age(outlets, make_article, filler):
    make_article(
        "once",
        outlets[0],
        hours_ago=5,
        title="Harbour works continue",
        text=BODY.format(word="lighthouse") + " Repairs start next month.",
    )
    make_article(
        "often",
        outlets[1],
        hours_ago=5,
        title="Lighthouse to close for repairs",
        text="The lighthouse will close. " + BODY.format(word="lighthouse"),
    )
    assert titles("lighthouse") == ["Lighthouse to close for repairs", "Harbour works continue"]


def test_a_more_recent_document_ranks_first_at_the_same_relevance(outlets, make_article, filler):
    make_article(
        "old", outlets[0], hours_ago=24 * 60, title="Lighthouse inspected (spring)", text=BODY.format(word="lighthouse")
    )
    make_article(
        "new", outlets[1], hours_ago=2, title="Lighthouse inspected (autumn)", text=BODY.format(word="lighthouse")
    )
    page = search("lighthouse")
    assert [h.title for h in page.hits] == ["Lighthouse inspected (autumn)", "Lighthouse inspected (spring)"]
    assert page.hits[0].score > page.hits[1].score > 0


def test_a_much_more_relevant_old_document_still_beats_a_passing_new_mention(outlets, make_article, filler):
    make_article(
        "feature",
        outlets[0],
        hours_ago=24 * 20,
        title="Lighthouse keepers: the lighthouse at Dunmere",
        text="The lighthouse has stood since 1820. " + BODY.format(word="lighthouse lamp"),
    )
    make_article(
        "mention",
        outlets[1],
        hours_ago=1,
        title="Harbour news in brief",
        text="Council meets on Monday. Parking charges change. " * 5 + "A lighthouse tour is planned.",
    )
    assert titles("lighthouse")[0] == "Lighthouse keepers: the lighthouse at Dunmere"


def test_sorting_by_date_puts_the_newest_first_whatever_the_relevance(outlets, make_article, filler):
    make_article(
        "often", outlets[0], hours_ago=50, title="Lighthouse lighthouse lighthouse", text=BODY.format(word="lighthouse")
    )
    make_article("once", outlets[1], hours_ago=3, title="Harbour notes", text=BODY.format(word="lighthouse"))
    make_article("middle", outlets[2], hours_ago=10, title="Lighthouse reopens", text=BODY.format(word="lighthouse"))
    assert titles("lighthouse", order="date") == [
        "Harbour notes",
        "Lighthouse reopens",
        "Lighthouse lighthouse lighthouse",
    ]


def test_a_query_matching_more_than_the_window_is_ranked_among_its_newest_matches(
    outlets, make_article, filler, monkeypatch
):
    monkeypatch.setattr(base, "RELEVANCE_WINDOW", 3)
    make_article(
        "feature",
        outlets[0],
        hours_ago=24 * 30,
        title="Lighthouse lighthouse lighthouse",
        text=BODY.format(word="lighthouse"),
    )
    for n in range(4):
        make_article(
            f"brief-{n}", outlets[1], hours_ago=n + 1, title=f"Harbour notes {n}", text=BODY.format(word="lighthouse")
        )
    assert sorted(titles("lighthouse")) == ["Harbour notes 0", "Harbour notes 1", "Harbour notes 2"]
    assert len(titles("lighthouse", order="date")) == 5  # sorting by date reaches every match

    # Paging walks the same window: every hit of the single page once, in the same order.
    first = search("lighthouse", limit=2)
    rest = get_backend().search(parse_query("lighthouse"), order="relevance", cursor=first.next_cursor)
    assert [h.title for h in first.hits + rest.hits] == titles("lighthouse") and rest.next_cursor is None


def test_a_phrase_is_ranked_among_the_newest_documents_then_everywhere_if_they_hold_too_few(
    outlets, make_article, filler, monkeypatch
):
    from newsdesk.search.backends import postgres, sqlite_fts5

    # The scope: the newest documents holding all the words (SQLite), the newest documents (PostgreSQL).
    for engine in (postgres, sqlite_fts5):
        monkeypatch.setattr(engine, "PHRASE_SCOPE", 4)
    for n in range(3):
        make_article(f"phrase-{n}", outlets[0], hours_ago=n + 1, title=f"Harbour lights festival {n}")
    for n in range(3):
        make_article(f"apart-{n}", outlets[1], hours_ago=n + 4, title=f"Lights out at the harbour {n}")
    make_article("old", outlets[2], hours_ago=50, title="Harbour lights remembered")

    # A page of two: the scope (3 of the phrase, 1 apart) holds more than a page, so the search stays there
    # and says its count is a lower bound; sorting by date reaches every match.
    first = search('"harbour lights"', limit=2)
    rest = get_backend().search(parse_query('"harbour lights"'), order="relevance", cursor=first.next_cursor)
    assert sorted(h.title for h in first.hits + rest.hits) == [f"Harbour lights festival {n}" for n in range(3)]
    assert first.total == 3 and first.total_is_lower_bound
    assert len(titles('"harbour lights"', order="date")) == 4
    # Fewer than a page in the scope: the whole archive.
    page = search('"harbour lights"', limit=50)
    assert len(page.hits) == 4 and page.total == 4 and not page.total_is_lower_bound
