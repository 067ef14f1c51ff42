"""Behaviour of the guarded fetcher against a real HTTP server on 127.0.0.1.

Most tests allow private networks (the test server is on loopback); the SSRF tests turn that off and
check both the error and that the server saw no request at all.
"""

from __future__ import annotations

import gzip
import ipaddress
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import httpx
import pytest

from newsdesk.pipeline import errors, netguard
from newsdesk.pipeline.errors import Reason
from newsdesk.pipeline.fetch import FetchConfig, Fetcher, fetch, parse_retry_after

PAGE = "<!doctype html><html><head><title>Harbour</title></head><body><p>Ferry late again.</p></body></html>"


def local(**overrides) -> FetchConfig:
    """A config for the loopback test server, with timeouts short enough to keep the suite fast."""
    settings = dict(allow_private_networks=True, connect_timeout=1.0, read_timeout=1.0, total_timeout=5.0)
    settings.update(overrides)
    return FetchConfig(**settings)


@pytest.fixture
def fetcher():
    with Fetcher(local()) as f:
        yield f


def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_quietly(handler, data: bytes) -> bool:
    """Write to the client; False once it has hung up (the client gave up, which is the point)."""
    try:
        handler.wfile.write(data)
        handler.wfile.flush()
        return True
    except OSError:
        return False


def fake_dns(monkeypatch, answers: dict[str, list[str]]) -> None:
    """Make getaddrinfo answer names from a table instead of the system resolver; IP literals pass through.

    (netguard.socket is the socket module itself, so this also covers the connect inside httpcore.)
    """
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        try:
            ipaddress.ip_address(host)
            return real(host, port, *args, **kwargs)
        except ValueError:
            pass
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
            for ip in answers[host]
        ]

    monkeypatch.setattr(netguard.socket, "getaddrinfo", getaddrinfo)


# --- successful fetches ---------------------------------------------------------------------------------------


def test_page_is_returned_with_type_charset_and_validators(http_server, fetcher):
    http_server.route(
        "/story",
        PAGE,
        content_type="text/html; charset=ISO-8859-1",
        headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 May 2024 10:00:00 GMT"},
    )
    result = fetcher.get(http_server.url("/story"), accept="page")
    assert result.status_code == 200 and not result.not_modified
    assert result.content == PAGE.encode()
    assert result.content_type == "text/html"
    assert result.charset == "iso-8859-1"
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 01 May 2024 10:00:00 GMT"
    assert result.headers["content-type"] == "text/html; charset=ISO-8859-1"
    assert result.url == result.final_url == http_server.url("/story")


def test_user_agent_and_accept_header_are_sent(http_server):
    http_server.route("/feed.xml", "<rss/>", content_type="application/rss+xml")
    fetch(http_server.url("/feed.xml"), local(user_agent="newsdesk-test/1"), accept="feed")
    sent = http_server.requests[-1].headers
    assert sent["user-agent"] == "newsdesk-test/1"
    assert "application/rss+xml" in sent["accept"]


def test_gzip_body_is_decoded(http_server, fetcher):
    http_server.route("/z", gzip.compress(PAGE.encode()), headers={"Content-Encoding": "gzip"})
    assert fetcher.get(http_server.url("/z"), accept="page").content == PAGE.encode()


def test_mounted_host_is_served_by_its_transport_without_dns_or_address_check():
    seen = []

    def demo(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, html=PAGE)

    config = FetchConfig(mounts={"www.demo.example": httpx.MockTransport(demo)})  # private networks NOT allowed
    result = fetch("https://www.demo.example/news/1", config, accept="page")
    assert result.content == PAGE.encode()
    assert seen[0].headers["user-agent"] == config.user_agent


def test_cookies_are_not_carried_between_requests(http_server, fetcher):
    http_server.route("/set", PAGE, headers={"Set-Cookie": "session=abc; Path=/"})
    http_server.route("/next", PAGE)
    fetcher.get(http_server.url("/set"))
    fetcher.get(http_server.url("/next"))
    assert "cookie" not in http_server.requests[-1].headers


def test_one_fetcher_serves_several_threads(http_server, fetcher):
    for n in range(8):
        http_server.route(f"/p{n}", f"<p>{n}</p>")
    with ThreadPoolExecutor(8) as pool:
        bodies = list(pool.map(lambda n: fetcher.get(http_server.url(f"/p{n}")).content, range(8)))
    assert bodies == [f"<p>{n}</p>".encode() for n in range(8)]


# --- conditional GET ------------------------------------------------------------------------------------------


