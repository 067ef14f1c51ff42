"""Relative dates resolved against the publication time, and key facts' "when"."""

from datetime import UTC, date, datetime

import pytest

from newsdesk.pipeline.entities import ArticleText, understand_many
from newsdesk.pipeline.entities.dates import resolve
from newsdesk.pipeline.entities.values import Granularity

SATURDAY = datetime(2025, 3, 15, 14, 30)


@pytest.mark.parametrize(
    "expression, expected, granularity",
    [
        ("Friday", date(2025, 3, 14), Granularity.DAY),
        ("Saturday", date(2025, 3, 15), Granularity.DAY),  # the day of publication, not a week before
        ("Sunday", date(2025, 3, 9), Granularity.DAY),
        ("yesterday", date(2025, 3, 14), Granularity.DAY),
        ("two days ago", date(2025, 3, 13), Granularity.DAY),
        ("March 3", date(2025, 3, 3), Granularity.DAY),
        ("last year", date(2024, 3, 15), Granularity.YEAR),
        ("September 2025", date(2025, 9, 15), Granularity.MONTH),
    ],
)
def test_expressions_resolve_against_the_publication_time(expression, expected, granularity):
    assert resolve(expression, SATURDAY) == (expected, granularity)


def test_when_is_the_first_day_in_the_lead_not_after_publication():

    published = datetime(2024, 11, 6, 8, 0, tzinfo=UTC)  # a Wednesday
    result = understand_many(
        [
            ArticleText(
                "Storm closes schools",
                "Schools across Cornwall closed on Tuesday as the storm brought down trees, the council said.\n\n"
                "Forecasters expect calmer weather by next week. The clean-up could take three weeks.",
                published,
            )
        ]
    )[0]
    assert result.key_facts.when.date == date(2024, 11, 5)
    texts = [d.text for d in result.dates]
    assert "three weeks" not in texts  # a duration, not a date
    assert "next week" in texts
