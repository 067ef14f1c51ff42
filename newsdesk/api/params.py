"""What a client may send the API, checked once at its edge, and the one error shape it gets when it may not.

Every parameter is declared with one of the types here, so a value the database or ``datetime`` would choke on
(an id beyond 64 bits, a date that leaves datetime's range once its offset is applied, a NUL byte, which
PostgreSQL refuses in text) is refused before any view runs: 400 with an ``ErrorOut`` naming the parameter
and why. ``pagination`` and the views hold no checks of their own beyond these.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field

MAX_ROW_ID = 2**63 - 1  # a 64-bit signed column: SQLite INTEGER, PostgreSQL bigint
MAX_CURSOR_CHARS = 500  # ours are under 150: nothing longer is decoded


def utc_moment(value: datetime) -> datetime:
    """``value`` in UTC (naive ones are UTC), or ValueError when the shift to UTC leaves datetime's range
    (``0001-01-01T00:00+14:00`` is still year 0 in UTC, which datetime cannot hold)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    try:
        return value.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError("out of range once shifted to UTC: give a date between 0001-01-01 and 9999-12-31 "
                         "in UTC") from None


def no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    return value


Moment = Annotated[datetime, AfterValidator(utc_moment)]
RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]
Text = Annotated[str, AfterValidator(no_nul)]
Cursor = Annotated[str, Field(max_length=MAX_CURSOR_CHARS,
                              description="The next_cursor of the previous page, unchanged."),
                   AfterValidator(no_nul)]


class ParameterError(Schema):
    loc: list[str | int]  # where: ["query", "since"], ["path", "article_id"]
    msg: str


class ErrorOut(Schema):
    """Every 4xx answer of the API: a sentence, and for parameters that failed validation, each one."""

    detail: str
    errors: list[ParameterError] = []


def validation_detail(errors: list[dict]) -> dict:
    """``ErrorOut`` for ninja's validation errors: one sentence naming each parameter, and the list."""
    named = [{"loc": [str(part) if not isinstance(part, int) else part for part in error.get("loc", ())],
              "msg": str(error.get("msg", "invalid"))} for error in errors]
    # loc is (where, name, ...): "query", "since"; a schema of query parameters nests one level deeper.
    sentence = "; ".join(f"{_name(e['loc'])}: {e['msg']}" for e in named)
    return {"detail": f"Invalid parameter {sentence}" if named else "Invalid parameters.", "errors": named}


def _name(loc: list) -> str:
    parts = [str(part) for part in loc[1:]] or [str(part) for part in loc]
    return ".".join(parts)


# The error answers an operation may give, for its ``response=`` mapping and so for the OpenAPI schema.
BAD_REQUEST = {400: ErrorOut}
NOT_FOUND = {400: ErrorOut, 404: ErrorOut}
