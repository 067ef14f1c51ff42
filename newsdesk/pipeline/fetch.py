"""Stage 1: one guarded HTTP GET. Every outgoing request newsdesk makes goes through ``Fetcher.get``.

What ``get`` does, in order (the comments in ``Fetcher.get`` reuse the numbers):

1. Check the URL: http(s) only, a host, and no IP literal in private space (-> InvalidURL, BlockedAddress).
2. Send the GET on a shared httpx.Client whose transport resolves names and refuses non-public addresses
   at connect time (``netguard``), so DNS rebinding cannot slip a private address past the check.
   Timeouts for the hop are the configured ones, clamped to what is left of ``total_timeout``; and the
   transport holds every socket wait (connect, TLS, status line, headers, body) to that one deadline
   (``deadlines``), so a server sending a byte a second is cut off on time, not just one that goes quiet.
3. Follow redirects here rather than in httpx, so every hop passes steps 1-2 and is counted.
4. Judge the answer: 304 is a result, 4xx/5xx raise HTTPStatusError with Retry-After kept.
5. Check the Content-Type against what the caller expects (``accept``), before reading the body.
6. Stream the body, counting DECODED bytes against ``max_bytes`` (a gzip bomb hits the cap too) and
   checking the total deadline between chunks (for mounted transports, which have no sockets to hold).

Every failure is one of the classes in ``errors``, with ``url`` set to the URL the caller asked for and a
message an operator can act on. Hosts listed in ``FetchConfig.mounts`` go to the given transport instead
of the network (the offline demo newsroom); the address guard does not apply to them.

Cookies are never stored: one client serves every source, and a session cookie from one fetch should not
follow us into the next. A site that insists on a cookie round-trip ends in TooManyRedirects.
"""

from __future__ import annotations

import email.utils
import logging
import time
import types
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import httpx

from newsdesk.pipeline import deadlines, errors, netguard
from newsdesk.pipeline.politeness import HostLimiter, HostPolicy

logger = logging.getLogger(__name__)

_ACCEPT_HEADERS = {
    "page": "text/html, application/xhtml+xml;q=0.9, */*;q=0.1",
    "feed": "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, */*;q=0.1",
    # A source's listing: a feed, or a sitemap (XML, or gzip served as a file), whichever it turns out to be.
    "source": "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, application/gzip;q=0.5, */*;q=0.1",
    "any": "*/*",
}
_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Types that say nothing about the body; for them we look at the first bytes instead (see _check_body).
_UNLABELLED_TYPES = frozenset({"", "application/octet-stream"})
_GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip"})  # sitemap.xml.gz served as a file
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchConfig:
    user_agent: str = "newsdesk/0.1 (+https://github.com/newsdesk/newsdesk)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # the whole get(), redirects and body included
    max_bytes: int = 10 * 1024 * 1024  # counted on the decoded body
    max_redirects: int = 5
    host_policy: HostPolicy = HostPolicy()  # default politeness, when the Fetcher has a limiter
    allow_private_networks: bool = False
    mounts: Mapping[str, httpx.BaseTransport] = field(default_factory=dict)  # hostname -> transport


@dataclass(frozen=True)
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    status_code: int  # 2xx or 304
    headers: Mapping[str, str]  # lower-cased names; repeated headers joined with ", "
    content: bytes  # b"" for 304
    content_type: str  # "text/html": lower-cased, no parameters; "" when the server sent none
    charset: str | None  # from the Content-Type header, lower-cased
    etag: str | None  # on a 304 without an ETag header, the etag that was sent
    last_modified: str | None  # likewise

    @property
    def not_modified(self) -> bool:
        return self.status_code == 304


@dataclass(frozen=True)
class _Budget:
    at: float  # time.monotonic() by which every request of the block has ended
    seconds: float
    what: str


_budget: ContextVar[_Budget | None] = ContextVar("newsdesk_fetch_budget", default=None)


@contextmanager
def budget(seconds: float, what: str) -> Iterator[None]:
    """Every request made in this block (on this thread) ends within ``seconds`` of its start, all together.

    For work that makes several requests: a sitemap index and its children, finding a site's feeds (the page,
    the feeds it advertises, robots.txt, sitemaps). Each request keeps its own deadline too; this bounds their
    sum, so ten slow answers cannot hold one poll for ten deadlines. ``what`` names the work in the
    message ("no complete answer: this poll took more than 120 s in all"). An inner budget never extends
    an outer one."""
    outer = _budget.get()
    at = time.monotonic() + seconds
    if outer is not None and outer.at <= at:
        yield
        return
    token = _budget.set(_Budget(at, seconds, what))
    try:
        yield
    finally:
        _budget.reset(token)


