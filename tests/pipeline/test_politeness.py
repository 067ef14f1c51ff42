import threading
import time

from newsdesk.pipeline.fetch import FetchConfig, Fetcher
from newsdesk.pipeline.politeness import HostLimiter, HostPolicy


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.lock = threading.Lock()

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        with self.lock:
            self.now += seconds


def test_starts_on_one_host_are_spaced_by_the_minimum_interval():
    clock = FakeClock()
    limiter = HostLimiter(clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(4):
        with limiter.slot("news.example", HostPolicy(max_in_flight=2, min_interval=0.5)):
            starts.append(clock.now)
    assert starts == [0.0, 0.5, 1.0, 1.5]


def test_other_hosts_do_not_wait_for_a_busy_host():
    clock = FakeClock()
    limiter = HostLimiter(clock=clock, sleep=clock.sleep)
    policy = HostPolicy(min_interval=10)
    with limiter.slot("a.example", policy) as waited_a:
        with limiter.slot("b.example", policy) as waited_b:
            assert (waited_a, waited_b) == (0.0, 0.0)


def test_at_most_max_in_flight_requests_run_at_once_on_one_host():
    limiter = HostLimiter()
    policy = HostPolicy(max_in_flight=2, min_interval=0)
    running, peak, lock = 0, 0, threading.Lock()

    def request():
        nonlocal running, peak
        with limiter.slot("busy.example", policy):
            with lock:
                running += 1
                peak = max(peak, running)
            time.sleep(0.05)
            with lock:
                running -= 1

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak == 2


def test_fetcher_spaces_real_requests_to_one_host(http_server):
    http_server.route("/p", "<html><body>hi</body></html>")
    config = FetchConfig(allow_private_networks=True, host_policy=HostPolicy(max_in_flight=2, min_interval=0.2))
    with Fetcher(config, limiter=HostLimiter()) as fetcher:
        started = time.monotonic()
        for _ in range(3):
            fetcher.get(http_server.url("/p"))
        elapsed = time.monotonic() - started
    assert elapsed >= 0.4  # three starts, two intervals
    assert len(http_server.requests) == 3


def test_waiting_for_a_turn_does_not_count_against_the_total_timeout(http_server):
    http_server.route("/p", "<html><body>hi</body></html>")
    config = FetchConfig(
        allow_private_networks=True, total_timeout=0.3, host_policy=HostPolicy(max_in_flight=1, min_interval=0.4)
    )
    with Fetcher(config, limiter=HostLimiter()) as fetcher:
        for _ in range(2):  # the second waits 0.4 s for its turn, longer than the 0.3 s total timeout
            assert fetcher.get(http_server.url("/p")).status_code == 200
