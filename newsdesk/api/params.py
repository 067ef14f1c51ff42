"""What a client may send the API, checked once at its edge, and the one error shape it gets when it may not.

Every parameter is declared with one of the types here, so a value the database would choke on (an id beyond
64 bits, a NUL byte, which PostgreSQL refuses in text) is refused before any view runs: 400 with an
``ErrorOut`` naming the parameter and why. A date that leaves datetime's range once its offset is applied is
a valid date-time all the same: it is taken as that end of the range. ``pagination`` and the views hold no
checks of their own beyond these.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, Field, WithJsonSchema

from newsdesk.pipeline.dating import clamped_utc

MAX_ROW_ID = 2**63 - 1  # a 64-bit signed column: SQLite INTEGER, PostgreSQL bigint
MAX_CURSOR_CHARS = 500  # ours are under 150: nothing longer is decoded


# What a date filter takes: an RFC 3339 date-time (with its offset) or a day (midnight UTC). Nothing else, so
# the schema can say exactly what is accepted (pydantic alone would also take "0.0" as a Unix time).
_DAY = r"\d{4}-\d{2}-\d{2}"
_MOMENT = re.compile(rf"{_DAY}(?:[Tt ]\d{{2}}:\d{{2}}:\d{{2}}(?:\.\d{{1,6}})?(?:[Zz]|[+-]\d{{2}}:\d{{2}}))?")


def parse_moment(value):
    """A date filter's value in UTC. A moment past either end of what datetime holds in UTC
    (``0001-01-01T00:00+14:00`` is still year 0 in UTC) becomes that end, which filters the same."""
    if isinstance(value, datetime):
        return clamped_utc(value)
    if not isinstance(value, str) or not _MOMENT.fullmatch(value):
        raise ValueError("give a date (2024-05-01) or a date and time with its offset (2024-05-01T12:00:00Z)")
    return clamped_utc(datetime.fromisoformat(value.upper()))


Moment = Annotated[
    datetime,
    BeforeValidator(parse_moment),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}]}),
]

RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]

NO_NUL = r"^[^\x00]*$"  # in the schema too, so clients know
Text = Annotated[str, Field(pattern=NO_NUL)]
Cursor = Annotated[
    str,
    Field(pattern=NO_NUL, max_length=MAX_CURSOR_CHARS, description="The next_cursor of the previous page, unchanged."),
]


class ParameterError(Schema):
    loc: list[str | int]  # where: ["query", "since"], ["path", "article_id"]
    msg: str


class ErrorOut(Schema):
    """Every 4xx answer of the API: a sentence, and for parameters that failed validation, each one."""

    detail: str
    errors: list[ParameterError] = []


def validation_detail(errors: list[dict]) -> dict:
    """``ErrorOut`` for ninja's validation errors: one sentence naming each parameter, and the list."""
    named = [
        {
            "loc": [str(part) if not isinstance(part, int) else part for part in error.get("loc", ())],
            "msg": str(error.get("msg", "invalid")),
        }
        for error in errors
    ]
    # loc is (where, name, ...): "query", "since"; a schema of query parameters nests one level deeper.
    sentence = "; ".join(f"{_name(e['loc'])}: {e['msg']}" for e in named)
    return {"detail": f"Invalid parameter {sentence}" if named else "Invalid parameters.", "errors": named}


def _name(loc: Sequence[str | int]) -> str:
    parts = [str(part) for part in loc[1:]] or [str(part) for part in loc]
    return ".".join(parts)


# The error answers an operation may give, for its ``response=`` mapping and so for the OpenAPI schema. 503 is
# a database that cannot be reached just now, with Retry-After (web.views.server_error answers it).
BAD_REQUEST = {400: ErrorOut, 503: ErrorOut}
NOT_FOUND = {**BAD_REQUEST, 404: ErrorOut}
