"""The address of the reader behind a request, the one key for everything limited per client.

``REMOTE_ADDR`` is the peer of the TCP connection: behind nginx it is nginx, so every reader would share
one comment bucket and one login lockout. ``X-Forwarded-For`` names the reader, but anyone can send it, so
it is believed only when the peer is a proxy the operator listed in ``NEWSDESK_TRUSTED_PROXIES``. Each proxy
appends the address it received the request from, so the list is read from the right: the first address
that is not itself a trusted proxy is the client (anything to its left was written by the client and may
be forged).

Used by the comment rate limit (``newsdesk.comments.views``) and by django-axes (``AXES_CLIENT_IP_CALLABLE``).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def parse_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """``("10.0.0.0/8", "127.0.0.1")`` as networks; a single address is a network of one."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"NEWSDESK_TRUSTED_PROXIES: {entry!r} is not an address or a network; "
                "list your proxies' addresses or CIDRs, comma-separated, e.g. 127.0.0.1,10.0.0.0/8."
            ) from None
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443", as some proxies write IPv6
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "198.51.100.7:51234": IPv4 with the client's port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # An IPv4 reader reaching an IPv6 socket shows as ::ffff:a.b.c.d; key it as the IPv4 address it is.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(request) -> str | None:
    """The reader's address as text, or None when the request has no usable one."""
    peer = _address(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    networks = parse_networks(tuple(settings.NEWSDESK_TRUSTED_PROXIES))
    if not networks or not _trusted(peer, networks):
        return str(peer)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-64:]  # no real chain is longer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # Garbage in the header: stop believing it here; the last good hop (or the proxy) is the client.
            break
        if not _trusted(address, networks):
            return str(address)
        peer = address
    # Every hop was a trusted proxy (or the header was empty): the nearest one is all we know.
    return str(peer)
