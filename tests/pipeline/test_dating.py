"""settle_published: which publication dates are trusted, at the boundaries."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsdesk.pipeline.dating import settle_published

SEEN = datetime(2026, 12, 4, 16, 0, tzinfo=UTC)


def test_a_plausible_date_is_kept_as_given():
    claimed = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)
    settled = settle_published(claimed, seen_at=SEEN)
    assert settled == (claimed, None) and not settled.untrusted


def test_exactly_a_day_ahead_is_trusted_a_microsecond_more_is_not():
    assert settle_published(SEEN + timedelta(days=1), seen_at=SEEN) == (SEEN + timedelta(days=1), None)
    beyond = SEEN + timedelta(days=1, microseconds=1)
    settled = settle_published(beyond, seen_at=SEEN)
    assert settled == (SEEN, beyond) and settled.untrusted


def test_1990_is_the_earliest_trusted_date():
    first = datetime(1990, 1, 1, tzinfo=UTC)
    assert settle_published(first, seen_at=SEEN) == (first, None)
    before = first - timedelta(microseconds=1)
    assert settle_published(before, seen_at=SEEN) == (SEEN, before)


@pytest.mark.parametrize(
    "claimed",
    [
        datetime(2099, 1, 1, tzinfo=UTC),
        datetime(2500, 6, 1, tzinfo=UTC),
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
    ],
)
def test_far_future_and_ancient_dates_are_set_aside_for_the_time_seen(claimed):
    settled = settle_published(claimed, seen_at=SEEN)
    assert settled.published == SEEN and settled.claimed == claimed and settled.untrusted


def test_no_date_stays_no_date():
    settled = settle_published(None, seen_at=SEEN)
    assert settled == (None, None) and not settled.untrusted


def test_naive_datetimes_are_read_as_utc():
    naive_boundary = datetime(2026, 12, 5, 16, 0)  # SEEN + 1 day, without a zone
    assert settle_published(naive_boundary, seen_at=SEEN) == (naive_boundary.replace(tzinfo=UTC), None)
    naive_seen = datetime(2026, 12, 4, 16, 0)
    assert settle_published(datetime(2099, 1, 1), seen_at=naive_seen) == (SEEN, datetime(2099, 1, 1, tzinfo=UTC))


def test_other_zones_are_compared_in_utc():
    # 2026-12-05 23:00 at +08:00 is 15:00 UTC: under a day ahead. At -08:00 it is the 6th, 07:00 UTC: over.
    east = datetime(2026, 12, 5, 23, 0, tzinfo=timezone(timedelta(hours=8)))
    west = datetime(2026, 12, 5, 23, 0, tzinfo=timezone(timedelta(hours=-8)))
    assert settle_published(east, seen_at=SEEN).published == east
    assert settle_published(west, seen_at=SEEN).untrusted


def test_dates_beyond_what_utc_can_write_are_untrusted_not_an_error():
    settled = settle_published(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))), seen_at=SEEN)
    assert settled.published == SEEN and settled.untrusted
    settled = settle_published(datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-12))), seen_at=SEEN)
    assert settled.published == SEEN and settled.untrusted


def test_tolerance_and_earliest_can_be_given():
    claimed = SEEN + timedelta(hours=2)
    assert settle_published(claimed, seen_at=SEEN, future_tolerance=timedelta(hours=1)).untrusted
    assert settle_published(
        datetime(2000, 1, 1, tzinfo=UTC), seen_at=SEEN, earliest=datetime(2001, 1, 1, tzinfo=UTC)
    ).untrusted
