"""manage.py bench_import: how long a unit's register import takes (`make bench-import`).

Builds an Excel file of invented people (by default 2 500, each with a closed and an open
episode: 5 000 rows), then uploads, checks (in the same chunks as the browser) and applies it
as the unit's coordinator, and does it all again with the same file (everything unchanged).
Everything runs in one transaction that is rolled back at the end, so the database is left as
it was. The figures are printed; docs/intake.md ("Import a register") quotes them.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from intake.models import ImportStatus
from intake.registerimport import services
from intake.registerimport.columns import COLUMNS
from krami.exports import xlsx_response
from krami.models import Membership, Role
from participants import personnummer


class _RolledBack(Exception):
    """Raised at the end to undo the benchmark's writes."""


def invented_personnummer(index: int) -> str:
    """A check-digit-valid number for an invented person (serial 9xx like the other invented data)."""
    return personnummer.invented(date(1950, 1, 1) + timedelta(days=index // 100), 900 + index % 100)


def register_file(*, people: int, municipality: str, today: date) -> bytes:
    """An Excel register: each person a closed episode (studies) and an open one."""
    headers = [c.header for c in COLUMNS]
    rows = []
    first_start = today - timedelta(days=400)
    for i in range(people):
        person = {
            "personnummer": invented_personnummer(i), "förnamn": f"Bench{i}", "efternamn": "Importsson",
            "kön": "Kvinna", "hemkommun": municipality, "remitterad av": "Arbetsförmedlingen",
        }
        closed = {"startdatum": first_start, "avslutsdatum": first_start + timedelta(days=100),
                  "avslutsorsak": "studies", "genomfört vägledningsprogrammet": "ja"}
        rows.append([{**person, **closed}.get(h) for h in headers])
        rows.append([{**person, "startdatum": today - timedelta(days=30)}.get(h) for h in headers])
    return xlsx_response(filename="bench.xlsx", sheets=[("Register", headers, rows)]).content

class Command(BaseCommand):
    help = "Time a register import (check and apply) of a large file; the database is left unchanged."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=2_500, help="People in the file (two rows each).")

    def handle(self, *args, **options):
        membership = (
            Membership.objects.filter(role=Role.SAMORDNARE, unit__isnull=False)
            .select_related("unit", "user").order_by("unit_id").first()
        )
        if membership is None:
            raise CommandError("No unit coordinator in this database: run seed_demo or generate_scale_data first.")
        unit, by = membership.unit, membership.user
        municipality = unit.municipalities.order_by("name").first()
        content = register_file(people=options["people"], municipality=municipality.name, today=timezone.localdate())
        self.stdout.write(f"{unit}: {options['people']} people, {2 * options['people']} rows, {len(content) // 1024} KB")
        try:
            with transaction.atomic():
                for run in ("first import", "same file again"):
                    self._run(run, unit=unit, by=by, content=content)
                raise _RolledBack
        except _RolledBack:
            self.stdout.write("Rolled back: the database is as it was.")

    def _run(self, run: str, *, unit, by, content: bytes) -> None:
        started = time.perf_counter()
        imp = services.import_upload(unit=unit, by=by, file_name="bench.xlsx", content=content)
        chunks = 0
        while imp.status == ImportStatus.CHECKING:
            imp = services.import_check_next(register_import=imp, by=by)
            chunks += 1
        checked = time.perf_counter()
        if not imp.can_apply:
            raise CommandError(f"{run}: the file did not check clean ({imp.status}, {imp.error_rows} rows with errors)")
        services.import_apply(register_import=imp, by=by)
        applied = time.perf_counter()
        imp.refresh_from_db()
        self.stdout.write(
            f"{run}: check {checked - started:.1f} s ({chunks} chunks), apply {applied - checked:.1f} s; "
            f"new participants {imp.new_participants}, new episodes {imp.new_episodes}, unchanged {imp.unchanged_rows}"
        )
