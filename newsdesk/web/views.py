"""The answer to a request that failed on something we did not expect (Django's ``handler500``).

A database that is locked, full or unreachable is not a bug of the page: the reader gets 503 Service
Unavailable with ``Retry-After``, which tells browsers, crawlers and the caching proxy to come back rather
than to keep an error, and the operator gets a log line saying what to do (``dbhealth``), beside Django's
own ``django.request`` line with the traceback. Anything else is a plain 500. Neither shows a traceback.

The page is rendered without the request's context processors: a session or message store on the same
broken database must not fail the error page too.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from newsdesk.core import dbhealth

logger = logging.getLogger(__name__)

# Long enough for a lock to pass or an operator to react, short enough that readers are not turned away long.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    error = sys.exc_info()[1]  # Django calls this view while handling the exception
    unavailable = isinstance(error, (OperationalError, InterfaceError))
    if isinstance(error, DatabaseError):
        problem = dbhealth.explain(error, connection.settings_dict)
        if problem is not None:
            logger.error(
                "database error in a request, answered %s: path=%s %s",
                503 if unavailable else 500,
                request.path,
                problem,
            )
    status = 503 if unavailable else 500
    message = (
        "The site cannot reach its database just now. Please try again in a moment."
        if unavailable
        else "Something went wrong on our side. It has been logged."
    )
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=status)
    else:
        html = render_to_string(
            "web/server_error.html", {"site_name": settings.NEWSDESK_SITE_NAME, "status": status, "message": message}
        )
        response = HttpResponse(html, status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"  # no cache, proxy or browser keeps an error in place of the page
    return response
