"""Whether a posted comment came from a form on our own pages: the comment form's CSRF defence.

The article page is the most read page of the site, and it is the same for every anonymous reader, so it is
kept by shared caches (our stored pages, nginx, a CDN) like the story and front pages. A per-reader CSRF token
in its form would make every copy private and every request reach Django. So the comment form carries no
token, and the post is checked with the headers a browser itself sets and a page cannot forge (OWASP's
"verifying origin with standard headers" and Fetch Metadata defences):

1. ``Sec-Fetch-Site`` (sent by every current browser): ``same-origin`` passes; any other value fails.
2. Otherwise ``Origin`` (sent with every cross-origin POST, and with same-origin POSTs by current browsers):
   our own scheme and host, or one of ``CSRF_TRUSTED_ORIGINS``, passes; any other value, ``null`` included,
   fails.
3. With neither header (an old browser, a privacy proxy that strips them, Django's test client), Django's own
   check decides: the CSRF cookie and the token of a form we rendered for this reader.

A post that fails is not lost: the view shows the form again, filled in, with this reader's own token (a
private answer), and sending it again passes step 3. Posting a comment needs no sign-in and grants nothing,
so what the check protects is a reader's name on a comment they never wrote.
"""

from __future__ import annotations

from enum import Enum

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware


class Verdict(Enum):
    OURS = "ours"
    FOREIGN = "foreign"
    UNKNOWN = "unknown"


def headers_verdict(request) -> Verdict:
    """What the browser's own headers say about where the form was."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site:
        return Verdict.OURS if fetch_site == "same-origin" else Verdict.FOREIGN
    origin = request.META.get("HTTP_ORIGIN")
    if origin:
        return Verdict.OURS if origin in _our_origins(request) else Verdict.FOREIGN
    return Verdict.UNKNOWN


def posted_from_our_pages(request) -> bool:
    verdict = headers_verdict(request)
    if verdict is Verdict.UNKNOWN:
        return _django_csrf_check_passes(request)
    return verdict is Verdict.OURS


def _our_origins(request) -> set[str]:
    # get_host() validates the Host header against ALLOWED_HOSTS, so a forged Host cannot make itself ours.
    return {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}


def _django_csrf_check_passes(request) -> bool:
    """Django's CsrfViewMiddleware verdict (cookie + masked token, Referer on HTTPS) for this request. The
    middleware in ``MIDDLEWARE`` has already read the cookie (``process_request`` runs for exempt views too);
    only its check, which the exemption skipped, is run here."""
    return CsrfViewMiddleware(lambda _request: None).process_view(request, None, (), {}) is None
