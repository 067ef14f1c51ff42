"""The run's retry queue: bounded retries with backoff, Retry-After honoured up to a limit, and a failing host
probed one request at a time rather than sent all its queued pages again."""

import random

from newsdesk.pipeline.errors import ConnectError, FetchTimeout, HTTPStatusError, TooShort
from newsdesk.pipeline.retry import RetryPolicy, RetryQueue
from tests.support.clock import FakeClock


def status(code, retry_after=None):
    return HTTPStatusError(f"server answered {code}", status_code=code, retry_after=retry_after)


def queue(clock, **policy):
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        clock.advance(seconds)

    retries = RetryQueue(RetryPolicy(**policy), clock=clock, sleep=sleep, rng=random.Random(7))
    return retries, waits


def test_backoff_doubles_with_jitter_and_is_bounded_by_the_longest_wait():
    policy, rng = RetryPolicy(max_wait=5), random.Random(1)
    for retry, base in [(1, 1), (2, 2), (3, 4)]:
        delays = [policy.delay(retry, rng) for _ in range(50)]
        assert base <= min(delays) and max(delays) <= base * 1.25
        assert len(set(delays)) > 1  # jittered: retries from many items do not arrive together
    assert policy.delay(10, rng) == 5


def test_only_transient_failures_are_queued_and_each_at_most_attempts_times():
    clock = FakeClock()
    retries, _ = queue(clock, attempts=2)
    assert not retries.offer("short", "a.example", TooShort("12 words"))
    assert retries.offer("page", "a.example", status(503))
    for _ in range(2):
        retries.wait()
        assert retries.take_due() == ["page"]
        retries.succeeded("a.example")  # another page of the host answered meanwhile
        queued = retries.offer("page", "a.example", FetchTimeout("no answer"))
    assert not queued and len(retries) == 0  # two retries taken: the scheduled retry takes over
    assert retries.retried("page")


def test_a_retry_after_is_waited_for_up_to_the_limit_and_holds_the_whole_host():
    clock = FakeClock()
    retries, waits = queue(clock, max_wait=10)
    assert not retries.offer("told-to-wait-a-minute", "a.example", status(503, retry_after=60))
    assert retries.offer("busy", "a.example", status(503, retry_after=8))
    assert retries.offer("other", "a.example", ConnectError("reset"))
    assert retries.offer("elsewhere", "b.example", ConnectError("reset"))
    retries.wait()
    assert retries.take_due() == ["elsewhere"] and waits[-1] < 2
    retries.wait()
    assert waits[-1] + waits[-2] >= 8  # the host's other page waited out the Retry-After too
    probe = retries.take_due()
    assert len(probe) == 1  # the host failed: one probe first
    retries.succeeded("a.example")
    assert sorted(probe + retries.take_due()) == ["busy", "other"]


def test_a_host_that_keeps_failing_is_probed_one_page_at_a_time_then_left_for_later():
    clock = FakeClock()
    retries, _ = queue(clock, attempts=3)
    for page in range(20):
        assert retries.offer(page, "down.example", status(503))
    taken = []
    while retries:
        retries.wait()
        probes = retries.take_due()
        assert len(probes) == 1
        taken.extend(probes)
        retries.offer(probes[0], "down.example", status(503))
    assert len(taken) == 3  # as many failed retries in a row as one page may have: the host waits
    # The last probe's failure is its caller's to record; every other page is handed back with its reason.
    assert sorted([key for key, _ in retries.abandoned] + taken[-1:]) == list(range(20))
    assert all(error.reason == "http_5xx" for _, error in retries.abandoned)


def test_a_rate_limited_host_waits_before_any_retry():
    clock = FakeClock()
    retries, _ = queue(clock)
    retries.offer("a", "busy.example", status(429))
    clock.advance(0.5)
    retries.offer("b", "busy.example", ConnectError("reset"))
    assert retries.take_due() == []
    assert 0.4 < retries.seconds_until_due() <= 1.25
