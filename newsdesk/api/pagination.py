"""Cursor pagination: stable under inserts, cheap at any depth (a keyset, never an OFFSET).

A cursor is the sort key of the last item served, (time, primary key), as opaque base64url text.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from django.db.models import Q
from ninja.errors import HttpError

MAX_LIMIT = 100


def encode(moment: datetime, pk) -> str:
    raw = json.dumps([moment.isoformat(), str(pk)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment, pk = json.loads(raw)
        return datetime.fromisoformat(moment), pk
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise HttpError(400, "Invalid cursor: pass the next_cursor value of a previous page unchanged.") from None


def page(queryset, *, field: str, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """Items newest first by ``field`` (then primary key), after ``cursor``; and the next page's cursor."""
    limit = max(1, min(limit, MAX_LIMIT))
    queryset = queryset.order_by(f"-{field}", "-pk")
    if cursor:
        moment, pk = decode(cursor)
        queryset = queryset.filter(Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk}))
    items = list(queryset[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    next_cursor = encode(getattr(items[-1], field), items[-1].pk) if more else None
    return items, next_cursor