class _Borrowed(httpx.BaseTransport):
    """A mounted transport belongs to the config, which outlives any one Fetcher: never close it."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._inner.handle_request(request)


class Fetcher:
    """Holds one httpx.Client (connection pooling); ``get`` may be called from several threads at once."""

    def __init__(self, config: FetchConfig, *, limiter: HostLimiter | None = None) -> None:
        self.config = config
        self.limiter = limiter
        self._mounted = frozenset(host.lower() for host in config.mounts)
        transport = deadlines.transport() if config.allow_private_networks else netguard.guarded_transport()
        self._client = httpx.Client(
            transport=transport,
            mounts={f"all://{host.lower()}": _Borrowed(t) for host, t in config.mounts.items()},
            headers={"User-Agent": config.user_agent},
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),  # a policy that accepts none
            follow_redirects=False,
            trust_env=False,  # no proxies or .netrc from the environment: they would route around the guard
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self,
        url: str,
        *,
        accept: str = "any",
        etag: str | None = None,
        last_modified: str | None = None,
        policy: HostPolicy | None = None,
    ) -> FetchResult:
        if accept not in _ACCEPT_HEADERS:
            raise ValueError(f"accept must be one of {sorted(_ACCEPT_HEADERS)}, not {accept!r}")
        deadline = time.monotonic() + self.config.total_timeout
        headers = {"Accept": _ACCEPT_HEADERS[accept]}
        # Conditional headers go on every hop: the caller stored them from the final URL of the last fetch.
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        try:
            for _hop in range(self.config.max_redirects + 1):
                target = self._check_url(current)  # 1
                with self._polite(target, policy) as waited:
                    deadline += waited  # waiting our turn at a busy host is not the server being slow
                    # The work this request is part of may have less time left than the request (``budget``).
                    shared = _budget.get()
                    ends = deadline if shared is None else min(deadline, shared.at)
                    with (
                        deadlines.deadline(ends),  # held at every socket wait below, from the first byte
                        self._translate_errors(target, ends),
                        self._client.stream(  # 2
                            "GET", target, headers=headers, timeout=self._hop_timeout(ends)
                        ) as response,
                    ):
                        location = response.headers.get("location")
                        if response.status_code in _REDIRECT_STATUSES and location:  # 3
                            current = str(_join(target, location))
                            logger.debug("redirect url=%s status=%s to=%s", target, response.status_code, current)
                            continue
                        result = self._finish(url, response, accept, ends, etag, last_modified)  # 4-6
                logger.debug(
                    "fetched url=%s final_url=%s status=%s bytes=%d",
                    url,
                    result.final_url,
                    result.status_code,
                    len(result.content),
                )
                return result
            raise errors.TooManyRedirects(f"more than {self.config.max_redirects} redirects (last to {current})")
        except errors.PipelineError as exc:
            exc.url = url
            if current != url and not isinstance(exc, errors.TooManyRedirects):
                exc.message = f"{exc.message} (after redirect to {current})"
            raise

    def _polite(self, target: httpx.URL, policy: HostPolicy | None) -> AbstractContextManager[float]:
        """The host's politeness slot, when a limiter is set; mounted hosts are not on the network."""
        if self.limiter is None or target.host in self._mounted:
            return nullcontext(0.0)
        return self.limiter.slot(target.host, policy or self.config.host_policy)

    def _check_url(self, url: str) -> httpx.URL:
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise errors.InvalidURL(f"{url!r} is not a valid URL: {exc}") from exc
        if not parsed.scheme:
            raise errors.InvalidURL(f"{url!r} is not an absolute URL")
        if parsed.scheme not in ("http", "https"):
            raise errors.InvalidURL(f"only http and https URLs can be fetched, not {parsed.scheme}: URLs")
        if not parsed.host:
            raise errors.InvalidURL(f"{url!r} has no host")
        if not self.config.allow_private_networks and parsed.host not in self._mounted:
            netguard.check_ip_literal(parsed.host)
        return parsed

    def _hop_timeout(self, deadline: float) -> httpx.Timeout:
        # Each wait is also capped by what is left of the total, so one slow hop cannot overrun it by much.
        left = deadline - time.monotonic()
        if left <= 0:
            raise errors.FetchTimeout(self._out_of_time(deadline))
        connect, read = min(self.config.connect_timeout, left), min(self.config.read_timeout, left)
        return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)

    @contextmanager
    def _translate_errors(self, target: httpx.URL, deadline: float) -> Iterator[None]:
        """Turn httpx's exceptions into the pipeline's, with a message naming the host and the limit."""
        host = target.netloc.decode("ascii", "replace")
        try:
            yield
        except httpx.TimeoutException as exc:
            if time.monotonic() >= deadline - 0.01:
                message = self._out_of_time(deadline)
            elif isinstance(exc, httpx.ConnectTimeout):
                message = f"could not connect to {host} within {self.config.connect_timeout:g} s"
            else:
                message = f"{host} sent nothing for {self.config.read_timeout:g} s"
            raise errors.FetchTimeout(message) from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise errors.InvalidURL(f"cannot request {target}: {exc}") from exc
        except httpx.ConnectError as exc:
            raise errors.ConnectError(f"could not connect to {host}: {exc}") from exc
        except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            # A reset or a half-sent answer is a server hiccup, worth retrying like a refused connection.
            raise errors.ConnectError(f"connection to {host} broke: {exc or type(exc).__name__}") from exc
        except httpx.HTTPError as exc:  # e.g. DecodingError (corrupt gzip)
            raise errors.BadResponse(f"unreadable answer from {host}: {exc}") from exc

    def _finish(
        self,
        url: str,
        response: httpx.Response,
        accept: str,
        deadline: float,
        etag: str | None,
        last_modified: str | None,
    ) -> FetchResult:
        status = response.status_code
        if status >= 400 or not (200 <= status < 300 or status == 304):  # 4
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            raise errors.HTTPStatusError(
                f"server answered {status} {response.reason_phrase}".rstrip(),
                status_code=status,
                retry_after=retry_after,
            )
        content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        content = b""
        if status != 304:
            _check_content_type(accept, content_type)  # 5
            content = self._read_capped(response, deadline)  # 6
            _check_body(accept, content_type, content)
        headers = dict(response.headers.items())  # httpx lower-cases the names
        return FetchResult(
            url=url,
            final_url=str(response.url),
            status_code=status,
            headers=types.MappingProxyType(headers),
            content=content,
            content_type=content_type,
            charset=response.charset_encoding.lower() if response.charset_encoding else None,
            etag=headers.get("etag") or (etag if status == 304 else None),
            last_modified=headers.get("last-modified") or (last_modified if status == 304 else None),
        )

    def _out_of_time(self, deadline: float) -> str:
        """Why a request ran out of time: its own deadline, or the budget of the work it is part of."""
        shared = _budget.get()
        if shared is not None and deadline >= shared.at:
            return f"no complete answer: {shared.what} took more than {shared.seconds:g} s in all"
        return f"no complete answer within {self.config.total_timeout:g} s"

    def _read_capped(self, response: httpx.Response, deadline: float) -> bytes:
        limit = self.config.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise errors.TooLarge(f"body of {_size(int(declared))} exceeds {_size(limit)} limit")
        chunks, total = [], 0
        for chunk in response.iter_bytes():  # decoded: gzip/deflate already undone here
            total += len(chunk)
            if total > limit:
                decoded = " once decompressed" if response.headers.get("content-encoding") else ""
                raise errors.TooLarge(f"body exceeds {_size(limit)} limit{decoded}")
            if time.monotonic() > deadline:
                raise errors.FetchTimeout(self._out_of_time(deadline))
            chunks.append(chunk)
        return b"".join(chunks)