def conditional(handler):
    if handler.headers.get("If-None-Match") == '"v2"' or handler.headers.get("If-Modified-Since"):
        handler.send_response(304)
        handler.send_header("ETag", '"v2"')
        handler.end_headers()
        return
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(len(PAGE)))
    handler.end_headers()
    handler.wfile.write(PAGE.encode())


def test_if_none_match_gives_not_modified(http_server, fetcher):
    http_server.route("/c", handler=conditional)
    result = fetcher.get(http_server.url("/c"), etag='"v2"')
    assert result.not_modified and result.status_code == 304
    assert result.content == b""
    assert result.etag == '"v2"'
    assert http_server.requests[-1].headers["if-none-match"] == '"v2"'


def test_if_modified_since_gives_not_modified(http_server, fetcher):
    http_server.route("/c", handler=conditional)
    stamp = "Wed, 01 May 2024 10:00:00 GMT"
    result = fetcher.get(http_server.url("/c"), last_modified=stamp)
    assert result.not_modified
    assert result.last_modified == stamp  # the server did not repeat it; the one we sent is kept
    assert http_server.requests[-1].headers["if-modified-since"] == stamp


def test_without_validators_the_full_body_comes_back(http_server, fetcher):
    http_server.route("/c", handler=conditional)
    result = fetcher.get(http_server.url("/c"))
    assert result.status_code == 200 and result.content == PAGE.encode()
    assert "if-none-match" not in http_server.requests[-1].headers


# --- HTTP errors ----------------------------------------------------------------------------------------------


def test_404_is_a_permanent_not_found(http_server, fetcher):
    url = http_server.url("/gone")
    with pytest.raises(errors.HTTPStatusError) as caught:
        fetcher.get(url)
    assert caught.value.status_code == 404
    assert caught.value.reason == Reason.HTTP_NOT_FOUND
    assert not caught.value.transient
    assert caught.value.url == url
    assert "404" in str(caught.value)


def test_503_with_retry_after_is_transient(http_server, fetcher):
    http_server.route("/busy", "down", status=503, headers={"Retry-After": "120"})
    with pytest.raises(errors.HTTPStatusError) as caught:
        fetcher.get(http_server.url("/busy"))
    assert caught.value.transient
    assert caught.value.reason == Reason.HTTP_SERVER_ERROR
    assert caught.value.retry_after == 120.0


def test_retry_after_accepts_seconds_and_http_dates():
    now = datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)
    assert parse_retry_after("30", now) == 30.0
    assert parse_retry_after("Wed, 01 May 2024 10:02:00 GMT", now) == 120.0
    assert parse_retry_after("Wed, 01 May 2024 09:00:00 GMT", now) == 0.0  # already past
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


# --- redirects ------------------------------------------------------------------------------------------------


def redirect_chain(server, hops: int) -> str:
    for n in range(hops):
        # relative Location on purpose: it must be resolved against the current URL
        server.route(f"/hop{n}", status=302, headers={"Location": f"hop{n + 1}" if n % 2 else f"/hop{n + 1}"})
    server.route(f"/hop{hops}", PAGE)
    return server.url("/hop0")


def test_redirects_are_followed_and_final_url_kept(http_server, fetcher):
    result = fetcher.get(redirect_chain(http_server, 5))
    assert result.final_url == http_server.url("/hop5")
    assert result.url == http_server.url("/hop0")
    assert result.content == PAGE.encode()


def test_more_redirects_than_allowed_is_refused(http_server, fetcher):
    url = redirect_chain(http_server, 6)
    with pytest.raises(errors.TooManyRedirects) as caught:
        fetcher.get(url)
    assert caught.value.url == url
    assert "/hop6" not in [r.path for r in http_server.requests]


def test_redirect_to_another_scheme_is_invalid(http_server, fetcher):
    http_server.route("/away", status=301, headers={"Location": "ftp://files.example/x"})
    with pytest.raises(errors.InvalidURL, match="ftp"):
        fetcher.get(http_server.url("/away"))


