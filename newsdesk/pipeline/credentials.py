"""A URL as the public may see it: without the ``user:password@`` an operator put in a feed's address.

Some outlets serve subscriber feeds behind HTTP basic auth, and the credentials live in the source's URL,
where the fetcher needs them. Every public place (pages, feeds, the API, the export) shows this form
instead; only the admin shows the URL as stored. Links found in such a feed and resolved against its
address inherit the credentials too, so article URLs go through here as well.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def without_credentials(url: str) -> str:
    """``https://user:pass@host/feed`` as ``https://host/feed``; any other text unchanged.

    >>> without_credentials("https://ed:s3cret@news.example.org:8443/rss?x=1")
    'https://news.example.org:8443/rss?x=1'
    """
    if not url or "@" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL we can take apart: show none of its authority rather than guess
        return ""
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
