"""Backup, restore and verification (issue 15, "Nothing lost").

A restore either replaces the database with the backup as a whole or changes nothing; a damaged
file is refused before anything is touched, with a message in Swedish and English and no
traceback. Verification compares a restored copy with the manifest taken in the dump's own
snapshot, so it passes while people keep working. Sessions and lock-outs do not come back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from krami import backup
from krami.models import AccessLog
from participants.models import Participant
from tests.fixtures import build_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)


def database_now() -> dict[str, tuple[int, str]]:
    """Every table's row count and content digest, as the test database holds it now."""
    return backup.fingerprints(connection.settings_dict["NAME"])


def manage(*args: str) -> subprocess.CompletedProcess:
    """`manage.py` in a process of its own against the test database, as an operator runs it."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    url = f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "krami.settings_test"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture
def world_backup(tmp_path):
    """The test world and a backup of it."""
    world = build_world()
    return world, backup.dump(tmp_path / "krami.dump")


def _toc_end(path: Path) -> int:
    """Where the archive's table of contents ends: the shortest prefix that `pg_restore --list`
    reads. A small database's dump is mostly table of contents; the data comes after it."""
    data = path.read_bytes()
    low, high = 0, len(data)
    probe = path.with_name("probe.dump")
    while low < high:
        middle = (low + high) // 2
        probe.write_bytes(data[:middle])
        listed = subprocess.run([backup.tool("pg_restore"), "--list", str(probe)], capture_output=True, check=False)
        low, high = (low, middle) if listed.returncode == 0 else (middle + 1, high)
    probe.unlink()
    return low


