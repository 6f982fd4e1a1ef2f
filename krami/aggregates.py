"""Aggregates the apps share."""

from __future__ import annotations

from django.db.models import Aggregate, CharField


class TextList(Aggregate):
    """Values as one text, "3,17" (PostgreSQL's string_agg, SQLite's group_concat), in no set
    order: a short list of a row's children read with the row itself instead of a statement of
    their own (krami.access: the user's group ids; agreements.selectors: an agreement's rules)."""

    function = "STRING_AGG"
    template = "%(function)s(CAST(%(expressions)s AS text), ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", template="%(function)s(%(expressions)s, ',')",
                              **extra_context)
