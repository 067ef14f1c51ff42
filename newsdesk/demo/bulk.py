"""Fast multi-row inserts for generated data: one ``executemany`` per batch instead of the ORM's per-object work.

``bulk_create`` builds a model instance and runs every field's preparation for each row; at a million
articles that is most of the time. Here a row is a dict of attribute names to Python values, converted by
one small function per column chosen once for the database in use (SQLite or PostgreSQL). Columns a row
leaves out take the field's default, so a field another app adds later does not break the generator.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC

from django.db import connection, models


def _identity(value):
    return value


def _converter(field: models.Field, vendor: str) -> Callable:
    if field.is_relation:
        field = field.target_field  # a foreign key is stored the way the key it points at is
    kind = field.get_internal_type()
    if kind == "UUIDField":
        return (lambda v: v.hex if v is not None else None) if vendor == "sqlite" else _identity
    if kind == "DateTimeField" and vendor == "sqlite":
        # Django stores aware datetimes in SQLite as naive UTC text.
        return lambda v: v.astimezone(UTC).replace(tzinfo=None).isoformat(" ") if v else None
    if kind == "JSONField":
        return lambda v: json.dumps(v, ensure_ascii=False) if v is not None else None
    if kind in {"DurationField", "GenericIPAddressField", "DecimalField"}:
        return lambda v: field.get_db_prep_save(v, connection)
    return _identity


class BulkTable:
    """Inserts rows (dicts keyed by attribute name, e.g. ``source_id``) into one model's table."""

    def __init__(self, model: type[models.Model], *, database_assigns_pk: bool = False) -> None:
        # database_assigns_pk: leave an auto-increment key out, for rows nothing else refers to by ID.
        fields = [f for f in model._meta.local_concrete_fields if not (database_assigns_pk and f.primary_key)]
        self.model = model
        self.attnames = [f.attname for f in fields]
        self.defaults = {f.attname: f.get_default() for f in fields if not f.primary_key or f.has_default()}
        self.converters = [_converter(f, connection.vendor) for f in fields]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        self.sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"

    def insert(self, rows: Iterable[dict]) -> int:
        params = []
        for row in rows:
            params.append(
                tuple(
                    convert(row[name] if name in row else self.defaults.get(name))
                    for name, convert in zip(self.attnames, self.converters)
                )
            )
        if params:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, params)
        return len(params)

    def update(self, set_columns: list[str], rows: Iterable[tuple]) -> None:
        """``UPDATE ... SET col = %s, ... WHERE pk = %s`` for each row: (values..., pk), values by attname."""
        fields = {f.attname: f for f in self.model._meta.local_concrete_fields}
        converters = [_converter(fields[name], connection.vendor) for name in set_columns]
        pk = self.model._meta.pk
        pk_convert = _converter(pk, connection.vendor)
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(fields[name].column)} = %s" for name in set_columns)
        sql = f"UPDATE {quote(self.model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"
        params = [tuple(c(v) for c, v in zip(converters, row[:-1])) + (pk_convert(row[-1]),) for row in rows]
        if params:
            with connection.cursor() as cursor:
                cursor.executemany(sql, params)
