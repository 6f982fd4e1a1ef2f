"""Demo step: invented participants in every phase, with category data, consents and notes."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from krami import demo
from krami.models import DataCategory
from participants import personnummer
from participants.models import (
    Condition,
    ConsentMethod,
    CriminalJusticeStatus,
    Gender,
    NoteVisibility,
    Participant,
    Phase,
    ReferralSource,
)
from participants.services.consent import consent_record
from participants.services.notes import note_create
from participants.services.register import participant_create

WOMEN = ["Aisha", "Elin", "Fatima", "Hanna", "Ida", "Jenny", "Leila", "Moa", "Nora", "Petra", "Rania", "Tove"]
MEN = ["Adam", "Ali", "Daniel", "Emil", "Filip", "Hassan", "Isak", "Kevin", "Marcus", "Niklas", "Robin", "Samir",
       "Tobias", "Viktor", "Yusuf", "Oskar"]
SURNAMES = ["Andersson", "Bergström", "Carlsson", "Demir", "Eriksson", "Forsberg", "Gustafsson", "Hussein",
            "Isaksson", "Jansson", "Karlsson", "Lindqvist", "Mohammed", "Nilsson", "Olsson", "Persson",
            "Rashid", "Svensson", "Törnqvist", "Wallin", "Yilmaz", "Åkesson"]

PHASE_PLAN = [
    Phase.APPLICANT, Phase.APPLICANT, Phase.QUEUED, Phase.QUEUED, Phase.GUIDANCE, Phase.GUIDANCE,
    Phase.INTERNSHIP, Phase.INTERNSHIP, Phase.WORK_OR_STUDIES, Phase.NOT_ACCEPTED, Phase.CLOSED, Phase.CLOSED,
]


def invented_personnummer(rng: random.Random, born: date) -> str:
    """A number with a valid check digit for an invented person (serial in the 9xx range)."""
    serial = f"{rng.randint(900, 999)}"
    body = f"{born:%y%m%d}{serial}"
    total = 0
    for i, ch in enumerate(body):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    check = (10 - total % 10) % 10
    return f"{born:%Y%m%d}-{serial}{check}"


CJ_BY_REFERRAL = {
    ReferralSource.KV_PRISON: CriminalJusticeStatus.PRISON_RELEASE_MEASURE,
    ReferralSource.KV_PROBATION: CriminalJusticeStatus.PROBATION,
}


@demo.step(20, "participants")
def seed_participants(ctx: demo.DemoContext) -> None:
    rng = random.Random(2026)
    today = timezone.localdate()
    caseworkers = {
        "sthlm": ["sthlm.af.vagledare", "sthlm.af.vagledare2", "sthlm.kv.vagledare", "sthlm.kv.vagledare2",
                  "sthlm.kommun.vagledare", "sthlm.kommun.vagledare2"],
        "thn": ["thn.af.vagledare", "thn.kv.vagledare", "thn.kommun.vagledare"],
    }
    for unit_key, usernames in caseworkers.items():
        unit = ctx.units[unit_key]
        if Participant.objects.filter(unit=unit).exists():
            continue  # idempotent: the unit already has its demo participants
        municipalities = list(unit.municipalities.all())
        parties = list(unit.parties.all())
        for i in range(len(PHASE_PLAN) * len(usernames) // 2):
            username = usernames[i % len(usernames)]
            handler = ctx.users[username]
            org = handler.staff_profile.organisation
            woman = rng.random() < 0.35
            born = today - timedelta(days=rng.randint(18 * 365 + 30, 58 * 365))
            referral = rng.choice(list(ReferralSource))
            phase = PHASE_PLAN[i % len(PHASE_PLAN)]
            participant = participant_create(
                unit=unit,
                organisation=org,
                handler=handler,
                by=handler,
                personnummer_value=invented_personnummer(rng, born),
                first_name=rng.choice(WOMEN if woman else MEN),
                last_name=rng.choice(SURNAMES),
                gender=Gender.WOMAN if woman else Gender.MAN,
                identifies_as_woman=woman,
                municipality=rng.choice(municipalities),
                phone=f"070-{rng.randint(1000000, 9999999)}",
                referral_source=referral,
                drug_free=Condition.YES if phase != Phase.APPLICANT else Condition.UNKNOWN,
                housing_arranged=Condition.YES if rng.random() < 0.85 else Condition.NO,
                childcare_arranged=Condition.NOT_APPLICABLE,
                phase=phase,
                phase_since=today - timedelta(days=rng.randint(3, 120)),
            )
            cj = participant.criminal_justice
            cj.current_at_kv = referral in CJ_BY_REFERRAL or rng.random() < 0.4
            cj.status = CJ_BY_REFERRAL.get(referral, rng.choice(list(CriminalJusticeStatus)))
            cj.save()
            if i % 3 == 0:  # a third have consented to sharing everything with every party
                consent_record(
                    participant=participant,
                    by=handler,
                    given_on=participant.phase_since,
                    method=ConsentMethod.WRITTEN,
                    valid_until=today + timedelta(days=365),
                    scopes=[(o, c) for o in parties for c in DataCategory],
                )
            elif i % 3 == 1:  # a third share identity and notes only
                consent_record(
                    participant=participant,
                    by=handler,
                    given_on=participant.phase_since,
                    method=ConsentMethod.ORAL,
                    scopes=[(o, c) for o in parties for c in (DataCategory.CORE, DataCategory.NOTES)],
                )
            note_create(
                participant=participant,
                by=handler,
                noted_on=participant.phase_since,
                visibility=NoteVisibility.TEAM if i % 2 else NoteVisibility.OWN_ORGANISATION,
                text=f"Samtal om mål och nästa steg ({participant.get_phase_display()}).",
            )
