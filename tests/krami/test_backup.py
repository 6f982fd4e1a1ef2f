"""Backup and restore: a dump restored into a scratch database is identical, table by table."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from krami import backup

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_restored_backup_has_the_same_rows_and_checksums_in_every_table(tmp_path):
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    path = backup.dump(tmp_path / "krami.dump")
    out = StringIO()
    call_command("restore", str(path), "--verify", stdout=out)
    assert "Backup verified" in out.getvalue()
    live = backup.fingerprints(connection.settings_dict["NAME"])
    assert live["participants_participant"][0] > 0 and live["krami_accesslog"] is not None


def test_a_backup_that_differs_is_reported(tmp_path):
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    path = backup.dump(tmp_path / "krami.dump")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE participants_participant SET phone = 'changed after the backup'")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="participants_participant"):
        call_command("restore", str(path), "--verify", stdout=StringIO())
