"""Rendered pages kept in the server's cache (Django's cache framework), served while their stamp matches.

How a stored page stays fresh without anyone invalidating it:

- Article and story pages are stored with their *stamp* (``page_stamps``): the values they show that
  change in normal operation, read by one small query on every request. A request whose stamp differs
  from the stored one renders afresh, so no worker, in any process, serves a page older than its data:
  a newly approved comment (or one taken down, even by a bulk admin action) is in the very next answer.
  What the stamp leaves out is bounded by the stored copy's lifetime, ``NEWSDESK_PAGE_CACHE_SECONDS``.
- The front page shows a ranking that moves with every new article. It is stored under a generation that
  every ORM save or delete of an article, story or comment renews (``signals``), and for at most
  ``NEWSDESK_PAGE_CACHE_SECONDS``, which bounds what sends no signal (bulk updates such as the admin's
  approve action); a browser or proxy may add the public HTTP max-age (see ``http_cache``).

The article page is the same for every anonymous reader, so its answers are public like the others: its
comment form carries no CSRF token (a post is checked by the browser's Origin / Sec-Fetch-Site headers, see
``comments.origin``), and the stored copy holds a placeholder where the form's signed "issued at" token goes,
filled in per answer (``personalise``), so the spam check's minimum time counts from when Django last
answered, not from when the copy was stored. Requests from a browser with a session or a flash message (a
reader who just posted, staff) and requests with a query string other than ``?page=`` are rendered fresh,
with a CSRF token in the form, and never stored.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.http import http_date

from newsdesk.web.http_cache import carries_reader_state

# Letters and digits only, so escaping leaves them as they are; long enough never to occur in real text.
ISSUED_PLACEHOLDER = "newsdeskIssuedTokenPlaceholder5f2a8c3e61"
# Put into the template context of a shared rendering: the comment section leaves out {% csrf_token %} and
# prints the placeholder.
PLACEHOLDER_CONTEXT = {"shared_page": True, "comment_issued_token": ISSUED_PLACEHOLDER}
SHAREABLE_QUERY_KEYS = {"page"}
LISTING_GENERATION_KEY = "page:listing-generation"


@dataclass(frozen=True)
class StoredPage:
    stamp: tuple | None  # None when the stamp's row could not be read: stored, never served from the cache
    html: str
    url: str  # the page's one address: a request for another slug is redirected there
    last_modified: datetime | None

    @property
    def etag_base(self) -> str:
        return fingerprint(self.stamp, self.url)


def shareable(request) -> bool:
    """Whether this request gets the same page as any anonymous reader (so a stored copy may answer it)."""
    return (
        settings.NEWSDESK_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not carries_reader_state(request)
        and set(request.GET) <= SHAREABLE_QUERY_KEYS
    )


def fingerprint(*values) -> str:
    """A short digest of values; equal values, equal digest."""
    return hashlib.blake2b(repr(values).encode("utf-8"), digest_size=12).hexdigest()


def lookup(key: str, stamp: tuple) -> StoredPage | None:
    stored = cache.get(key)
    return stored if isinstance(stored, StoredPage) and stored.stamp == stamp else None


def store(key: str, page: StoredPage) -> StoredPage:
    cache.set(key, page, settings.NEWSDESK_PAGE_CACHE_SECONDS)
    return page


def listing_key(name: str) -> str:
    """A key for a listing page (the front page) under the current generation; see ``signals``."""
    return f"page:{name}:{cache.get(LISTING_GENERATION_KEY, 0)}"


def new_listing_generation() -> None:
    cache.set(LISTING_GENERATION_KEY, time.time_ns(), None)


def stored_listing(view):
    """A view decorator for listings that answer every anonymous reader alike (the API's lists).

    The whole answer is stored per address under the listing generation: renewed by any article, story or
    comment saved (``signals``), kept at most ``NEWSDESK_PAGE_CACHE_SECONDS``.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            settings.NEWSDESK_PAGE_CACHE_SECONDS <= 0
            or request.method not in ("GET", "HEAD")
            or carries_reader_state(request)
        ):
            return view(request, *args, **kwargs)
        key = listing_key("answer:" + fingerprint(request.get_full_path()))
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            return HttpResponse(content, headers=headers)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = {name: response[name] for name in ("Content-Type", "Last-Modified") if response.has_header(name)}
            cache.set(key, (response.content, headers), settings.NEWSDESK_PAGE_CACHE_SECONDS)
        return response

    return wrapper


def get_or_render(key: str, render: Callable[[], object]):
    """For pages kept for a fixed time: the stored value, or ``render()`` stored now."""
    value = cache.get(key)
    if value is None:
        value = render()
        cache.set(key, value, settings.NEWSDESK_PAGE_CACHE_SECONDS)
    return value


def personalise(html: str, issued_token: str = "") -> str:
    """The comment form's "issued at" token in place of its placeholder."""
    return html.replace(ISSUED_PLACEHOLDER, issued_token) if ISSUED_PLACEHOLDER in html else html


def answer(request, page: StoredPage, issued_token: str = "") -> HttpResponse:
    """The stored page, with Last-Modified and a weak ETag.

    The ETag leaves the issued token out: a browser that revalidates keeps its copy's older token, which the
    spam check accepts for two days (and then asks for the comment to be sent again, text kept).
    """
    response = HttpResponse(personalise(page.html, issued_token))
    response["ETag"] = f'W/"{page.etag_base}"'
    if page.last_modified:
        response["Last-Modified"] = http_date(page.last_modified.timestamp())
    return response
