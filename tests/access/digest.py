"""Every table's state in one query, to prove that a request changed nothing (or something).

On PostgreSQL: each table's row count and a digest of every row, so an UPDATE shows; elsewhere
the row counts only (a query per model per request took 15 s). Sessions and login records are
left out: logging in and the idle clock write them whatever the request does.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection

from krami.models import AccessLog

SESSION_TABLES = {"django_session"}


def _tables(*, with_log: bool) -> list[str]:
    return sorted({
        model._meta.db_table for model in apps.get_models()
        if not (model._meta.db_table in SESSION_TABLES or model._meta.app_label == "axes")
        and (with_log or model is not AccessLog)
    })


def table_states(*, with_log: bool = False) -> dict[str, str]:
    """{table: state} for every table but sessions and login records (and the access log unless `with_log`)."""
    tables = _tables(with_log=with_log)
    if connection.vendor == "postgresql":
        state = "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, chr(10) ORDER BY t::text)), '') FROM {} t"
    else:
        state = "SELECT COUNT(*) FROM {}"
    states = ", ".join(f"({state.format(connection.ops.quote_name(table))})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {states}")  # nosec B608: table names from the models, quoted
        return {table: str(value) for table, value in zip(tables, cursor.fetchone(), strict=True)}


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(table for table in before if before[table] != after[table])
