"""The file is read once, on upload, into stored rows; they go when the file goes (issue 13, item 5).

The stored rows are personal data like the file: whichever way an import ends (applied,
discarded; in the request or in the background, test_import_background.py) they are deleted
with the file's content, and a file that is refused leaves nothing behind.
"""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from intake.models import ImportStatus, RegisterImport, RegisterImportFileRow, RegisterImportRow, RowOutcome
from intake.registerimport import services
from tests.intake.importfiles import csv_bytes, person
from tests.participants.factories import valid_personnummer

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(world):
    return world.users["kommun_samordnare"]


def content(world, n=6) -> bytes:
    kommun = world.unit.municipalities.first().name
    return csv_bytes([person(valid_personnummer(date(1975, 5, 1 + i), serial=6), first=f"Lagrad{i}", hemkommun=kommun,
                             startdatum=date(2024, 2, 1)) for i in range(n)])


def uploaded(world, by, n=6):
    return services.import_upload(unit=world.unit, by=by, file_name="r.csv", content=content(world, n))


def test_the_file_is_read_once_on_upload_not_on_each_check_step(world, coordinator, monkeypatch):
    reads = []
    real = services.read_table
    monkeypatch.setattr(services, "read_table", lambda *args: reads.append(args[1]) or real(*args))
    imp = uploaded(world, coordinator)
    while imp.status == ImportStatus.CHECKING:
        imp = services.import_check_next(register_import=imp, by=coordinator, chunk=2)  # three check steps
    assert imp.can_apply
    services.import_apply(register_import=imp, by=coordinator)
    assert reads == ["r.csv"]


def test_the_stored_rows_are_the_files_rows_with_their_numbers_and_values(world, coordinator):
    imp = uploaded(world, coordinator, n=2)
    stored = list(imp.file_rows.values_list("number", "values"))
    assert [number for number, _values in stored] == [2, 3]
    assert stored[0][1]["first_name"] == "Lagrad0" and stored[0][1]["started_on"] == "2024-02-01"
    assert "phone" not in stored[0][1]  # empty cells are not stored
    assert imp.headers["first_name"] == "förnamn"


@pytest.mark.parametrize("ending", ["applied", "discarded"])
def test_the_stored_rows_are_deleted_with_the_file(world, coordinator, ending):
    imp = uploaded(world, coordinator)
    other = uploaded(world, coordinator)  # another open import keeps its rows
    while imp.status == ImportStatus.CHECKING:
        imp = services.import_check_next(register_import=imp, by=coordinator)
    if ending == "applied":
        services.import_apply(register_import=imp, by=coordinator)
    else:
        services.import_discard(register_import=imp, by=coordinator)
    imp.refresh_from_db()
    assert (imp.status, imp.content) == (ending, None)
    assert not RegisterImportFileRow.objects.filter(register_import=imp).exists()
    assert imp.rows.count() == 6  # the results (no personal data) stay for the report
    assert other.file_rows.count() == 6


def test_no_finished_import_keeps_stored_rows(world, coordinator):
    """The rule over every import in the database, after each way of finishing one."""
    for ending in (services.import_apply, services.import_discard):
        imp = uploaded(world, coordinator)
        while imp.status == ImportStatus.CHECKING:
            imp = services.import_check_next(register_import=imp, by=coordinator)
        ending(register_import=imp, by=coordinator)
    uploaded(world, coordinator)
    finished = RegisterImport.objects.filter(status__in=[ImportStatus.APPLIED, ImportStatus.DISCARDED])
    assert finished.count() == 2
    assert not RegisterImportFileRow.objects.filter(register_import__in=finished).exists()
    assert RegisterImportFileRow.objects.count() == 6


def test_a_refused_file_leaves_nothing(world, coordinator):
    with pytest.raises(ValidationError):
        services.import_upload(unit=world.unit, by=coordinator, file_name="r.csv", content=b"namn;adress\nA;B\n")
    assert not RegisterImport.objects.exists() and not RegisterImportFileRow.objects.exists()


def test_imports_open_when_the_rows_came_are_read_into_rows_and_checked_again(world, coordinator):
    """The migration that brought the stored rows reads the files of imports still open, as an
    upload does, and has them checked again; a file now refused is discarded (content gone)."""
    migration = importlib.import_module("intake.migrations.0005_import_file_rows")
    stale = uploaded(world, coordinator, n=3)
    stale = services.import_check_next(register_import=stale, by=coordinator)
    stale.file_rows.all().delete()  # as it was before: the file only
    refused = RegisterImport.objects.create(
        unit=world.unit, organisation=stale.organisation, uploaded_by=coordinator, file_name="old.csv", sha256="0" * 64,
        content=b"namn\nA\n", rows_total=1, status=ImportStatus.CHECKED)
    RegisterImportRow.objects.create(register_import=refused, number=2, outcome=RowOutcome.ERROR)
    migration.read_open_imports(apps, None)

    stale.refresh_from_db()
    assert (stale.status, stale.rows_total, stale.rows_checked, stale.new_participants) == ("checking", 3, 0, 0)
    assert list(stale.file_rows.values_list("number", flat=True)) == [2, 3, 4] and not stale.rows.exists()
    while stale.status == ImportStatus.CHECKING:
        stale = services.import_check_next(register_import=stale, by=coordinator)
    assert stale.can_apply and stale.new_participants == 3
    refused.refresh_from_db()
    assert (refused.status, refused.content, refused.rows.count()) == ("discarded", None, 0)