def fetch(url: str, config: FetchConfig, **kwargs: Any) -> FetchResult:
    """One GET with a throwaway Fetcher; use a Fetcher to reuse connections across many requests."""
    with Fetcher(config) as fetcher:
        return fetcher.get(url, **kwargs)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header, in either delta-seconds or HTTP-date form."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _check_content_type(accept: str, content_type: str) -> None:
    """Refuse a declared type the caller cannot use; unlabelled bodies are judged later by _check_body.

    Feeds are accepted under any XML or JSON type and any text/* type, because many servers label
    feeds text/html or text/plain; everything else (images, PDFs, archives...) is refused.
    """
    if accept == "any" or content_type in _UNLABELLED_TYPES:
        return
    if accept == "page" and content_type not in _PAGE_TYPES:
        raise errors.UnexpectedContentType(f"expected an HTML page but got {content_type}")
    if accept in ("feed", "source"):
        subtype = content_type.partition("/")[2]
        if accept == "source" and content_type in _GZIP_TYPES:
            return
        if not (content_type.startswith("text/") or subtype.endswith("xml") or subtype.endswith("json")):
            raise errors.UnexpectedContentType(f"expected {_EXPECTED[accept]} but got {content_type}")


_EXPECTED = {"page": "an HTML page", "feed": "an RSS, Atom or JSON feed", "source": "a feed or a sitemap"}


def _check_body(accept: str, content_type: str, content: bytes) -> None:
    """For a body with no useful Content-Type, accept it only if it starts like markup (or JSON, for feeds;
    or gzip, for a source's sitemap)."""
    if accept == "any" or content_type not in _UNLABELLED_TYPES:
        return
    if accept == "source" and content.startswith(b"\x1f\x8b"):
        return
    start = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")[:1]  # skip a UTF-8 byte order mark and whitespace
    wanted = b"<" if accept == "page" else b"<{"
    if not start or start not in wanted:
        label = content_type or "no Content-Type"
        expected = _EXPECTED[accept]
        raise errors.UnexpectedContentType(f"expected {expected} but the body ({label}) does not look like one")


def _join(base: httpx.URL, location: str) -> httpx.URL:
    try:
        return base.join(location)
    except httpx.InvalidURL as exc:
        raise errors.InvalidURL(f"redirect to an invalid URL {location!r}: {exc}") from exc


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"
