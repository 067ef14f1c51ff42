"""One absolute deadline per request, held at the socket: connect, TLS, status line, headers and body.

httpx's timeouts are per wait: its read timeout restarts on every ``recv``, so a server that sends one
byte a second is never cut off. Here the caller sets a deadline for the thread's current request,

    with deadlines.deadline(time.monotonic() + 60):
        client.get(url)              # on a transport from deadlines.transport() / DeadlineBackend

and every socket wait underneath (``connect_tcp``, ``start_tls``, each ``read`` and ``write``) gets
``min(its own timeout, time left)``. Once the time is spent, the next wait raises httpcore's timeout for
its phase (ConnectTimeout, ReadTimeout, WriteTimeout), which httpx turns into its own; the connection is
then closed by httpcore and dropped from the pool, so nothing leaks and the next request starts clean.

The deadline lives in a ContextVar because httpcore's sync pool runs each request on the calling thread,
and a pooled connection is shared across requests: the stream cannot hold one request's deadline. Outside
a ``deadline()`` block the streams behave exactly like httpcore's own.

Name resolution is held to the deadline by netguard's backend, which resolves names itself; on the plain
backend (``NEWSDESK_ALLOW_PRIVATE_NETWORKS=1``, the LLM client) the lookup inside ``socket.create_connection``
is bounded only by the system resolver. Transports that are not sockets (httpx mounts such as the demo
newsroom) are not held either; ``fetch`` still checks their bodies between chunks.
"""

from __future__ import annotations

import ssl
import time
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import httpcore
import httpx

_deadline: ContextVar[float | None] = ContextVar("newsdesk_request_deadline", default=None)


@contextmanager
def deadline(at: float) -> Iterator[None]:
    """Every socket wait in this block (on this thread) ends by ``at``, a ``time.monotonic()`` value."""
    token = _deadline.set(at)
    try:
        yield
    finally:
        _deadline.reset(token)


def clamp(timeout: float | None, expired: type[httpcore.TimeoutException]) -> float | None:
    """``timeout`` shortened to the time left; raise ``expired`` once none is left."""
    at = _deadline.get()
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise expired("the request's deadline passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, clamp(timeout, httpcore.ConnectTimeout))
        return DeadlineStream(inner)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Wraps a backend (httpcore's SyncBackend, or netguard's) so its streams keep the deadline."""

    def __init__(self, inner: httpcore.NetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = clamp(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._inner.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = clamp(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def transport(backend: httpcore.NetworkBackend | None = None) -> httpx.HTTPTransport:
    """An httpx transport whose sockets keep the deadline; ``backend`` (default: plain sockets) connects.

    httpx 0.28 has no public argument for a network backend. HTTPTransport keeps its httpcore pool in
    ``_pool`` and uses nothing else to send, so swapping in a pool built with httpcore's public
    constructor keeps httpx's exception mapping and response streaming unchanged; reimplementing the
    transport would copy both. The limits mirror httpx's defaults. If a future httpx renames ``_pool``,
    tests/pipeline/test_fetch.py (a loopback request would reach the test server) and
    tests/pipeline/test_fetch_deadlines.py (slow servers would not be cut off) fail.
    """
    http = httpx.HTTPTransport(trust_env=False)
    http._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=DeadlineBackend(backend),
    )
    return http