# --- SSRF guard -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address, problem",
    [
        ("10.0.0.1", "private address"),
        ("172.16.0.1", "private address"),
        ("192.168.1.1", "private address"),
        ("127.0.0.1", "loopback address"),
        ("::1", "loopback address"),
        ("169.254.169.254", "link-local address"),
        ("100.64.0.1", "carrier-grade NAT address"),
        ("::ffff:127.0.0.1", "loopback address"),
        ("0.0.0.0", "unspecified address"),
        ("fc00::1", "private address"),
        ("fe80::1", "link-local address"),
        ("224.0.0.1", "multicast address"),
        ("2002:7f00:1::", "loopback address"),  # 6to4 wrapping 127.0.0.1
        ("64:ff9b::a00:1", "private address"),  # NAT64 wrapping 10.0.0.1
        ("8.8.8.8", None),
        ("2606:4700::1", None),
        ("::ffff:8.8.8.8", None),
        ("64:ff9b::808:808", None),  # NAT64 wrapping 8.8.8.8: how IPv6-only hosts reach IPv4 sites
    ],
)
def test_address_classification(address, problem):
    assert netguard.address_problem(ipaddress.ip_address(address)) == problem


def test_loopback_url_is_refused_before_any_request(http_server):
    http_server.route("/", PAGE)
    url = http_server.url("/")
    with pytest.raises(errors.BlockedAddress) as caught:
        fetch(url, local(allow_private_networks=False))
    assert "127.0.0.1" in caught.value.message and "loopback address" in caught.value.message
    assert "NEWSDESK_ALLOW_PRIVATE_NETWORKS=1" in caught.value.message
    assert caught.value.url == url
    assert http_server.requests == []


@pytest.mark.parametrize("url", ["http://10.0.0.1/", "http://[::1]:8080/", "https://169.254.169.254/latest/meta-data/"])
def test_private_ip_literals_are_refused_without_a_lookup_or_connect(url, monkeypatch):
    lookups = []
    monkeypatch.setattr(netguard.socket, "getaddrinfo", lambda *args, **kwargs: lookups.append(args) or [])
    with pytest.raises(errors.BlockedAddress):
        fetch(url, local(allow_private_networks=False))
    assert lookups == []


@pytest.mark.parametrize("host", ["localhost", "2130706433"])  # 2130706433 is 127.0.0.1 as one integer
def test_names_resolving_to_loopback_are_refused(http_server, host):
    http_server.route("/", PAGE)
    with pytest.raises(errors.BlockedAddress, match="loopback"):
        fetch(f"http://{host}:{http_server.port}/", local(allow_private_networks=False))
    assert http_server.requests == []


def test_name_with_any_private_answer_is_refused(http_server, monkeypatch):
    fake_dns(monkeypatch, {"mixed.test": ["8.8.8.8", "127.0.0.1"]})
    with pytest.raises(errors.BlockedAddress, match=r"mixed\.test \(127\.0\.0\.1\)"):
        fetch(f"http://mixed.test:{http_server.port}/", local(allow_private_networks=False))
    assert http_server.requests == []


def test_redirect_from_allowed_host_to_loopback_is_refused(http_server):
    http_server.route("/secret", "internal")

    def demo(request):
        return httpx.Response(302, headers={"Location": http_server.url("/secret")})

    config = local(allow_private_networks=False, mounts={"www.demo.example": httpx.MockTransport(demo)})
    with pytest.raises(errors.BlockedAddress) as caught:
        fetch("http://www.demo.example/", config)
    assert caught.value.url == "http://www.demo.example/"
    assert "after redirect to" in caught.value.message
    assert http_server.requests == []


def test_redirect_to_a_name_resolving_to_loopback_is_refused_at_connect(http_server):
    def demo(request):
        return httpx.Response(302, headers={"Location": f"http://localhost:{http_server.port}/"})

    config = local(allow_private_networks=False, mounts={"www.demo.example": httpx.MockTransport(demo)})
    with pytest.raises(errors.BlockedAddress):
        fetch("http://www.demo.example/", config)
    assert http_server.requests == []


def test_backend_connects_to_the_address_it_checked(http_server, monkeypatch):
    # "rebind.test" exists only in the fake resolver, so the connection can only succeed if the backend
    # connects to the IP it resolved and checked, never handing the name to a second lookup.
    fake_dns(monkeypatch, {"rebind.test": ["127.0.0.1"]})
    monkeypatch.setattr(netguard, "address_problem", lambda ip: None)
    http_server.route("/", PAGE)
    result = fetch(f"http://rebind.test:{http_server.port}/", local(allow_private_networks=False))
    assert result.content == PAGE.encode()
    assert http_server.requests[0].headers["host"] == f"rebind.test:{http_server.port}"


# --- size cap -------------------------------------------------------------------------------------------------


def test_declared_length_over_cap_is_refused(http_server):
    http_server.route("/big", b"x" * 5000)
    with pytest.raises(errors.TooLarge, match="4.9 KB exceeds 1.0 KB limit"):
        fetch(http_server.url("/big"), local(max_bytes=1024))


