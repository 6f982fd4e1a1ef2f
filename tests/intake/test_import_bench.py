"""The measured times of docs/intake.md, "Import a register": a 5 000-row Excel file checked and
applied, then the same file again. Opt-in (it takes minutes): `KRAMI_IMPORT_BENCH=1 pytest -s
tests/intake/test_import_bench.py` (add DATABASE_URL=postgres://… for PostgreSQL)."""

from __future__ import annotations

import os
import time
from datetime import date, timedelta

import pytest

from intake.models import ImportStatus
from intake.registerimport import services
from participants.models import Participant
from tests.intake.factories import today
from tests.intake.importfiles import person, xlsx_bytes
from tests.participants.factories import valid_personnummer

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(os.environ.get("KRAMI_IMPORT_BENCH") != "1", reason="benchmark: set KRAMI_IMPORT_BENCH=1"),
]
PEOPLE = 2_500  # two rows each (a closed and an open episode): 5 000 rows


def _file(world) -> bytes:
    kommun = world.unit.municipalities.first().name
    rows = []
    for i in range(PEOPLE):
        pnr = valid_personnummer(date(1950, 1, 1) + timedelta(days=i), serial=5)
        start = today() - timedelta(days=400)
        rows.append(person(pnr, first=f"P{i}", hemkommun=kommun, startdatum=start, avslutsdatum=start + timedelta(days=100),
                           avslutsorsak="studies", **{"genomfört vägledningsprogrammet": "ja"}))
        rows.append(person(pnr, first=f"P{i}", hemkommun=kommun, startdatum=today() - timedelta(days=30)))
    return xlsx_bytes(rows)


def test_five_thousand_rows(world):
    by = world.users["kommun_samordnare"]
    content = _file(world)
    for run in ("first import", "same file again"):
        started = time.perf_counter()
        imp = services.import_upload(unit=world.unit, by=by, file_name="register.xlsx", content=content)
        chunks = 0
        while imp.status == ImportStatus.CHECKING:
            imp = services.import_check_next(register_import=imp, by=by)
            chunks += 1
        checked = time.perf_counter()
        services.import_apply(register_import=imp, by=by)
        applied = time.perf_counter()
        imp.refresh_from_db()
        print(f"\n{run}: {imp.rows_total} rows, {len(content) // 1024} KB; check {checked - started:.1f} s "
              f"({chunks} chunks), apply {applied - checked:.1f} s; new participants {imp.new_participants}, "
              f"new episodes {imp.new_episodes}, unchanged {imp.unchanged_rows}")
    assert imp.unchanged_rows == 2 * PEOPLE
    assert Participant.objects.filter(unit=world.unit, first_name__startswith="P").count() == PEOPLE
