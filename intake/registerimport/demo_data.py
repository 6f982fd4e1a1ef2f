"""Demo step 70: one finished register import in Krami Stockholm's history (invented people only).

The Stockholm coordinator imports a small CSV of the unit's old spreadsheet through the same
services as the page (upload, check, apply), so the import history and its report have content.
Runs last so that the other steps' figures are made first; skipped when the unit has an import.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from intake.models import ImportStatus, RegisterImport
from intake.registerimport import services
from krami import demo
from participants.demo_data import invented_personnummer

HEADER = (
    "personnummer;förnamn;efternamn;kön;hemkommun;remitterad av;"
    "startdatum;starttyp;avslutsdatum;avslutsorsak;genomfört vägledningsprogrammet"
)
# (first name, last name, gender, birth year, episodes as (days ago started, days ago ended or None, outcome, completed))
PEOPLE = [
    ("Tove", "Almgren", "Kvinna", 1991, [(700, 520, "studies", "ja")]),
    ("Rasmus", "Björkholm", "Man", 1986, [(640, 470, "work_subsidy", "ja"), (200, None, "", "")]),
    ("Nadia", "Castell", "Kvinna", 1995, [(560, 400, "dropped_out", "nej")]),
    ("Jonatan", "Dalberg", "Man", 1983, [(480, 300, "work", "ja")]),
    ("Elin", "Forsgård", "Kvinna", 1998, []),
]


def demo_csv(today, rng: random.Random) -> bytes:
    lines = [HEADER]
    for first, last, gender, year, episodes in PEOPLE:
        pnr = invented_personnummer(rng, today.replace(year=year, month=rng.randint(1, 12), day=rng.randint(1, 28)))
        person = f"{pnr};{first};{last};{gender};Stockholm;Kriminalvården, frivård"
        if not episodes:
            lines.append(person + ";;;;;")
        for started, ended, outcome, completed in episodes:
            end = (today - timedelta(days=ended)).isoformat() if ended else ""
            lines.append(f"{person};{(today - timedelta(days=started)).isoformat()};Individuell start;{end};{outcome};{completed}")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


@demo.step(70, "intake: one finished register import (Krami Stockholm)")
def seed_register_import(ctx: demo.DemoContext) -> None:
    unit, by = ctx.units.get("sthlm"), ctx.users.get("sthlm.samordnare")
    if unit is None or by is None or RegisterImport.objects.filter(unit=unit).exists():
        return
    imp = services.import_upload(
        unit=unit, by=by, file_name="deltagarregister-2024.csv", content=demo_csv(timezone.localdate(), random.Random(7070))
    )
    while imp.status == ImportStatus.CHECKING:
        imp = services.import_check_next(register_import=imp, by=by)
    if imp.can_apply:
        services.import_apply(register_import=imp, by=by)
