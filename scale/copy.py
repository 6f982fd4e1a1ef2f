"""Bulk loading with PostgreSQL's COPY, driven by the Django models' own field lists.

A `Table` collects rows for one model as keyword arguments (attnames: `unit_id`, not `unit`),
fills every field not given with the model field's default, assigns primary keys itself (the
generator runs on an empty database and resets the sequences at the end), and streams the rows
to the server in batches. Anything the model requires and the caller forgot fails at once,
with the field's name, instead of as a NOT NULL error a million rows later.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection

BATCH = 20_000
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value, field) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (int, Decimal)):
        return str(value)
    if field.get_internal_type() == "JSONField":
        value = json.dumps(value)
    return str(value).translate(_ESCAPES)


class Table:
    """Rows of one model, written with COPY in batches (`flush`) in the order tables are flushed."""

    def __init__(self, model, *, first_id: int = 1):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.names = [f.attname for f in self.fields]
        self.pk_name = model._meta.pk.attname
        self.next_id = first_id
        self.count = 0
        self._lines: list[str] = []
        self._defaults = {}
        for f in self.fields:
            if f.attname == self.pk_name:
                continue
            if f.has_default():
                self._defaults[f.attname] = f.get_default if callable(f.default) else (lambda v=f.default: v)
            elif f.null:
                self._defaults[f.attname] = lambda: None
            elif f.blank and f.get_internal_type() in ("CharField", "TextField", "EmailField"):
                self._defaults[f.attname] = lambda: ""
        self._sql = f'COPY "{model._meta.db_table}" ({", ".join(connection.ops.quote_name(f.column) for f in self.fields)}) FROM STDIN'

    def reserve(self) -> int:
        """A primary key for a row added later (children are written before their parent's row is complete)."""
        pk = self.next_id
        self.next_id += 1
        return pk

    def add(self, **values) -> int:
        """Queue one row; returns its primary key."""
        pk = values.pop(self.pk_name, None)
        if pk is None:
            pk = self.next_id
            self.next_id += 1
        values[self.pk_name] = pk
        out = []
        for f in self.fields:
            name = f.attname
            if name in values:
                value = values.pop(name)
            elif name in self._defaults:
                value = self._defaults[name]()
            else:
                raise ValueError(f"{self.model.__name__}.{name} has no value and no default")
            out.append(_text(value, f))
        if values:
            raise ValueError(f"{self.model.__name__}: unknown fields {sorted(values)}")
        self._lines.append("\t".join(out) + "\n")
        self.count += 1
        if len(self._lines) >= BATCH * 5:
            self.flush()
        return pk

    def flush(self) -> None:
        if not self._lines:
            return
        buffer = io.StringIO("".join(self._lines))
        self._lines = []
        with connection.cursor() as cursor:
            cursor.copy_expert(self._sql, buffer)


def first_free_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def reset_sequences(models) -> None:
    """After COPY with explicit ids: the next id the sequences hand out is above the loaded ones."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)
