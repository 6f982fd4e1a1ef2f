"""Scheduled work runs once at a time (issue 20, item 3): the job lock of krami/scheduled.py."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections

from krami.scheduled import AlreadyRunning, exclusive, lock_key


def test_each_job_has_its_own_stable_key():
    assert lock_key("gallra") == lock_key("gallra")
    assert lock_key("gallra") != lock_key("digest")
    assert -(2**63) <= lock_key("gallra") < 2**63


def _held_elsewhere(name: str, body):
    """Run `body()` while another thread (its own database connection) holds `name`'s lock."""
    taken, release = threading.Event(), threading.Event()

    def holder():
        try:
            with exclusive(name):
                taken.set()
                release.wait(timeout=20)
        finally:
            connections.close_all()

    thread = threading.Thread(target=holder)
    thread.start()
    assert taken.wait(timeout=20)
    try:
        return body()
    finally:
        release.set()
        thread.join()


@pytest.mark.django_db(transaction=True)
def test_a_second_run_finds_the_lock_taken_and_a_later_run_gets_it():
    def second_run():
        with pytest.raises(AlreadyRunning):
            with exclusive("nightly"):
                raise AssertionError("ran while another run held the lock")
        with exclusive("other-job"):  # another job is not blocked
            pass

    _held_elsewhere("nightly", second_run)
    ran = []
    with exclusive("nightly"):
        ran.append(connection.vendor)
    assert ran


@pytest.mark.django_db(transaction=True)
def test_gallring_started_twice_runs_once():
    out = StringIO()
    _held_elsewhere("gallra", lambda: call_command("gallra", stdout=out))
    assert "already under way" in out.getvalue()
    assert "record(s) written" not in out.getvalue()
    out = StringIO()
    call_command("gallra", stdout=out)
    assert "record(s) written" in out.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_started_twice_runs_once(tmp_path):
    """Issue 20, item 3: the nightly backup, started again by an overlapping timer or on a second
    machine, writes nothing while the first holds the lock; a later run writes a whole backup."""
    out = StringIO()
    target = tmp_path / "nightly.dump"
    _held_elsewhere("backup", lambda: call_command("backup", "--output", str(target), stdout=out))
    assert "already under way" in out.getvalue()
    assert not target.exists() and not list(tmp_path.iterdir())
    call_command("backup", "--output", str(target), stdout=StringIO())
    assert target.exists() and (tmp_path / "nightly.dump.manifest.json").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_verification_started_twice_runs_once_and_again_later_passes_again(tmp_path):
    target = tmp_path / "nightly.dump"
    call_command("backup", "--output", str(target), stdout=StringIO())
    out = StringIO()
    _held_elsewhere("verify-backup", lambda: call_command("restore", str(target), "--verify", stdout=out))
    assert "already under way" in out.getvalue() and "verified" not in out.getvalue()
    for _ in range(2):  # idempotent: a second verification of the same file passes the same way
        out = StringIO()
        call_command("restore", str(target), "--verify", stdout=out)
        assert "Backup verified" in out.getvalue()
