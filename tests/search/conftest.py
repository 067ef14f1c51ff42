"""A small archive to search, and helpers to search it through the configured backend (FTS5 on SQLite,
PostgreSQL full-text when NEWSDESK_DATABASE_URL names PostgreSQL): the same tests run on both."""

from __future__ import annotations

import pytest

from newsdesk.search.backends import get_backend
from newsdesk.search.backends.base import SearchFilters
from newsdesk.search.query import parse_query

# Unrelated articles, so that term statistics look like an archive's (BM25 gives a word found in half of a
# three-document collection no weight at all).
FILLER = [
    ("Council approves library budget", "The council approved the library budget after a long debate."),
    ("Orchestra announces winter season", "The orchestra will play twelve concerts in the winter season."),
    ("Rail operator orders new carriages", "Forty carriages were ordered to replace the oldest trains."),
    ("Farmers report early harvest", "A warm spring brought the harvest forward by two weeks."),
    ("University opens research centre", "The centre will study coastal erosion and soil health."),
    ("Museum receives rare manuscript", "A medieval manuscript was donated to the city museum."),
    ("Hospital extends visiting hours", "Visiting hours are longer from Monday at the general hospital."),
    ("School wins robotics contest", "Pupils built a robot that sorts recycling by colour."),
]


def search(text: str, **filters):
    """The hits for ``text`` (relevance order unless ``order=`` is given) through the configured backend."""
    order = filters.pop("order", "relevance")
    limit = filters.pop("limit", 50)
    return get_backend().search(parse_query(text), SearchFilters(**filters), order=order, limit=limit)


def titles(text: str, **filters) -> list[str]:
    return [hit.title for hit in search(text, **filters).hits]


@pytest.fixture
def filler(outlets, make_article):
    return [
        make_article(f"filler-{n}", outlets[3], hours_ago=30 + n, title=title, text=text)
        for n, (title, text) in enumerate(FILLER)
    ]


@pytest.fixture
def make_story(make_story, django_capture_on_commit_callbacks):
    """The shared ``make_story``, with the story indexed as it is once its transaction commits."""

    def make(*articles):
        with django_capture_on_commit_callbacks(execute=True):
            return make_story(*articles)

    return make
