"""The access log partitioned by month on PostgreSQL (issue 19): a log that can grow for years.

`krami_accesslog` is a table partitioned by range of `at`, one partition per calendar month (UTC),
named `krami_accesslog_yYYYYmMM`, plus a default partition that catches a row no month partition
takes (a month the month-end job has not prepared yet, or a clock moved by a test): writing the
log never fails for want of a partition.

Two functions in the database do the work, so that the application's role needs to own nothing
(README, "Production"): they run with the rights of the role that ran the migrations
(SECURITY DEFINER) and do only this:

- `krami_accesslog_add_partitions(first_month, months)` creates the missing month partitions;
  rows of such a month that already sit in the default partition are moved into it, unchanged.
- `krami_accesslog_drop_expired()` drops each month partition whose whole month is older than
  the retention period (KRAMI_ACCESS_LOG_RETENTION_YEARS, five years), and removes rows that old
  from the default partition. This replaces deleting the log row by row.

The append-only triggers (krami/appendonly.py) are created on the partitioned table, which
clones them to every partition: an UPDATE, or a DELETE of a row younger than five years, is
refused whether aimed at the log or at one of its partitions. Dropping a partition younger than
five years needs the owner's rights, which the application does not have; the function refuses.

The month-end job (`manage.py month_end`, krami/management/commands/month_end.py) calls both.
SQLite (the laptop demo) keeps a plain table: the job removes its rows older than five years.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.conf import settings
from django.db import connection
from django.db.migrations.operations.base import Operation

from krami.appendonly import AppendOnlyTriggers
from krami.dates import add_months, month_start

TABLE = "krami_accesslog"
DEFAULT_PARTITION = f"{TABLE}_default"
MONTHS_AHEAD = 3  # the month-end job prepares the current month and the two after it
LOCK_NAME = "krami_accesslog_partitions"


def partition_name(month: date) -> str:
    return f"{TABLE}_y{month:%Y}m{month:%m}"


def _functions_sql(schema: str, years: int) -> list[str]:
    """The two SECURITY DEFINER functions (see the module docstring)."""
    path = f"SET search_path = {connection.ops.quote_name(schema)}, pg_temp"
    add = f"""
    CREATE OR REPLACE FUNCTION {TABLE}_add_partitions(first_month date, months integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
    DECLARE
        month date := date_trunc('month', first_month)::date;
        low timestamptz;
        high timestamptz;
        name text;
        made integer := 0;
    BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('{LOCK_NAME}'));
        FOR i IN 1 .. months LOOP
            name := format('{TABLE}_y%sm%s', to_char(month, 'YYYY'), to_char(month, 'MM'));
            low := month::timestamp AT TIME ZONE 'UTC';
            high := (month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
            IF to_regclass(name) IS NULL THEN
                EXECUTE format('CREATE TABLE %I (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
                IF to_regclass('{DEFAULT_PARTITION}') IS NOT NULL
                   AND EXISTS (SELECT 1 FROM {DEFAULT_PARTITION} WHERE at >= low AND at < high) THEN
                    -- Rows of this month written before its partition existed: moved as they are.
                    ALTER TABLE {DEFAULT_PARTITION} DISABLE TRIGGER {TABLE}_append_only;
                    EXECUTE format(
                        'WITH moved AS (DELETE FROM {DEFAULT_PARTITION} WHERE at >= %L AND at < %L RETURNING *) '
                        'INSERT INTO %I SELECT * FROM moved', low, high, name);
                    ALTER TABLE {DEFAULT_PARTITION} ENABLE TRIGGER {TABLE}_append_only;
                END IF;
                EXECUTE format('ALTER TABLE {TABLE} ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, low, high);
                made := made + 1;
            END IF;
            month := (month + interval '1 month')::date;
        END LOOP;
        RETURN made;
    END;
    $$;
    """
    drop = f"""
    CREATE OR REPLACE FUNCTION {TABLE}_drop_expired() RETURNS SETOF text
    LANGUAGE plpgsql SECURITY DEFINER {path} AS $$
    DECLARE
        part record;
        upper_bound timestamptz;
        oldest_kept timestamptz := now() - interval '{years} years';
    BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('{LOCK_NAME}'));
        FOR part IN
            SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = '{TABLE}'::regclass ORDER BY c.relname
        LOOP
            upper_bound := substring(part.bound FROM $r$TO \\('([^']+)'\\)$r$)::timestamptz;
            IF upper_bound IS NOT NULL AND upper_bound <= oldest_kept THEN
                EXECUTE format('DROP TABLE %I', part.relname);
                RETURN NEXT part.relname;
            END IF;
        END LOOP;
        -- The append-only trigger lets rows older than the retention period go.
        IF to_regclass('{DEFAULT_PARTITION}') IS NOT NULL THEN
            DELETE FROM {DEFAULT_PARTITION} WHERE at < oldest_kept;
        END IF;
    END;
    $$;
    """
    return [add, drop]


def _drop_functions_sql() -> list[str]:
    return [
        f"DROP FUNCTION IF EXISTS {TABLE}_add_partitions(date, integer)",
        f"DROP FUNCTION IF EXISTS {TABLE}_drop_expired()",
    ]


class PartitionByMonth(Operation):
    """Migration operation: the plain `krami_accesslog` becomes a table partitioned by month, rows kept.

    PostgreSQL only (SQLite keeps the plain table). The rows are copied into month partitions from
    the oldest row's month to MONTHS_AHEAD months from now, the indexes of the old table are made
    again on the new one (partitioned indexes, one per partition), the primary key becomes
    (id, at) (a partitioned table's unique keys must hold the partition key), and the identity
    sequence goes on from the largest id. Reversible: backwards copies the rows into a plain table.
    """

    reduces_to_sql = False
    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def describe(self):
        return f"Partition {TABLE} by month (PostgreSQL)"

    @staticmethod
    def _indexes(cursor, table: str) -> list[tuple[str, str]]:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass) ORDER BY indexname",
            [table, table],
        )
        return cursor.fetchall()

    @staticmethod
    def _columns(cursor, table: str) -> str:
        cursor.execute(
            "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s",
            [table],
        )
        return cursor.fetchone()[0]

    def _replace(self, schema_editor, *, partitioned: bool) -> None:
        """Copy `krami_accesslog` into a new table of the other kind under the same name."""
        old = f"{TABLE}_old"

        def run(sql: str, params: list | None = None) -> None:
            schema_editor.execute(sql, params)  # None: no client-side merging (the functions' format() has %s)

        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
            indexes = self._indexes(cursor, TABLE)
            columns = self._columns(cursor, TABLE)
            cursor.execute(f"SELECT min(at), max(id) FROM {TABLE}")
            oldest, last_id = cursor.fetchone()
            cursor.execute("SELECT current_schema()")
            schema = cursor.fetchone()[0]
        for name, _definition in indexes:
            run(f"DROP INDEX {schema_editor.quote_name(name)}")
        run(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
        run(f"ALTER TABLE {TABLE} RENAME TO {old}")
        run(f"ALTER TABLE {old} ALTER COLUMN id DROP IDENTITY IF EXISTS")
        run(f"ALTER TABLE {old} DROP CONSTRAINT IF EXISTS {TABLE}_pkey")
        how = " PARTITION BY RANGE (at)" if partitioned else ""
        run(f"CREATE TABLE {TABLE} (LIKE {old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS){how}")
        run(f"ALTER TABLE {TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
        if partitioned:
            for sql in _functions_sql(schema, int(settings.KRAMI_ACCESS_LOG_RETENTION_YEARS)):
                run(sql)
            run(f"CREATE TABLE {DEFAULT_PARTITION} PARTITION OF {TABLE} DEFAULT")
            now = datetime.now(UTC)
            first = month_start((min(oldest, now) if oldest else now).date())
            last = add_months(month_start(now.date()), MONTHS_AHEAD - 1)
            months = (last.year - first.year) * 12 + last.month - first.month + 1
            run(f"SELECT {TABLE}_add_partitions(%s, %s)", [first, months])
        run(f"INSERT INTO {TABLE} ({columns}) SELECT {columns} FROM {old}")
        run(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY ({'id, at' if partitioned else 'id'})")
        for _name, definition in indexes:
            run(definition.replace(" ON ONLY ", " ON "))  # a partitioned index's definition says ON ONLY
        if last_id:
            run(f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'id'), %s)", [last_id])
        run(f"DROP TABLE {old}")
        if not partitioned:
            for sql in _drop_functions_sql():
                run(sql)
        # The append-only triggers again (on a partitioned table they are cloned to every partition).
        AppendOnlyTriggers(TABLE).database_forwards("krami", schema_editor, None, None)
        run(f"ANALYZE {TABLE}")

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self._replace(schema_editor, partitioned=True)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self._replace(schema_editor, partitioned=False)


# --- What the month-end job and the benchmark call -------------------------------------------------


@dataclass(frozen=True)
class Partition:
    name: str
    bound: str


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [TABLE])
        return cursor.fetchone() is not None


def partitions() -> list[Partition]:
    """The log's partitions, oldest month first (the default partition last)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname = %s, c.relname",
            [TABLE, DEFAULT_PARTITION],
        )
        return [Partition(name, bound) for name, bound in cursor.fetchall()]


def add_partitions(*, first_month: date, months: int) -> int:
    """Create the month partitions from `first_month` on that are missing; returns how many were made.

    Side effects: new partitions; rows of those months are moved out of the default partition."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {TABLE}_add_partitions(%s, %s)", [month_start(first_month), months])
        return cursor.fetchone()[0]


def prepare_ahead(*, on: date, months: int = MONTHS_AHEAD) -> int:
    """The month of `on` and the `months - 1` after it get their partitions (the month-end job)."""
    return add_partitions(first_month=on, months=months)


def drop_expired() -> list[str]:
    """Drop the partitions whose whole month is older than the retention period; returns their names.

    Side effects: those partitions dropped; rows that old removed from the default partition."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {TABLE}_drop_expired()")
        return [name for (name,) in cursor.fetchall()]


def delete_expired_rows_sqlite() -> int:
    """SQLite keeps a plain table: its rows older than the retention period are deleted (the database
    refuses only updates there, krami/appendonly.py)."""
    years = int(settings.KRAMI_ACCESS_LOG_RETENTION_YEARS)
    with connection.cursor() as cursor:
        # Django keeps SQLite times as UTC text (YYYY-MM-DD HH:MM:SS…), which compares as the time does.
        cursor.execute(f"DELETE FROM {TABLE} WHERE at < datetime('now', %s)", [f"-{years} years"])
        return cursor.rowcount
