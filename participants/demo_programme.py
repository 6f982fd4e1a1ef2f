"""Demo step 50: the programme after the start, on top of the participants of step 20.

Employers in each unit's register (invented companies), internships for the participants in
the internship phase, employment or studies for those in work or studies, two participants
who walk guidance course → internship (→ employment) so the phase timeline has content, a
few edited journal notes and one reassignment per unit. Everything goes through the
services, so the audit trail and phase history are as in real use. Idempotent: a unit that
already has employers is left alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from stdnum import luhn

from krami import demo
from participants.access import caseworkers_who_may_see
from participants.models import (
    Employer,
    EmploymentType,
    JournalNote,
    Participant,
    Phase,
    Subsidy,
)
from participants.services.employers import employer_create
from participants.services.handler import participant_reassign
from participants.services.notes import note_edit
from participants.services.programme import employment_record, internship_start, studies_record

# name, contact person, municipality; every company and person is invented.
EMPLOYERS = {
    "sthlm": [
        ("Söderbygg Montage AB", "Anders Lindgren", "Stockholm"),
        ("Café Gröna Gården AB", "Mira Haddad", "Stockholm"),
        ("Huddinge Lager & Logistik AB", "Per Wikström", "Huddinge"),
        ("Nacka Fastighetsservice AB", "Lena Öberg", "Nacka"),
        ("Solna Bilverkstad AB", "Goran Petrović", "Solna"),
    ],
    "thn": [
        ("Trollhätte Mekaniska AB", "Ulf Sandberg", "Trollhättan"),
        ("Vänerns Måleri AB", "Jessica Alm", "Vänersborg"),
        ("Grästorps Grönyteskötsel AB", "Kerstin Brodd", "Grästorp"),
        ("Älvstadens Storkök AB", "Hamid Karimi", "Trollhättan"),
    ],
}
SCHOOLS = [("Komvux Stockholm", "Svenska som andraspråk"), ("Yrkeshögskolan Väst", "Lagerlogistik")]


def invented_orgnr(serial: int) -> str:
    """A check-digit-valid aktiebolag number in an invented 559999 series."""
    body = f"559999{serial:03d}"
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def _employers(ctx: demo.DemoContext, unit_key: str, by) -> list[Employer]:
    unit = ctx.units[unit_key]
    municipalities = {m.name: m for m in unit.municipalities.all()}
    offset = 100 if unit_key == "thn" else 0
    return [
        employer_create(
            unit=unit,
            by=by,
            name=name,
            organisation_number=invented_orgnr(offset + i),
            contact_person=contact,
            phone=f"010-{555000 + offset + i:06d}",
            email=f"kontakt{offset + i}@arbetsgivare.invalid",
            municipality=municipalities.get(place),
        )
        for i, (name, contact, place) in enumerate(EMPLOYERS[unit_key], start=1)
    ]


def _placements(participants, employers, today) -> None:
    for i, p in enumerate(participants.filter(phase=Phase.INTERNSHIP)):
        internship_start(
            participant=p,
            employer=employers[i % len(employers)],
            by=p.handler,
            start_date=p.phase_since,
            planned_end_date=p.phase_since + timedelta(days=90),
            supervisor_name=["Jens Ahlberg", "Maja Ringström", "Ola Persson"][i % 3],
            supervisor_phone=f"073-{7000000 + i}",
            wage_subsidy=i % 2 == 0,
        )
    for i, p in enumerate(participants.filter(phase=Phase.WORK_OR_STUDIES)):
        if i % 3 == 2:
            school, programme = SCHOOLS[i % len(SCHOOLS)]
            studies_record(participant=p, by=p.handler, school=school, programme=programme, full_time=True,
                           start_date=p.phase_since)
        else:
            employment_record(
                participant=p, employer=employers[(i + 1) % len(employers)], by=p.handler,
                employment_type=[EmploymentType.PERMANENT, EmploymentType.FIXED_TERM][i % 2],
                subsidy=[Subsidy.WAGE_SUBSIDY, Subsidy.NONE, Subsidy.NYSTARTSJOBB][i % 3],
                start_date=p.phase_since,
            )


def _journeys(participants, employers, today) -> None:
    """Guidance course → internship, and guidance → internship → employment, for the timeline."""
    long_in_guidance = list(participants.filter(phase=Phase.GUIDANCE, phase_since__lte=today - timedelta(days=50))[:2])
    for n, p in enumerate(long_in_guidance):
        start = p.phase_since + timedelta(days=24)
        internship_start(
            participant=p, employer=employers[n], by=p.handler, start_date=start,
            planned_end_date=start + timedelta(days=60), supervisor_name="Cecilia Nord",
        )
        if n == 1:
            employment_record(
                participant=p, employer=employers[n], by=p.handler, employment_type=EmploymentType.FIXED_TERM,
                subsidy=Subsidy.WAGE_SUBSIDY, start_date=start + timedelta(days=21),
                note="Praktiken blev en anställning med lönestöd.",
            )


def _edits_and_reassignment(participants) -> None:
    for note in JournalNote.objects.filter(participant__in=participants).order_by("pk")[:3]:
        note_edit(note=note, by=note.author, text=note.text + " Rättat: nästa möte flyttat en vecka.")
    for p in participants.filter(phase__in=[Phase.GUIDANCE, Phase.INTERNSHIP]).order_by("pk"):
        candidate = caseworkers_who_may_see(p).exclude(pk=p.handler_id).first()
        if candidate is not None:
            participant_reassign(participant=p, new_handler=candidate, by=p.handler, reason="Föräldraledighet")
            return


@demo.step(50, "programme: employers, internships, employment and studies")
def seed_programme(ctx: demo.DemoContext) -> None:
    today = timezone.localdate()
    for unit_key in EMPLOYERS:
        unit = ctx.units[unit_key]
        if Employer.objects.filter(unit=unit).exists():
            continue  # idempotent: this unit's programme data is already there
        participants = Participant.objects.filter(unit=unit).select_related("handler", "unit").order_by("pk")
        if not participants.exists():
            continue
        employers = _employers(ctx, unit_key, by=participants.first().handler)
        _placements(participants, employers, today)
        _journeys(participants, employers, today)
        _edits_and_reassignment(participants)
