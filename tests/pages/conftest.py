"""A realistic article page: a full-text outlet, nine paragraphs, a story, and a thread of comments."""

from __future__ import annotations

import pytest

from newsdesk.comments.models import Comment
from tests.comments.conftest import chromium_path  # noqa: F401  (Debian's Chromium, or skip/fail as there)

PARAGRAPH = (
    "The harbour commission approved the repair of the north wall on Tuesday, after engineers found that "
    "the winter storms had loosened more than two hundred of its granite blocks. Work starts next month."
)


@pytest.fixture
def full_text_outlet(make_source):
    outlet = make_source("Quayside Record")
    outlet.republish_full_text = True
    outlet.save()
    return outlet


def add_comments(article, count: int) -> None:
    """``count`` approved comments, every third a reply to the one before."""
    previous = None
    for n in range(count):
        previous = Comment.objects.create(
            article=article,
            name=f"Reader {n}",
            email=f"reader{n}@example.org",
            status=Comment.Status.APPROVED,
            body=f"Comment {n}: the wall has needed this for years, and https://example.org/report-{n} says why.",
            parent=previous if n % 3 == 2 else None,
        )


@pytest.fixture
def long_article(full_text_outlet, make_article, make_story, outlets):
    article = make_article(
        "weight-1",
        full_text_outlet,
        title="Harbour wall to be rebuilt before winter",
        text="\n\n".join([PARAGRAPH] * 9),
    )
    make_story(article, make_article("weight-2", outlets[1], title="North wall repairs approved"))
    article.refresh_from_db()
    return article
