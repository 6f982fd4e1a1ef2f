"""Applying an import in the background: progress readable while its transaction is open,
nothing visible before it commits, a fault or a stopped server leaves nothing written.

The background tests run a real thread against PostgreSQL (the progress is written on a second
connection, which SQLite's single writer does not allow), so they are transactional: the thread
sees only committed rows. The job is held half-way by a stand-in for `participant_create` that
waits, so the page can be looked at while it runs.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import DatabaseError, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from intake.models import ApplyStage, ImportStatus, RegisterImport, RegisterImportProgress
from intake.registerimport import progress as progress_module
from intake.registerimport import services
from krami.models import AuditEvent
from participants.models import Participant
from tests.fixtures import build_world
from tests.intake.factories import today
from tests.intake.importfiles import csv_bytes, person
from tests.participants.factories import valid_personnummer

URL = "/inskrivning/import/"
HTMX = {"HTTP_HX_REQUEST": "true"}
PEOPLE = 6


def _checked(world, n=PEOPLE):
    kommun = world.unit.municipalities.first().name
    rows = [person(valid_personnummer(date(1970 + i, 3, 3), serial=8), first=f"Bakgrund{i}", hemkommun=kommun,
                   startdatum=today() - timedelta(days=30 + i)) for i in range(n)]
    by = world.users["kommun_samordnare"]
    imp = services.import_upload(unit=world.unit, by=by, file_name="stor.csv", content=csv_bytes(rows))
    while imp.status == ImportStatus.CHECKING:
        imp = services.import_check_next(register_import=imp, by=by)
    assert imp.can_apply
    return imp, by


def _client(user) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


class Held:
    """A stand-in for participant_create that stops after `after` people until released."""

    def __init__(self, real, after: int, then_fail: bool = False):
        self.real, self.after, self.calls, self.then_fail = real, after, 0, then_fail
        self.reached, self.release = threading.Event(), threading.Event()

    def __call__(self, **kwargs):
        if self.calls == self.after:
            self.reached.set()
            assert self.release.wait(30), "the test never released the import"
            if self.then_fail:
                raise DatabaseError("disk full")
        self.calls += 1
        return self.real(**kwargs)


@pytest.fixture
def background(settings, monkeypatch):
    settings.KRAMI_BACKGROUND_JOBS = True
    monkeypatch.setattr(progress_module.ApplyProgress, "EVERY", 0)  # every step written, for the test to see


pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, databases=["default", "progress"])]


def test_progress_is_shown_while_the_import_runs_and_nothing_is_visible_before_it_ends(background, monkeypatch):
    world = build_world()
    imp, by = _checked(world)
    held = Held(services.participant_create, after=2)
    monkeypatch.setattr(services, "participant_create", held)
    client = _client(by)

    response = client.post(f"{URL}{imp.pk}/genomfor/", follow=True)
    assert held.reached.wait(30), "the import did not start in the background"
    try:
        page = response.content.decode()
        assert "The import has started." in page
        # While it runs: the report shows the stage and the count, read from the progress row
        # the job writes on its own connection, outside its transaction.
        partial = client.get(f"{URL}{imp.pk}/forlopp/", **HTMX)
        text = partial.content.decode()
        assert partial.status_code == 200 and "HX-Redirect" not in partial
        assert f"Writing to the register: 2 of {PEOPLE} people" in text
        assert f'<progress id="import-applying-bar" max="{PEOPLE}" value="2">' in text
        assert 'hx-trigger="load delay:2s"' in text  # and asks again
        detail = client.get(f"{URL}{imp.pk}/").content.decode()
        assert "Importing the file" in detail and "/genomfor/" not in detail  # no second start
        # The two people already written are not visible to anyone until the whole file is in.
        assert not Participant.objects.filter(first_name__startswith="Bakgrund").exists()
        assert RegisterImport.objects.get(pk=imp.pk).status == ImportStatus.APPLYING
        # A second start and a discard are refused at once while it runs (not after waiting for it).
        again = client.post(f"{URL}{imp.pk}/genomfor/", follow=True).content.decode()
        assert "The file is being imported right now" in again
        discard = client.post(f"{URL}{imp.pk}/kasta/", follow=True).content.decode()
        assert "The file is being imported right now" in discard
    finally:
        held.release.set()
    _wait_until_done(imp)

    imp.refresh_from_db()
    assert (imp.status, imp.content, imp.apply_problem) == (ImportStatus.APPLIED, None, "")
    assert not imp.file_rows.exists()  # the file's rows as read (personal data) went with it
    assert Participant.objects.filter(first_name__startswith="Bakgrund", unit=world.unit).count() == PEOPLE
    done = RegisterImportProgress.objects.get(register_import=imp)
    assert (done.stage, done.done, done.total) == (ApplyStage.WRITING, PEOPLE, PEOPLE)
    finished = client.get(f"{URL}{imp.pk}/forlopp/", **HTMX)
    assert finished["HX-Redirect"] == f"{URL}{imp.pk}/"
    report = client.get(f"{URL}{imp.pk}/").content.decode()
    assert "The import took" in report and "What was imported" in report
    actions = AuditEvent.objects.filter(object_type="RegisterImport", object_id=imp.pk).values_list("action", flat=True)
    assert list(actions.order_by("pk")) == [
        "register_import.uploaded", "register_import.checked", "register_import.apply_started", "register_import.applied"]


def test_a_fault_in_the_background_writes_nothing_and_the_report_says_so(background, monkeypatch):
    world = build_world()
    imp, by = _checked(world)
    held = Held(services.participant_create, after=3, then_fail=True)
    monkeypatch.setattr(services, "participant_create", held)
    thread = services.import_apply_launch(register_import=imp, by=by)
    assert held.reached.wait(30)
    assert RegisterImportProgress.objects.get(register_import=imp).done == 3  # three people written, then the fault
    held.release.set()
    thread.join(60)
    assert not thread.is_alive()

    imp.refresh_from_db()
    assert imp.status == ImportStatus.CHECKED and imp.can_apply and imp.content is not None
    assert imp.file_rows.count() == PEOPLE  # kept for the next try
    assert imp.apply_problem == "failed"
    assert not Participant.objects.filter(first_name__startswith="Bakgrund").exists()
    report = _client(by).get(f"{URL}{imp.pk}/").content.decode()
    assert 'id="apply-problem"' in report and "/genomfor/" in report


def _wait_until_done(imp, seconds=60):
    for thread in threading.enumerate():
        if thread.name == f"register-import-{imp.pk}":
            thread.join(seconds)
            assert not thread.is_alive(), "the import did not finish"


class TestProgressWrites:
    def test_writes_are_spaced_out_but_the_last_count_is_always_written(self, settings):
        settings.KRAMI_BACKGROUND_JOBS = True
        world = build_world()
        imp, by = _checked(world, n=1)
        services.import_apply_start(register_import=imp, by=by)
        progress = progress_module.ApplyProgress(imp.pk)  # EVERY = 0,5 s: a fast loop writes twice
        with CaptureQueriesContext(connections["progress"]) as writes:
            for done in range(1, 1001):
                progress.checking(done, 1000)
        assert 2 <= len(writes) <= 4, [q["sql"] for q in writes]  # the first, the last, one per 0,5 s
        row = RegisterImportProgress.objects.get(register_import=imp)
        assert (row.stage, row.done, row.total) == (ApplyStage.CHECKING, 1000, 1000)
        progress.writing(0, 1)
        row.refresh_from_db()
        assert (row.stage, row.done) == (ApplyStage.WRITING, 0)  # a new stage is written at once
