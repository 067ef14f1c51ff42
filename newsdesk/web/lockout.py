"""The page a locked-out admin login gets (django-axes' AXES_LOCKOUT_CALLABLE): a 429 that says why and when."""

from __future__ import annotations

import math

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    minutes = max(1, math.ceil(settings.NEWSDESK_LOGIN_COOLOFF_MINUTES))
    response = render(request, "web/locked_out.html", {"minutes": minutes}, status=429)
    # The lock runs from the last failure, so this is the earliest a retry can work.
    response["Retry-After"] = str(minutes * 60)
    return response
