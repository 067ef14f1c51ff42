"""Cursor pagination: stable under inserts, cheap at any depth (a keyset, never an OFFSET).

A cursor is the sort key of the last item served, (time, primary key), as opaque base64url text. One a client
made up is refused with a 400 here, whatever it decodes to: only a moment datetime can hold in UTC and a
primary key of the listed model reach the query.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Field, Q
from ninja.errors import HttpError

from newsdesk.api.params import MAX_CURSOR_CHARS, MAX_ROW_ID
from newsdesk.pipeline.dating import clamped_utc

MAX_LIMIT = 100


def encode(moment: datetime, pk) -> str:
    raw = json.dumps([moment.isoformat(), str(pk)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, pk_field: Field) -> tuple[datetime, object]:
    """The (moment, primary key) a cursor holds, each checked as its column's value; HttpError 400 otherwise."""
    try:
        if len(cursor) > MAX_CURSOR_CHARS:
            raise ValueError("too long")
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment, pk = json.loads(raw)
        return clamped_utc(datetime.fromisoformat(moment)), _row_key(pk_field, pk)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError, OverflowError, RecursionError, ValidationError):
        raise HttpError(400, "Invalid cursor: pass the next_cursor value of a previous page unchanged.") from None


def _row_key(pk_field: Field, value):
    if not isinstance(value, str):  # we write every key as text: a number here was not made by us
        raise TypeError("not a key")
    key = pk_field.to_python(value)
    if isinstance(key, int) and not -MAX_ROW_ID - 1 <= key <= MAX_ROW_ID:
        raise ValueError("beyond 64 bits")
    return key


def page(queryset, *, field: str, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """Items newest first by ``field`` (then primary key), after ``cursor``; and the next page's cursor."""
    limit = max(1, min(limit, MAX_LIMIT))
    queryset = queryset.order_by(f"-{field}", "-pk")
    if cursor:
        moment, pk = decode(cursor, queryset.model._meta.pk)
        queryset = queryset.filter(Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk}))
    items = list(queryset[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    next_cursor = encode(getattr(items[-1], field), items[-1].pk) if more else None
    return items, next_cursor
