"""Demo step: invented participants in every phase, with category data, consents and notes."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from krami import demo
from krami.models import DataCategory, Gender
from participants import authority, personnummer
from participants.models import (
    Condition,
    ConsentMethod,
    CriminalJusticeStatus,
    NoteVisibility,
    Participant,
    Phase,
    PhaseChange,
    ReferralSource,
)
from participants.services.consent import consent_record, consent_request_create
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
    """A number for an invented person of the demo (serial in the 9xx range)."""
    return personnummer.invented(born, rng.randint(900, 999))


def _one_case_worker_per_party(ctx: demo.DemoContext, usernames: list[str], *, first) -> list:
    """The handler, then one case worker of each other party (the owner releases first: the others
    then see the participant, as they would when they record their own part of a signed form)."""
    chosen = {first.staff_profile.organisation_id: first}
    for username in usernames:
        user = ctx.users[username]
        chosen.setdefault(user.staff_profile.organisation_id, user)
    return list(chosen.values())


def _release(participant, *, by, parties, method, categories=None, valid_until=None) -> None:
    """`by`'s party releases its data (`categories`, or all it may) to every other party."""
    org = authority.organisation_of(by)
    released = [c for c in authority.releasable_categories(org, participant) if categories is None or c in categories]
    consent_record(
        participant=participant, by=by, given_on=participant.phase_since, method=method, valid_until=valid_until,
        scopes=[(o, c) for o in authority.receiving_parties(org, parties) for c in released],
    )


CJ_BY_REFERRAL = {
    ReferralSource.KV_PRISON: CriminalJusticeStatus.PRISON_RELEASE_MEASURE,
    ReferralSource.KV_PROBATION: CriminalJusticeStatus.PROBATION,
}
# The statuses drawn for everyone else. A fixed list: a longer one would change the random stream and
# with it every demo participant; intake's demo step gives Trollhättan convicted and at-risk people.
DRAWN_STATUSES = [
    CriminalJusticeStatus.PRISON_RELEASE_MEASURE, CriminalJusticeStatus.PROBATION, CriminalJusticeStatus.CONDITIONAL_RELEASE,
    CriminalJusticeStatus.OTHER_CRIMINAL_CONTEXT, CriminalJusticeStatus.NONE,
]


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
                # Registered when the phase began, not on the day the demo is seeded (drawn here, last,
                # so that the demo's other random draws, and so its people, stay as they were).
                registered_on=(since := today - timedelta(days=rng.randint(3, 120))),
                phase_since=since,
            )
            cj = participant.criminal_justice
            cj.current_at_kv = referral in CJ_BY_REFERRAL or rng.random() < 0.4
            cj.status = CJ_BY_REFERRAL.get(referral, rng.choice(DRAWN_STATUSES))
            cj.save()
            if i % 3 == 0:  # a third have consented to every party sharing everything with the others
                for releaser in _one_case_worker_per_party(ctx, usernames, first=handler):
                    _release(participant, by=releaser, parties=parties, method=ConsentMethod.WRITTEN,
                             valid_until=today + timedelta(days=365))
            elif i % 3 == 1:  # a third let the owner share identity and notes only
                _release(participant, by=handler, parties=parties, method=ConsentMethod.ORAL,
                         categories=(DataCategory.CORE, DataCategory.NOTES))
                if i == 1:  # and another party has asked the owner for more (a request waiting for an answer)
                    asker = next(u for u in _one_case_worker_per_party(ctx, usernames, first=handler) if u != handler)
                    consent_request_create(
                        participant=participant, by=asker, addressed_to=org, reason="Planering inför praktik",
                        categories=[c for c in authority.releasable_categories(org, participant)
                                    if c not in (DataCategory.CORE, DataCategory.NOTES)][:1],
                    )
            note_create(
                participant=participant,
                by=handler,
                noted_on=participant.phase_since,
                visibility=NoteVisibility.TEAM if i % 2 else NoteVisibility.OWN_ORGANISATION,
                text=f"Samtal om mål och nästa steg ({participant.get_phase_display()}).",
            )


@demo.step(90, "participants: each registered on the first day of their history")
def date_registrations(ctx: demo.DemoContext) -> None:
    """The later steps write each demo person's history back in time (intake's meetings, queue and
    episodes, the programme, the register import): a person is registered on its first day at the
    latest, as a unit's register would show them. Idempotent: an earlier date is never moved. Only
    the demo's units: whatever else the database holds is not the demo's to change."""
    first_phase = PhaseChange.objects.filter(participant=OuterRef("pk")).order_by("on").values("on")[:1]
    (Participant.objects.filter(unit__in=list(ctx.units.values())).annotate(first=Subquery(first_phase))
     .filter(first__lt=F("registered_on")).update(registered_on=Subquery(first_phase)))