def _truncated(path: Path, tmp_path: Path, *, keep_manifest: bool) -> Path:
    """The dump cut off in the middle of its data, as a disk that filled up leaves it."""
    data, toc_end = path.read_bytes(), _toc_end(path)
    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(data[: toc_end + (len(data) - toc_end) // 2])
    if keep_manifest:
        backup.manifest_path(damaged).write_text(backup.manifest_path(path).read_text())
    return damaged


@pytest.mark.parametrize("keep_manifest", [True, False], ids=["with its manifest", "file alone"])
def test_a_damaged_backup_is_refused_before_anything_changes(world_backup, tmp_path, keep_manifest):
    """Finding 1: a truncated dump restored over a database with data emptied 8 tables and
    ended in a traceback. Now the file is checked first and nothing changes."""
    _world, path = world_backup
    damaged = _truncated(path, tmp_path, keep_manifest=keep_manifest)
    before = database_now()
    assert before["participants_participant"][0] == 5

    result = manage("restore", str(damaged), "--yes")

    assert database_now() == before
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert "Återställningen avbröts" in result.stderr and "The restore was stopped" in result.stderr
    assert "Databasen är oförändrad." in result.stderr and "The database was not changed." in result.stderr


def test_a_restore_that_fails_half_way_is_rolled_back(world_backup):
    """An archive that reads well but cannot be restored (here: the live database has a view on a
    table the restore must drop) leaves every table as it was: one transaction, all or nothing."""
    _world, path = world_backup
    with connection.cursor() as cursor:
        cursor.execute("CREATE VIEW operator_report AS SELECT id, unit_id FROM participants_participant")
    before = database_now()
    try:
        result = manage("restore", str(path), "--yes")
        assert database_now() == before
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "rullades tillbaka" in result.stderr and "was rolled back" in result.stderr
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP VIEW IF EXISTS operator_report")


def test_a_restore_brings_back_the_data_of_the_backup(world_backup):
    world, path = world_backup
    before = database_now()
    Participant.objects.filter(pk=world.participants["no_consent"].pk).update(phone="changed after the backup")
    result = manage("restore", str(path), "--yes")
    assert result.returncode == 0, result.stderr
    after = database_now()
    assert {t: v for t, v in after.items() if t not in backup.NO_DATA_TABLES} == {
        t: v for t, v in before.items() if t not in backup.NO_DATA_TABLES
    }


def test_sessions_and_lock_outs_do_not_come_back(world_backup, tmp_path, client):
    """Finding 4: a restore brought back sessions that had been logged out after the backup."""
    world, _path = world_backup
    client.force_login(world.users["kommun_vagledare"])
    AccessAttempt.objects.create(
        username="kommun_vl", ip_address="192.0.2.1", user_agent="test", http_accept="*/*", path_info="/login/",
        get_data="", post_data="", failures_since_start=5,
    )
    path = backup.dump(tmp_path / "with-session.dump")
    participants = Participant.objects.count()
    client.logout()
    AccessAttempt.objects.all().delete()

    call_command("restore", str(path), "--yes", stdout=StringIO())

    assert not Session.objects.exists()
    assert not AccessAttempt.objects.exists()
    assert Participant.objects.count() == participants
    assert client.get("/").status_code == 302  # the old session cookie opens nothing


def test_verification_passes_while_people_keep_working(world_backup, client):
    """Finding 3: verification compared the restored copy with the live database, so one login
    after the backup made it fail. It compares with the manifest of the dump's snapshot."""
    world, path = world_backup
    user = world.users["kommun_vagledare"]
    client.force_login(user)
    logged = AccessLog.objects.count()
    assert client.get(f"/deltagare/{world.participants['no_consent'].pk}/").status_code == 200
    assert AccessLog.objects.count() == logged + 1 and Session.objects.exists()

    out = StringIO()
    call_command("restore", str(path), "--verify", stdout=out)

    assert "Backup verified" in out.getvalue()


def test_the_dump_and_the_manifest_are_taken_from_one_snapshot(world_backup, tmp_path, monkeypatch):
    """A change committed while the backup runs, after its snapshot, is in neither the dump nor
    the manifest: verification of that backup passes, and it holds the data as before the change."""
    world, _path = world_backup
    before = database_now()
    fingerprint = backup._table_fingerprints

    def someone_saves_meanwhile(cursor):
        Participant.objects.filter(pk=world.participants["no_consent"].pk).update(phone="saved during the backup")
        return fingerprint(cursor)

    monkeypatch.setattr(backup, "_table_fingerprints", someone_saves_meanwhile)
    path = backup.dump(tmp_path / "during.dump")
    monkeypatch.undo()

    assert database_now()["participants_participant"] != before["participants_participant"]
    manifest = json.loads(backup.manifest_path(path).read_text())["tables"]["participants_participant"]
    assert (manifest["rows"], manifest["digest"]) == before["participants_participant"]
    out = StringIO()
    call_command("restore", str(path), "--verify", stdout=out)
    assert "Backup verified" in out.getvalue()


def test_a_corrupted_backup_fails_verification(world_backup):
    _world, path = world_backup
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8] = bytes(b ^ 0xFF for b in data[middle:middle + 8])
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(path), "--verify", stdout=StringIO())


def test_verification_compares_every_table_with_the_manifest(world_backup):
    """The guard against a verification that passes without looking: a manifest that disagrees
    with the dump about one table's content names that table."""
    _world, path = world_backup
    manifest_file = backup.manifest_path(path)
    manifest = json.loads(manifest_file.read_text())
    manifest["tables"]["participants_participant"]["digest"] = "0"
    manifest_file.write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="participants_participant"):
        call_command("restore", str(path), "--verify", stdout=StringIO())


@pytest.mark.slow
def test_the_demo_backup_matches_its_manifest_and_is_verified_after_a_login(tmp_path, client):
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    path = backup.dump(tmp_path / "krami.dump")
    before = database_now()
    manifest = json.loads(backup.manifest_path(path).read_text())
    assert {t: (v["rows"], v["digest"]) for t, v in manifest["tables"].items()} == {
        t: v for t, v in before.items() if t not in backup.NO_DATA_TABLES
    }
    assert before["participants_participant"][0] > 100 and before["krami_accesslog"][0] > 0

    client.force_login(Participant.objects.order_by("pk").first().handler)
    out = StringIO()
    call_command("restore", str(path), "--verify", stdout=out)
    assert "Backup verified" in out.getvalue()
