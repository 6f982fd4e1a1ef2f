"""All or nothing: one bad row, or a fault at any step of the apply, leaves every table as it was.

Uses the snapshot of every table from tests/krami/test_fault_injection.py.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import DatabaseError

from intake.models import ImportStatus, RegisterImport
from intake.registerimport import services
from tests.intake.factories import make_group, today
from tests.intake.importfiles import csv_bytes, person
from tests.krami.test_fault_injection import InjectedFault, fail_at, snapshot
from tests.participants.factories import valid_personnummer

pytestmark = pytest.mark.django_db
APPLY_TABLES_EXCEPT_IMPORT = {"intake_registerimport", "intake_registerimportrow"}


def _rows(world, n=3, bad_row=None):
    kommun = world.unit.municipalities.first().name
    rows = []
    for i in range(n):
        start = today() - timedelta(days=300 - i)
        rows.append(person(valid_personnummer(date(1960 + i, 1, 1), serial=7), first=f"Rad{i}", hemkommun=kommun,
                           startdatum=start, avslutsdatum=start + timedelta(days=90), avslutsorsak="work",
                           **{"genomfört vägledningsprogrammet": "ja"}))
        rows.append(person(valid_personnummer(date(1960 + i, 1, 1), serial=7), first=f"Rad{i}", hemkommun=kommun,
                           startdatum=today() - timedelta(days=20)))
    if bad_row is not None:
        rows[bad_row]["avslutsdatum"] = "2024-13-01"
    return rows


def _checked(world, rows):
    by = world.users["kommun_samordnare"]
    imp = services.import_upload(unit=world.unit, by=by, file_name="f.csv", content=csv_bytes(rows))
    while imp.status == ImportStatus.CHECKING:
        imp = services.import_check_next(register_import=imp, by=by)
    return imp, by


def test_one_bad_row_means_no_apply_button_and_nothing_written(world):
    imp, by = _checked(world, _rows(world, bad_row=4))
    assert imp.error_rows == 1 and not imp.can_apply
    before = snapshot()
    with pytest.raises(services.ImportRefused):
        services.import_apply(register_import=imp, by=by)
    assert snapshot() == before


def test_a_register_changed_since_the_check_refuses_the_apply_and_shows_the_new_errors(world):
    by = world.users["kommun_samordnare"]
    group = make_group(world.unit, by=by, starts_on=today() - timedelta(days=10), name="Grupp B", capacity=1)
    rows = _rows(world, n=1)
    rows[1].update({"grupp": "Grupp B", "startdatum": group.starts_on})
    imp, by = _checked(world, rows)
    assert imp.can_apply
    group.name = "Omdöpt"  # a colleague renames the group between check and apply
    group.save()
    before = {t: v for t, v in snapshot().items() if t not in APPLY_TABLES_EXCEPT_IMPORT}

    with pytest.raises(services.ImportRefused) as refused:
        services.import_apply(register_import=imp, by=by)

    assert refused.value.code == "changed"
    after = {t: v for t, v in snapshot().items() if t not in APPLY_TABLES_EXCEPT_IMPORT}
    assert after == before
    imp = RegisterImport.objects.get(pk=imp.pk)
    assert imp.error_rows == 1 and imp.status == ImportStatus.CHECKED and not imp.can_apply
    assert imp.rows.get(number=3).errors[0]["column"] == "grupp"


@pytest.mark.parametrize("step", ["participant_create", "participant_set_phase", "_follow_ups", "audit"])
def test_a_fault_at_any_step_of_the_apply_leaves_every_table_unchanged(world, monkeypatch, step):
    imp, by = _checked(world, _rows(world))
    before = snapshot()
    fail_at(monkeypatch, services, step)
    with pytest.raises(InjectedFault):
        services.import_apply(register_import=imp, by=by)
    assert snapshot() == before


def test_without_a_fault_the_apply_writes(world):
    imp, by = _checked(world, _rows(world))
    before = snapshot()
    services.import_apply(register_import=imp, by=by)
    changed = {t for t in before if before[t] != snapshot()[t]}
    assert {"participants_participant", "intake_episode", "intake_followup", "participants_phasechange"} <= changed


def test_a_database_fault_in_the_view_says_nothing_was_written(world, client, monkeypatch):
    imp, by = _checked(world, _rows(world))

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(services, "participant_create", broken)
    client.force_login(by)
    before = snapshot()
    response = client.post(f"/inskrivning/import/{imp.pk}/genomfor/", follow=True)
    page = response.content.decode()
    assert "The import failed and nothing was written." in page
    # Only the import's own bookkeeping moved: the attempt is recorded and the file can be tried again.
    bookkeeping = {"intake_registerimport", "intake_registerimportprogress", "krami_auditevent"}
    after = snapshot()
    assert {t: r for t, r in after.items() if t not in bookkeeping} == {
        t: r for t, r in before.items() if t not in bookkeeping}
    imp.refresh_from_db()
    assert imp.status == ImportStatus.CHECKED and imp.can_apply and imp.content is not None
    assert imp.apply_problem == "failed"
    assert 'id="apply-problem"' in page and "/genomfor/" in page  # the reason, and the button to try again
