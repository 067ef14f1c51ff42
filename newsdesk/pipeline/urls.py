"""URL canonicalisation: one spelling per article, so listing it twice (or with tracking tags) stores it once."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from newsdesk.pipeline.errors import InvalidURL

# Query parameters that only say how a reader arrived, never which page it is.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gclsrc",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
        "ref_src",
        "cmpid",
        "ncid",
        "ito",
        "at_medium",
        "at_campaign",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
    }
)
TRACKING_PREFIXES = ("utm_", "__twitter", "_ga")
DEFAULT_PORTS = {"http": 80, "https": 443}
# The longest URL we store (Article.url and canonical_url are 2,000 characters; browsers' own practical limit).
MAX_URL_LENGTH = 2000
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def canonicalize(url: str) -> str:
    """Lower-case scheme and host, drop default ports, fragments and tracking parameters, sort the query.

    Raises InvalidURL for what cannot be one (a port over 65535, an unclosed "[", a lone surrogate).

    >>> canonicalize("HTTPS://Example.COM:443/a/b?utm_source=rss&id=7&b=2#top")
    'https://example.com/a/b?b=2&id=7'
    """
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - urlsplit checks the port only when it is read
        url.encode("utf-8")
    except (ValueError, UnicodeEncodeError) as exc:
        raise InvalidURL(f"not a usable URL ({exc})", url=url) from exc
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    netloc = f"[{host}]" if ":" in host else host
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{parts.port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_parameter(name)
    )
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def web_url_problem(url: object) -> str | None:
    """Why ``url`` cannot be an article or feed address we fetch and store, or None when it can be.

    Strangers' feeds and pages carry every kind of link; this is the one test of the readers (feeds,
    sitemaps, pages) before a URL leaves the pipeline, so nothing downstream meets one that fails.
    """
    if not isinstance(url, str) or not url:
        return "no URL"
    if len(url) > MAX_URL_LENGTH:
        return f"longer than {MAX_URL_LENGTH} characters"
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return str(exc)
    if parts.scheme not in ("http", "https"):
        return f"not http(s) ({parts.scheme or 'no scheme'})"
    if not parts.hostname:
        return "no host"
    try:
        canonical = canonicalize(url)
    except InvalidURL as exc:
        return exc.message
    if len(canonical) > MAX_URL_LENGTH:
        return f"longer than {MAX_URL_LENGTH} characters once canonical"
    if _CONTROL.search(url):
        return "a control character in it"  # no request should carry one, and PostgreSQL cannot store NUL
    if any(char.isspace() for char in parts.netloc):
        return "a space in the host"
    return None


def is_web_url(url: object) -> bool:
    """An absolute http(s) URL we can fetch, store and canonicalise (see ``web_url_problem``)."""
    return web_url_problem(url) is None


def join_url(base: str, reference: object) -> str:
    """``reference`` resolved against ``base``; "" when it is not a string or cannot be resolved."""
    if not isinstance(reference, str):
        return ""
    try:
        return urljoin(base, reference.strip())
    except ValueError:  # e.g. "http://[::1": urlsplit refuses an unclosed IPv6 bracket
        return ""


def domain_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


_SITE_PREFIXES = ("www.", "m.", "amp.", "mobile.")


def site_of(url: str) -> str:
    host = domain_of(url)
    for prefix in _SITE_PREFIXES:
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def same_site(a: str, b: str) -> bool:
    return site_of(a) == site_of(b)


def declared_canonical(claimed: str) -> str | None:
    """A page's claimed canonical URL, canonicalised, when it can be one; else None.

    A home page is never an article's canonical: many pages carry a site-wide og:url or JSON-LD url, and
    believing it would file every article of that site as one.
    """
    if not is_web_url(claimed):
        return None
    canonical = canonicalize(claimed)
    parts = urlsplit(canonical)
    if parts.path in ("", "/") and not parts.query:
        return None
    return canonical
