"""The access log and audit events are append-only: in the application and in the database."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from krami.appendonly import AppendOnlyError
from krami.models import AccessLog, AuditEvent


@pytest.fixture
def row(world):
    return AccessLog.objects.create(
        user=world.users["kommun_vagledare"], username="kommun_vl", participant_id=1,
        participant_reference="D-000001", action=AccessLog.Action.VIEW, categories="core", path="/deltagare/1/",
    )


def test_a_saved_row_cannot_be_changed_or_deleted_through_the_model(row):
    row.username = "someone-else"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()


def test_querysets_cannot_update_or_delete(row):
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=row.pk).update(username="x")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=row.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_an_update_even_in_raw_sql(row):
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE krami_accesslog SET username = 'x' WHERE id = %s", [row.pk])
    assert AccessLog.objects.get(pk=row.pk).username == "kommun_vl"


@pytest.mark.postgres
def test_the_database_refuses_deleting_young_rows_but_allows_retention(row):
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM krami_accesslog WHERE id = %s", [row.pk])
    assert AccessLog.objects.filter(pk=row.pk).exists()
    old = AccessLog.objects.create(
        user_id=row.user_id, username="old", participant_id=2, participant_reference="D-000002",
        action=AccessLog.Action.VIEW, categories="core", path="/",
    )
    with connection.cursor() as cursor:
        # A row older than the retention period may be removed (gallring of the log itself).
        cursor.execute("ALTER TABLE krami_accesslog DISABLE TRIGGER krami_accesslog_append_only")
        cursor.execute("UPDATE krami_accesslog SET at = %s WHERE id = %s", [timezone.now() - timedelta(days=6 * 366), old.pk])
        cursor.execute("ALTER TABLE krami_accesslog ENABLE TRIGGER krami_accesslog_append_only")
        cursor.execute("DELETE FROM krami_accesslog WHERE id = %s", [old.pk])
    assert not AccessLog.objects.filter(pk=old.pk).exists()


def test_the_admin_shows_the_log_read_only(world, client):
    client.force_login(world.users["sysadmin"])
    assert client.get("/admin/krami/accesslog/").status_code == 200
    assert client.get("/admin/krami/accesslog/add/").status_code == 403


def test_coordinator_review_page_filters_by_user_and_shows_no_names(world, client):
    participant = world.participants["no_consent"]
    client.force_login(world.users["kommun_vagledare"])
    client.get(f"/deltagare/{participant.pk}/")
    client.force_login(world.users["kommun_samordnare"])
    page = client.get(f"/enhet/{world.unit.pk}/logg/", {"username": "kommun_vl", "action": "view"})
    html = page.content.decode()
    assert page.status_code == 200
    assert participant.reference in html
    assert participant.first_name not in html
    assert {row.username for row in page.context["page"].rows} == {"kommun_vl"}


def test_review_page_of_another_unit_is_not_found(world, client):
    client.force_login(world.users["kommun_samordnare"])
    assert client.get(f"/enhet/{world.other_unit.pk}/logg/").status_code == 404


def test_the_month_end_job_keeps_the_five_year_rule_on_either_database(world):
    """PostgreSQL: month partitions prepared, whole months older than five years dropped (and such rows
    in the default partition deleted); SQLite (a plain table): rows older than five years deleted."""
    young = AccessLog.objects.create(
        user=world.users["kommun_vagledare"], username="kommun_vl", participant_id=1,
        participant_reference="D-000001", action=AccessLog.Action.VIEW, categories="core", path="/deltagare/1/",
    )
    six_years_ago = connection.ops.adapt_datetimefield_value(timezone.now() - timedelta(days=6 * 366))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO krami_accesslog (at, username, participant_id, participant_reference, action, categories, path, user_id) "
            "VALUES (%s, 'old', 2, 'D-000002', 'view', 'core', '/', %s)", [six_years_ago, young.user_id],
        )
    assert AccessLog.objects.filter(username="old").exists()
    out = StringIO()
    call_command("month_end", stdout=out)
    if connection.vendor == "postgresql":
        assert "month partition(s) created ahead" in out.getvalue()
    else:
        assert "plain table: 1 row(s) older than the retention period removed" in out.getvalue()
    assert not AccessLog.objects.filter(username="old").exists()
    assert AccessLog.objects.filter(pk=young.pk).exists()
