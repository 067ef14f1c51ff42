from datetime import UTC, datetime, timedelta

from newsdesk.pipeline.schedule import PollBounds, failure_backoff, next_poll_interval

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def every(minutes, count):
    return [T0 - timedelta(minutes=minutes * i) for i in range(count)]


def test_interval_follows_how_often_the_feed_publishes():
    assert next_poll_interval(every(20, 10), previous=None, new_entries=3) == timedelta(minutes=20)


def test_interval_is_bounded_between_five_minutes_and_a_day():
    assert next_poll_interval(every(1, 10), previous=None, new_entries=5) == timedelta(minutes=5)
    assert next_poll_interval(every(60 * 24 * 7, 5), previous=None, new_entries=1) == timedelta(hours=24)


def test_a_burst_of_simultaneous_items_does_not_make_polling_frantic():
    times = [T0] * 5 + every(120, 6)
    assert next_poll_interval(times, previous=None, new_entries=5) == timedelta(hours=2)


def test_nothing_new_slows_polling_down_gradually():
    interval = timedelta(minutes=30)
    interval = next_poll_interval(every(30, 10), previous=interval, new_entries=0)
    assert interval == timedelta(minutes=45)
    for _ in range(20):
        interval = next_poll_interval([], previous=interval, new_entries=0)
    assert interval == PollBounds().maximum


def test_undated_entries_keep_the_previous_interval():
    assert next_poll_interval([None, None], previous=timedelta(hours=1), new_entries=2) == timedelta(hours=1)


def test_failures_back_off_exponentially_and_honour_retry_after_within_reason():
    assert [failure_backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [2, 4, 8, 16]
    assert failure_backoff(30) == timedelta(hours=24)
    assert failure_backoff(1, retry_after=3600) == timedelta(hours=1)
    assert failure_backoff(1, retry_after=10**9) == timedelta(days=7)
