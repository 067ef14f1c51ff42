"""Cache-Control for every GET answer: who may keep a copy, and for how long.

1. Staff (a signed-in user): ``private, no-store``: admin pages and anything rendered for an editor stay
   out of every cache, the browser's included.
2. A page that carries a CSRF token (the admin login; the comment form when rendered for one reader, e.g.
   re-shown with an error: a shared article page's form has none, see ``comments.origin``) or any answer
   for a browser with a session (a reader's own held comments, a flash message): ``private, no-cache``.
   A shared cache must never hand one reader's token or session-specific page to another; the reader's
   own browser may keep it but asks us first (ETag / Last-Modified, answered 304).
3. Everything else (front page, article, story and source pages, feeds, the API, sitemaps): ``public`` with
   ``max-age`` = ``NEWSDESK_HTTP_MAX_AGE`` seconds and ``stale-while-revalidate`` for as long again, so a
   proxy or browser may serve a copy that old. With the server's own cache (see ``pagecache``) that puts a
   bound on how stale a comment count can look: see the README's Settings table.

A view that sets its own Cache-Control keeps it. Only 200 answers to GET/HEAD are marked public: an error
or a redirect is left as Django made it.

The middleware sits after ConditionalGetMiddleware and before CsrfViewMiddleware in ``MIDDLEWARE``, so it
runs after the CSRF middleware has decided whether to set the cookie, and before the ETag is computed.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


def carries_reader_state(request) -> bool:
    """Whether this request may be answered with something only this browser may see."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


class CacheControlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        elif request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or carries_reader_state(request) or response.cookies:
            patch_cache_control(response, private=True, no_cache=True)
        elif response.status_code == 200:
            max_age = settings.NEWSDESK_HTTP_MAX_AGE
            patch_cache_control(response, public=True, max_age=max_age, stale_while_revalidate=max_age)
            # The same address answers a browser with a session (a reader who just commented) differently:
            # a shared cache must keep that reader's answer apart from everyone else's.
            patch_vary_headers(response, ["Cookie"])
        return response