def test_streamed_body_over_cap_is_cut_off(http_server):
    sent = []

    def chunked_forever(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for _ in range(2000):  # 2000 x 1 KB, far past the cap; stops once the client hangs up
            if not write_quietly(handler, b"400\r\n" + b"x" * 1024 + b"\r\n"):
                break
            sent.append(1)
        write_quietly(handler, b"0\r\n\r\n")

    http_server.route("/stream", handler=chunked_forever)
    with pytest.raises(errors.TooLarge, match="exceeds 10.0 KB limit"):
        fetch(http_server.url("/stream"), local(max_bytes=10 * 1024))


def test_gzip_bomb_is_refused_on_decoded_size(http_server):
    bomb = gzip.compress(b"\0" * (5 * 1024 * 1024))
    assert len(bomb) < 10 * 1024
    http_server.route("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(errors.TooLarge, match="1.0 MB limit once decompressed"):
        fetch(http_server.url("/bomb"), local(max_bytes=1024 * 1024))


# --- timeouts and connection failures -------------------------------------------------------------------------


def test_silent_server_times_out_on_read(http_server):
    def silent(handler):
        time.sleep(1.5)
        write_quietly(handler, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")

    http_server.route("/slow", handler=silent)
    started = time.monotonic()
    with pytest.raises(errors.FetchTimeout, match="sent nothing for 0.3 s") as caught:
        fetch(http_server.url("/slow"), local(read_timeout=0.3))
    assert time.monotonic() - started < 1.0
    assert caught.value.transient


def test_trickling_body_hits_total_timeout(http_server):
    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        for _ in range(100):  # one byte every 0.05 s: never idle long enough for the read timeout
            if not write_quietly(handler, b"x"):
                return
            time.sleep(0.05)

    http_server.route("/trickle", handler=trickle)
    started = time.monotonic()
    with pytest.raises(errors.FetchTimeout, match="within 0.5 s"):
        fetch(http_server.url("/trickle"), local(read_timeout=1.0, total_timeout=0.5))
    assert time.monotonic() - started < 1.0


def test_refused_connection_is_a_transient_connect_error():
    with pytest.raises(errors.ConnectError) as caught:
        fetch(f"http://127.0.0.1:{unused_port()}/", local())
    assert caught.value.transient
    assert caught.value.reason == Reason.CONNECT_ERROR


def test_unknown_host_is_a_connect_error(monkeypatch):
    fake_dns(monkeypatch, {})
    with pytest.raises(errors.ConnectError, match="DNS lookup failed for nowhere.test"):
        fetch("http://nowhere.test/", local(allow_private_networks=False))


# --- URLs and content types -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["ftp://files.example/feed.xml", "javascript:alert(1)", "not a url", "http:///x"])
def test_unusable_urls_are_invalid(url):
    with pytest.raises(errors.InvalidURL) as caught:
        fetch(url, local())
    assert caught.value.url == url
    assert caught.value.reason == Reason.INVALID_URL


def test_image_where_a_page_was_expected_is_refused(http_server):
    http_server.route("/pic", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    with pytest.raises(errors.UnexpectedContentType, match="expected an HTML page but got image/png"):
        fetch(http_server.url("/pic"), local(), accept="page")


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/atom+xml; charset=utf-8", b"<feed/>"),
        ("text/html", b"<rss/>"),  # mislabelled, common
        ("application/feed+json", b'{"version": "https://jsonfeed.org/version/1.1"}'),
        ("application/octet-stream", b"\xef\xbb\xbf  <?xml version='1.0'?><rss/>"),
    ],
)
def test_feed_accepts_xml_json_text_and_unlabelled_feeds(http_server, content_type, body):
    http_server.route("/f", body, content_type=content_type)
    assert fetch(http_server.url("/f"), local(), accept="feed").content == body


@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/pdf", b"%PDF-1.7"),
        ("image/jpeg", b"\xff\xd8\xff"),
        ("application/octet-stream", b"PK\x03\x04 zip"),
    ],
)
def test_feed_refuses_binary_bodies(http_server, content_type, body):
    http_server.route("/f", body, content_type=content_type)
    with pytest.raises(errors.UnexpectedContentType, match="feed"):
        fetch(http_server.url("/f"), local(), accept="feed")


def test_any_accepts_whatever_comes(http_server):
    http_server.route("/pic", b"\x89PNG", content_type="image/png")
    result = fetch(http_server.url("/pic"), local())
    assert result.content_type == "image/png" and result.charset is None
