"""The access log partitioned by month on PostgreSQL (issue 19, krami/partitions.py): the month-end
job prepares the coming months and drops whole months older than five years; the append-only
rule holds on every partition; the migration keeps the rows an installation already has."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from krami import partitions
from krami.dates import add_months, month_start
from krami.models import AccessLog
from tests.krami.test_scheduled import _held_elsewhere

pytestmark = pytest.mark.postgres


def _insert(at, username="u") -> int:
    """A log row at a time of our choosing (the application always writes now: auto_now_add)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO krami_accesslog (at, username, participant_id, participant_reference, action, categories, path, user_id) "
            "VALUES (%s, %s, 1, 'D-000001', 'view', 'core', '/deltagare/1/', 1) RETURNING id",
            [at, username],
        )
        return cursor.fetchone()[0]


def _home(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM krami_accesslog WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _names() -> set[str]:
    return {p.name for p in partitions.partitions()}


@pytest.mark.django_db
def test_the_log_is_partitioned_and_a_row_goes_to_its_month():
    assert partitions.is_partitioned()
    today = timezone.now()
    expected = {partitions.partition_name(add_months(month_start(today.date()), i)) for i in range(partitions.MONTHS_AHEAD)}
    assert expected | {partitions.DEFAULT_PARTITION} <= _names()
    row = AccessLog.objects.create(user_id=1, username="u", participant_id=1, participant_reference="D-000001",
                                   action=AccessLog.Action.VIEW, categories="core", path="/")
    assert _home(row.pk) == partitions.partition_name(row.at.astimezone(UTC).date())


@pytest.mark.django_db
def test_a_partition_refuses_changes_and_young_deletes_aimed_at_it_directly():
    pk = _insert(timezone.now())
    stray = _insert(timezone.now() + timedelta(days=800))  # no month prepared that far: the default partition
    home = _home(pk)
    assert home.startswith("krami_accesslog_y") and _home(stray) == partitions.DEFAULT_PARTITION
    for table, row in ((home, pk), ("krami_accesslog", pk), (partitions.DEFAULT_PARTITION, stray)):
        for statement in (f"UPDATE {table} SET username = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
            with pytest.raises(DatabaseError), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(statement, [row])
    assert AccessLog.objects.get(pk=pk).username == "u" and AccessLog.objects.get(pk=stray).username == "u"


@pytest.mark.django_db
def test_the_month_end_job_prepares_months_ahead_and_is_idempotent():
    later = add_months(month_start(timezone.localdate()), 12)
    stray = _insert(timezone.make_aware(datetime(later.year, later.month, 15, 12)))
    assert _home(stray) == partitions.DEFAULT_PARTITION  # nothing prepared that far yet: the default takes it
    out = StringIO()
    call_command("month_end", "--on", later.isoformat(), stdout=out)
    assert "3 month partition(s) created ahead" in out.getvalue()
    assert _home(stray) == partitions.partition_name(later)  # moved, unchanged
    assert AccessLog.objects.get(pk=stray).username == "u"
    out = StringIO()
    call_command("month_end", "--on", later.isoformat(), stdout=out)
    assert "0 month partition(s) created ahead" in out.getvalue()


@pytest.mark.django_db
def test_whole_months_older_than_five_years_are_dropped_younger_ones_kept():
    now = timezone.now()
    old_month = month_start(add_months(now.date(), -(5 * 12 + 2)))
    young_month = month_start(add_months(now.date(), -(5 * 12 - 2)))
    partitions.add_partitions(first_month=old_month, months=1)
    partitions.add_partitions(first_month=young_month, months=1)
    old = _insert(timezone.make_aware(datetime(old_month.year, old_month.month, 10)))
    young = _insert(timezone.make_aware(datetime(young_month.year, young_month.month, 10)))
    out = StringIO()
    call_command("month_end", stdout=out)
    assert partitions.partition_name(old_month) in out.getvalue()
    assert partitions.partition_name(old_month) not in _names()
    assert partitions.partition_name(young_month) in _names()
    assert not AccessLog.objects.filter(pk=old).exists()
    assert AccessLog.objects.filter(pk=young).exists()


@pytest.mark.django_db(transaction=True)
def test_the_month_end_job_started_twice_runs_once():
    out = StringIO()
    _held_elsewhere("month_end", lambda: call_command("month_end", stdout=out))
    assert "already under way" in out.getvalue()
    assert "created ahead" not in out.getvalue()


def _history(conn) -> MigrationExecutor:
    """An executor on the migrations as they were written, not the squashed one a new database gets
    (krami/migrations/0001_squashed_0007.py): an installation from before the partitioning went
    through 0004 and 0005."""
    executor = MigrationExecutor(conn)
    executor.loader = MigrationLoader(conn, replace_migrations=False)
    return executor


@pytest.mark.django_db
def test_rows_written_before_the_migration_are_readable_after_it():
    """The migration on a database that already has a log: every row kept, ids and times as they
    were, the identity going on above them, each row in its month, the triggers in place."""
    executor = _history(connection)
    executor.migrate([("krami", "0004_form_submission")])
    assert not partitions.is_partitioned()
    times = [timezone.now() - timedelta(days=d) for d in (0, 35, 400, 2000)]
    written = {_insert(at, username=f"before-{i}"): at for i, at in enumerate(times)}
    executor = _history(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("krami"))
    assert partitions.is_partitioned()
    kept = {row.pk: row.at for row in AccessLog.objects.filter(username__startswith="before-")}
    assert kept == written
    for pk, at in written.items():
        assert _home(pk) == partitions.partition_name(at.astimezone(UTC).date())
    after = AccessLog.objects.create(user_id=1, username="after", participant_id=1, participant_reference="D-000001",
                                     action=AccessLog.Action.VIEW, categories="core", path="/")
    assert after.pk > max(written)
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE krami_accesslog SET username = 'x' WHERE id = %s", [after.pk])
