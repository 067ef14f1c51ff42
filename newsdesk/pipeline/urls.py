"""URL canonicalisation: one spelling per article, so listing it twice (or with tracking tags) stores it once."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say how a reader arrived, never which page it is.
TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
    "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wickedid", "ref_src", "cmpid",
    "ncid", "ito", "at_medium", "at_campaign", "guccounter", "guce_referrer", "guce_referrer_sig",
})
TRACKING_PREFIXES = ("utm_", "__twitter", "_ga")
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def canonicalize(url: str) -> str:
    """Lower-case scheme and host, drop default ports, fragments and tracking parameters, sort the query.

    >>> canonicalize("HTTPS://Example.COM:443/a/b?utm_source=rss&id=7&b=2#top")
    'https://example.com/a/b?b=2&id=7'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    netloc = f"[{host}]" if ":" in host else host
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{parts.port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    query = sorted(
        (name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_parameter(name)
    )
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def domain_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


_SITE_PREFIXES = ("www.", "m.", "amp.", "mobile.")


def site_of(url: str) -> str:
    host = domain_of(url)
    for prefix in _SITE_PREFIXES:
        if host.startswith(prefix):
            return host[len(prefix):]
    return host


def same_site(a: str, b: str) -> bool:
    return site_of(a) == site_of(b)


def declared_canonical(claimed: str) -> str | None:
    """A page's claimed canonical URL, canonicalised, when it can be one; else None.

    A home page is never an article's canonical: many pages carry a site-wide og:url or JSON-LD url, and
    believing it would file every article of that site as one.
    """
    if not claimed or not claimed.startswith(("http://", "https://")):
        return None
    canonical = canonicalize(claimed)
    parts = urlsplit(canonical)
    if parts.path in ("", "/") and not parts.query:
        return None
    return canonical
