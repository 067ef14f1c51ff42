"""The SSRF guard under ``fetch``: refuse to connect to private, loopback and other non-public addresses.

A check on the URL alone is not enough: a public-looking name can resolve to 127.0.0.1, and a name can
resolve to a public address when checked and a private one a moment later (DNS rebinding). So the check
lives in the connection layer itself:

    httpx.Client -> guarded_transport() -> httpcore.ConnectionPool(network_backend=DeadlineBackend(GuardedBackend()))
                                                      |
        GuardedBackend.connect_tcp(host, port): getaddrinfo(host) -> refuse if ANY address is non-public
                                                -> connect to one of the checked IP literals

Because the socket is opened to the very address that was checked, there is no second lookup to race.
TLS is unaffected: httpcore passes the original hostname to ``start_tls`` as ``server_hostname``
(``httpcore/_sync/connection.py``), so SNI and certificate checks still use the name, not the IP.

Every new connection goes through ``connect_tcp``, so each redirect hop to a new origin is checked too;
a pooled connection is only reused for the same origin, whose address was checked when it was opened.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import typing
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import httpcore
import httpx

from newsdesk.pipeline import deadlines
from newsdesk.pipeline.errors import BlockedAddress

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")  # RFC 6598, carrier-grade NAT
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the last 32 bits are an IPv4 address

ALLOW_HINT = "set NEWSDESK_ALLOW_PRIVATE_NETWORKS=1 to allow"


def address_problem(ip: IPAddress) -> str | None:
    """Why ``ip`` must not be fetched from ("loopback address", ...), or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address are judged by that address: ::ffff:127.0.0.1 is loopback,
        # and 64:ff9b::8.8.8.8 (NAT64, used on IPv6-only networks) is as public as 8.8.8.8.
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return address_problem(embedded)
    # The specific checks come first so the message names the most useful category; is_private also
    # covers loopback and link-local.
    if ip.is_loopback:
        return "loopback address"
    if ip.is_unspecified:
        return "unspecified address"
    if ip.is_link_local:
        return "link-local address"
    if ip.is_multicast:
        return "multicast address"
    if ip in _SHARED_ADDRESS_SPACE:
        return "carrier-grade NAT address"
    if ip.is_private:
        return "private address"
    if ip.is_reserved:
        return "reserved address"
    if not ip.is_global:
        return "non-public address"
    return None


def blocked_message(host: str, ip: IPAddress, problem: str) -> str:
    shown = host if host == str(ip) else f"{host} ({ip})"
    return f"refused to connect to {shown}: {problem}; {ALLOW_HINT}"


def check_ip_literal(host: str) -> None:
    """Raise BlockedAddress when ``host`` is an IP literal in non-public space; names pass (checked on connect)."""
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return
    problem = address_problem(ip)
    if problem is not None:
        raise BlockedAddress(blocked_message(host, ip, problem))


# getaddrinfo takes no timeout, and a hostile domain's name server can hold a lookup for the resolver's whole
# retry budget; so lookups run here and the request waits at most its connect timeout (already cut to the
# request's deadline). A lookup given up on finishes in the background, bounded by the resolver's own timeouts.
_resolver = ThreadPoolExecutor(max_workers=8, thread_name_prefix="newsdesk-dns")


def _resolve(host: str, port: int, timeout: float | None) -> list[tuple[typing.Any, ...]]:
    """socket.getaddrinfo's entries for the host, within ``timeout``."""
    lookup = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        return lookup.result(timeout)
    except FutureTimeout:
        lookup.cancel()  # still queued behind other slow lookups: never run it
        raise httpcore.ConnectTimeout(f"DNS lookup for {host} took over {timeout:g} s") from None


class GuardedBackend(httpcore.NetworkBackend):
    """A SyncBackend that resolves names itself and only connects to public addresses."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            infos = _resolve(host, port, deadlines.clamp(timeout, httpcore.ConnectTimeout))
        except (socket.gaierror, UnicodeError) as exc:
            # httpcore.ConnectError is what httpx maps to its own ConnectError, so DNS failures surface
            # through the same path as a refused connection.
            raise httpcore.ConnectError(f"DNS lookup failed for {host}: {exc}") from exc
        # getaddrinfo gives one entry per protocol/family combination; keep each address once, in order.
        addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos))
        # Refuse if ANY address is non-public: a name that mixes public and private answers is either
        # misconfigured or an attack, and either way we must not pick the private one by chance.
        for ip in addresses:
            problem = address_problem(ip)
            if problem is not None:
                logger.warning("blocked connection host=%s address=%s problem=%s", host, ip, problem)
                raise BlockedAddress(blocked_message(host, ip, problem))
        last_error: httpcore.ConnectError | None = None
        for ip in addresses:  # like socket.create_connection: try each address until one answers
            try:
                # The lookup and every address tried share the time left (the deadline, or the connect timeout).
                left = deadlines.clamp(timeout, httpcore.ConnectTimeout)
                return self._inner.connect_tcp(str(ip), port, left, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last_error = exc
        assert last_error is not None  # getaddrinfo never returns an empty list without raising
        raise last_error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not allowed")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def guarded_transport() -> httpx.HTTPTransport:
    """An httpx transport whose connections all go through GuardedBackend, under the request's deadline.

    The pool is built by ``deadlines.transport``, which also holds every socket wait to the deadline that
    ``Fetcher.get`` sets for the request.
    """
    return deadlines.transport(GuardedBackend())
