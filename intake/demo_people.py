"""Demo step 55: a protected identity, and one person whom two parties registered (issue 18).

In Krami Stockholm:
- Tove Sjöberg has protected personal data (skyddad identitet): the kommun registered her, she
  was interviewed and accepted and waits in the queue; she lets KV and AF see her identity record,
  so they see "Skyddad identitet (D-…)" in their lists and the queue. Her handler
  (sthlm.kommun.vagledare) and the kommun's coordinator (sthlm.samordnare) see her name.
- Malik Öztürk was registered by the kommun and, before he consented to anything, by Kriminalvården
  too (its own criminal-justice data, a drug test and a note). Once each let the other see the
  identity record, the kommun proposed merging them and KV confirmed: one record, the rows of both.
- Elias Brandt is registered by both as well; the kommun has proposed merging them, and the
  proposal waits for KV's answer (log in as sthlm.kv.vagledare2 to answer it).

Everything goes through the services, as in real use. Idempotent: a person already registered is
left alone. Invented people only.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from intake.models import Decision, DrugTest, DrugTestResult
from intake.services.assessment import assessment_record, interview_record
from krami import demo
from krami.models import DataCategory, Gender
from participants import personnummer
from participants.models import (
    Condition,
    ConsentMethod,
    CriminalJusticeStatus,
    NoteVisibility,
    Participant,
    ReferralSource,
)
from participants.services.consent import consent_record
from participants.services.merge import merge_confirm, merge_propose
from participants.services.notes import note_create
from participants.services.register import participant_create

# (first name, last name, gender, birth date, serial): invented people with invented numbers.
PROTECTED = ("Tove", "Sjöberg", Gender.WOMAN, date(1994, 6, 3), 871)
MERGED = ("Malik", "Öztürk", Gender.MAN, date(1989, 11, 21), 872)
WAITING = ("Elias", "Brandt", Gender.MAN, date(1997, 2, 14), 873)


def _register(unit, by, person, today, **fields) -> Participant | None:
    """`by`'s organisation registers `person`, unless it already has (a second seed)."""
    first, last, gender, born, serial = person
    digits = personnummer.parse(personnummer.invented(born, serial)).digits
    if Participant.objects.filter(
        unit=unit, owner_organisation=by.staff_profile.organisation, personnummer_hash=personnummer.lookup_hash(digits)
    ).exists():
        return None
    return participant_create(
        unit=unit, organisation=by.staff_profile.organisation, handler=by, by=by,
        personnummer_value=personnummer.invented(born, serial), first_name=first, last_name=last, gender=gender,
        identifies_as_woman=gender == Gender.WOMAN, municipality=unit.municipalities.order_by("name").first(),
        referral_source=fields.pop("referral_source", ReferralSource.SOCIAL_SERVICES), drug_free=Condition.YES,
        housing_arranged=Condition.YES, registered_on=today - timedelta(days=30), phase_since=today - timedelta(days=30),
        **fields,
    )


def _share_identity(participant: Participant, by, *parties) -> None:
    consent_record(
        participant=participant, by=by, given_on=participant.phase_since, method=ConsentMethod.WRITTEN,
        scopes=[(party, DataCategory.CORE) for party in parties], filed_as="Demo 2026/18",
    )


def _queue(participant: Participant, by, today) -> None:
    interview_record(participant=participant, by=by, held_on=today - timedelta(days=20), interviewer=by,
                     notes="Vill arbeta inom vården. Skyddad identitet: inga uppgifter om bostadsort i anteckningar.")
    assessment_record(
        participant=participant, by=by, decided_on=today - timedelta(days=14), decision=Decision.ACCEPTED, decided_by=by,
        override_reason="Villkoren bedöms uppfyllda vid start.",
    )


def _second_record(unit, kommun, kv, person, today) -> tuple[Participant, Participant] | None:
    """The kommun's record of `person`, and KV's own record of them with KV's data; then each lets the
    other see its identity record (and only then do they see that they hold the same person)."""
    mine = _register(unit, kommun, person, today, phone="070-555 18 01")
    if mine is None:
        return None
    theirs = _register(unit, kv, person, today, referral_source=ReferralSource.KV_PROBATION, email="demo.18@example.invalid")
    cj = theirs.criminal_justice
    cj.current_at_kv, cj.status = True, CriminalJusticeStatus.PROBATION
    cj.supervision_until, cj.notes = today + timedelta(days=300), "Skyddstillsyn; kontakt med frivården varannan vecka."
    cj.save()
    note_create(participant=theirs, by=kv, noted_on=today - timedelta(days=10), visibility=NoteVisibility.OWN_ORGANISATION,
                text="Första samtal på frivården om Krami.")
    DrugTest.objects.create(
        participant=theirs, owner_organisation=kv.staff_profile.organisation, referred_on=today - timedelta(days=9),
        reason="Inför start", referred_by=kv, result=DrugTestResult.NEGATIVE, result_on=today - timedelta(days=8),
        result_recorded_by=kv,
    )
    _share_identity(mine, kommun, kv.staff_profile.organisation)
    _share_identity(theirs, kv, kommun.staff_profile.organisation)
    return mine, theirs


@demo.step(55, "participants: a protected identity, one person registered twice and merged, a merge waiting")
def seed_identity_and_merges(ctx: demo.DemoContext) -> None:
    today = timezone.localdate()
    unit = ctx.units["sthlm"]
    kommun, kv, af = (ctx.users[f"sthlm.{p}.vagledare"] for p in ("kommun", "kv", "af"))
    protected = _register(unit, kommun, PROTECTED, today, protected_identity=True, phone="070-555 18 00")
    if protected is not None:
        _share_identity(protected, kommun, kv.staff_profile.organisation, af.staff_profile.organisation)
        _queue(protected, kommun, today)
    pair = _second_record(unit, kommun, kv, MERGED, today)
    if pair is not None:
        proposal = merge_propose(participant=pair[0], other=pair[1], by=kommun, note="Samma personnummer; samma ärende hos frivården.")
        merge_confirm(proposal=proposal, participant=pair[1], by=kv, note="Stämmer.")
    kommun2, kv2 = ctx.users["sthlm.kommun.vagledare2"], ctx.users["sthlm.kv.vagledare2"]
    waiting = _second_record(unit, kommun2, kv2, WAITING, today)
    if waiting is not None:
        merge_propose(participant=waiting[0], other=waiting[1], by=kommun2, note="Samma personnummer.")
