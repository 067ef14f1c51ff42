"""One deadline per request, from the first byte: slow-loris servers on 127.0.0.1 are cut off on time.

Each server sends one byte every 0.1 s, so httpx's read timeout (3 s here) never fires; only the
whole-request deadline (``total_timeout``, 0.5 s here: short, so the suite does not wait, and still five
bytes long) can stop the request, in whichever phase it is.
"""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from newsdesk.pipeline import errors, netguard
from newsdesk.pipeline.fetch import FetchConfig, Fetcher
from newsdesk.pipeline.llm import LLMConfig, ask
from newsdesk.pipeline.robots import RobotsCache
from tests.support.slowloris import SlowServer

TOTAL = 0.5
MARGIN = 0.3  # thread start-up and a loaded CI machine; far below the 3 s read timeout or a second hop
INTERVAL = 0.1  # between trickled bytes: well inside the read timeout, five of them to the deadline
STATUS = b"HTTP/1.1 200 OK\r\n"
HEAD = STATUS + b"Content-Type: text/html\r\nContent-Length: 40\r\n\r\n"
PADDING = b"X-Padding: " + b"a" * 30 + b"\r\n"


def config(**overrides) -> FetchConfig:
    settings = dict(allow_private_networks=True, connect_timeout=1.0, read_timeout=3.0, total_timeout=TOTAL)
    return FetchConfig(**{**settings, **overrides})


@pytest.fixture
def slow_server():
    servers: list[SlowServer] = []

    def start(**kwargs) -> SlowServer:
        servers.append(SlowServer(**{"interval": INTERVAL, **kwargs}).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def assert_cut_off_on_time(url: str, fetcher: Fetcher | None = None) -> errors.FetchTimeout:
    own = fetcher is None
    fetcher = Fetcher(config()) if own else fetcher
    started = time.monotonic()
    try:
        with pytest.raises(errors.FetchTimeout) as caught:
            fetcher.get(url)
    finally:
        if own:
            fetcher.close()
    elapsed = time.monotonic() - started
    assert TOTAL - 0.05 <= elapsed < TOTAL + MARGIN, f"cut off after {elapsed:.2f} s"
    assert caught.value.message.startswith(f"no complete answer within {TOTAL:g} s")
    assert caught.value.transient and caught.value.url == url
    return caught.value


def test_a_status_line_sent_a_byte_at_a_time_is_cut_off_at_the_deadline(slow_server):
    server = slow_server(slow=HEAD + b"x" * 40)
    assert_cut_off_on_time(server.url("/feed.xml"))


def test_headers_sent_a_byte_at_a_time_are_cut_off_at_the_deadline(slow_server):
    server = slow_server(fast=STATUS, slow=PADDING + b"Content-Length: 0\r\n\r\n")
    assert_cut_off_on_time(server.url("/feed.xml"))


def test_a_body_sent_a_byte_at_a_time_is_cut_off_at_the_deadline(slow_server):
    server = slow_server(fast=HEAD, slow=b"x" * 40)
    assert_cut_off_on_time(server.url("/page.html"))


def test_a_server_that_accepts_and_never_answers_is_cut_off_at_the_deadline(slow_server):
    server = slow_server()
    assert_cut_off_on_time(server.url("/"))


def test_the_deadline_covers_every_redirect_hop(slow_server):
    # The first hop takes about 0.35 s to redirect; the second trickles. One deadline for both ends the
    # request at 0.5 s; a deadline per hop would let it run to 0.85 s.
    second = slow_server(slow=HEAD + b"x" * 40)
    redirect = f"HTTP/1.1 302 Found\r\nLocation: {second.url('/moved')}\r\nContent-Length: 0\r\n\r\n".encode()
    first = slow_server(fast=redirect[:-35], slow=redirect[-35:], interval=0.01)
    error = assert_cut_off_on_time(first.url("/feed.xml"))
    assert "after redirect to" in error.message
    assert second.accepted == 1


def test_after_an_abort_the_connection_is_closed_and_the_fetcher_still_works(slow_server, http_server):
    server = slow_server(fast=STATUS, slow=PADDING * 3)
    http_server.route("/page.html", "<html><body>fine</body></html>")
    with Fetcher(config()) as fetcher:
        assert_cut_off_on_time(server.url("/a"), fetcher)
        assert server.wait_closed(1, within=2.0), "the aborted connection was left open"
        assert fetcher.get(http_server.url("/page.html")).content == b"<html><body>fine</body></html>"
        assert_cut_off_on_time(server.url("/b"), fetcher)  # and the slow host gets a fresh connection
    assert server.accepted == 2 and server.wait_closed(2, within=2.0)


def test_robots_txt_is_fetched_under_the_deadline(slow_server):
    server = slow_server(fast=STATUS, slow=PADDING * 3)
    with Fetcher(config()) as fetcher:
        started = time.monotonic()
        with pytest.raises(errors.FetchTimeout, match=f"no complete answer within {TOTAL:g} s"):
            RobotsCache(fetcher).check(server.url("/news/story.html"))
    assert time.monotonic() - started < TOTAL + MARGIN


def test_the_llm_endpoint_is_cut_off_at_its_timeout_however_slowly_it_answers(slow_server):
    server = slow_server(fast=STATUS, slow=PADDING * 3)
    started = time.monotonic()
    with pytest.raises(errors.FetchTimeout, match=f"did not answer within {TOTAL:g}s"):
        ask([{"role": "user", "content": "hi"}], LLMConfig(url=server.url("/v1"), timeout=TOTAL))
    assert time.monotonic() - started < TOTAL + MARGIN


def test_with_mounted_hosts_the_network_keeps_its_deadline_and_the_mounts_still_answer(slow_server):
    # As under the demo newsroom: some hosts are served by a transport of their own, the rest by the network.
    mounted = httpx.MockTransport(lambda request: httpx.Response(200, text="<html>offline</html>"))
    server = slow_server(fast=STATUS, slow=PADDING * 3)
    with Fetcher(config(mounts={"desk.example": mounted})) as fetcher:
        assert_cut_off_on_time(server.url("/feed.xml"), fetcher)
        assert fetcher.get("http://desk.example/").content == b"<html>offline</html>"


def test_a_name_lookup_that_hangs_is_cut_off_at_the_deadline(monkeypatch):
    # A resolver that never answers (a hostile domain's name server can hold a lookup for the resolver's
    # whole retry budget). The guard resolves names itself, so the lookup is part of the request.
    release = threading.Event()

    def hanging_getaddrinfo(*args, **kwargs):
        release.wait(10)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(netguard.socket, "getaddrinfo", hanging_getaddrinfo)
    try:
        with Fetcher(config(allow_private_networks=False, connect_timeout=5.0)) as fetcher:
            assert_cut_off_on_time("http://slow-dns.example/feed.xml", fetcher)
    finally:
        release.set()
