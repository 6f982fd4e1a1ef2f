"""Gallring respects every database constraint on the rows it writes (issue 15, finding 2).

`gallra --on 2032-01-01` on the demo stopped with an IntegrityError: the anonymiser blanked the
reason of a "not now" assessment, which `assessment_not_now_has_reason` forbids, and the whole
run was one transaction, so nobody's data was removed from that day on. Here a participant who
went through every step of the programme is gallrad; the test finds which fields of which rows
gallring changed, and every constraint that mentions one of those fields must be listed in
REVIEWED with the reason it holds. A new constraint on such a field fails here until someone has
looked at it (and, if it requires a text, added it to `privacy.services.retention.REQUIRED_TEXT`).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.db.models import CheckConstraint, F, Q, UniqueConstraint

from intake.models import Assessment, Decision, DrugTest, Interview, MeetingAttendance
from intake.services.assessment import assessment_record
from krami.dates import add_months
from participants.models import (
    Consent,
    ConsentMethod,
    Employer,
    Employment,
    Internship,
    NoteVisibility,
    Participant,
    Studies,
)
from participants.services.notes import note_create
from privacy.services.retention import REMOVED_TEXT, run_gallring
from tests.intake.factories import accept, exit_, make_meeting, start
from tests.participants.factories import make_participant

# Constraints that mention a field gallring changes, and why each still holds afterwards.
REVIEWED = {
    "assessment_not_now_has_reason": "the reason of a 'not now' becomes REMOVED_TEXT, not empty (REQUIRED_TEXT)",
    "attendance_participant_or_name": "only attendances linked to the participant are blanked: the participant is set",
    "participant_unique_pnr_per_unit_org": "the hash becomes 'gallrad:<pk>', unique by the primary key",
    "participant_protected_has_no_address": "gallring empties the address, which any marking allows",
}

NOT_NOW_ON = date(2023, 2, 1)
EXIT = date(2024, 3, 15)


def everything(world) -> Participant:
    """A participant with a row of every kind gallring writes: an information meeting, an
    interview, a "not now" and later an acceptance, an enrolment with its exit and follow-ups,
    a consent, an internship, an employment, studies, a drug test and a journal note."""
    kommun = world.users["kommun_vagledare"]
    p = make_participant(
        unit=world.unit, handler=kommun, first_name="Allt", last_name="Möjligt", phone="070-1112223", address="Storgatan 1"
    )
    meeting = make_meeting(world.unit, by=kommun, on=date(2023, 1, 10))
    MeetingAttendance.objects.create(meeting=meeting, participant=p, name="Allt Möjligt", contact="070-1112223", recorded_by=kommun)
    Interview.objects.create(participant=p, held_on=date(2023, 1, 20), interviewer=kommun, notes="SENTINEL-INTERVIEW", recorded_by=kommun)
    assessment_record(
        participant=p, by=kommun, decided_on=NOT_NOW_ON, decision=Decision.NOT_NOW, decided_by=kommun,
        reason="SENTINEL-NOT-NOW: has no housing yet",
    )
    accept(p, by=kommun, on=date(2023, 8, 20), override="SENTINEL-OVERRIDE")
    start(p, by=kommun, on=date(2023, 9, 1))
    exit_(p, by=kommun, on=EXIT)
    Consent.objects.create(
        participant=p,
        given_on=date(2023, 9, 1),
        method=ConsentMethod.WRITTEN,
        note="SENTINEL-CONSENT",
        recorded_by=kommun,
        releasing_organisation=world.orgs["kommun"],
    )
    employer = Employer.objects.create(unit=world.unit, name="Bygg AB", created_by=kommun)
    Internship.objects.create(
        participant=p,
        employer=employer,
        start_date=date(2023, 10, 1),
        planned_end_date=date(2023, 12, 1),
        supervisor_name="SENTINEL-SUPERVISOR",
        supervisor_phone="070-0000000",
        note="SENTINEL-INTERNSHIP",
        created_by=kommun,
        owner_organisation=world.orgs["kommun"],
    )
    Employment.objects.create(
        participant=p,
        employer=employer,
        employment_type=Employment._meta.get_field("employment_type").choices[0][0],
        start_date=date(2024, 1, 1),
        note="SENTINEL-EMPLOYMENT",
        created_by=kommun,
        owner_organisation=world.orgs["kommun"],
    )
    Studies.objects.create(
        participant=p,
        school="Komvux",
        programme="Svenska",
        start_date=date(2024, 2, 1),
        note="SENTINEL-STUDIES",
        created_by=kommun,
        owner_organisation=world.orgs["kommun"],
    )
    DrugTest.objects.create(
        participant=p,
        owner_organisation=world.orgs["kommun"],
        referred_on=date(2023, 11, 1),
        reason="SENTINEL-DRUG",
        referred_by=kommun,
        result="negative",
        result_on=date(2023, 11, 2),
    )
    note_create(participant=p, by=kommun, noted_on=EXIT, text="SENTINEL-NOTE", visibility=NoteVisibility.TEAM)
    return Participant.objects.get(pk=p.pk)


def every_row() -> dict[tuple, dict]:
    """(model, pk) -> {field name: value} of every row of every model."""
    rows = {}
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields]
        for values in model._base_manager.values_list(*[f.attname for f in model._meta.concrete_fields]):
            row = dict(zip(names, values, strict=True))
            rows[(model, row[model._meta.pk.name])] = row
    return rows


def changed_fields(before: dict, after: dict) -> dict:
    """model -> names of the fields gallring changed in rows that exist before and after."""
    changed: dict = {}
    for key in before.keys() & after.keys():
        for name, value in before[key].items():
            if after[key][name] != value:
                changed.setdefault(key[0], set()).add(name)
    return changed


def mentioned(constraint) -> set[str]:
    """The fields a constraint's condition, or its unique fields, mention."""
    found: set[str] = set()

    def walk(node):
        if isinstance(node, Q):
            for child in node.children:
                walk(child)
        elif isinstance(node, tuple):
            lookup, value = node
            found.add(lookup.split("__")[0])
            if isinstance(value, F):
                found.add(value.name.split("__")[0])

    if isinstance(constraint, CheckConstraint):
        walk(constraint.condition)
    elif isinstance(constraint, UniqueConstraint):
        found.update(constraint.fields)
        if constraint.condition is not None:
            walk(constraint.condition)
    return found


@pytest.mark.django_db
def test_every_constraint_on_a_field_gallring_changes_is_reviewed(world):
    p = everything(world)
    before = every_row()

    result = run_gallring(on=add_months(EXIT, 60))

    assert result.failures == [] and Participant.objects.get(pk=p.pk).anonymised_at is not None
    changed = changed_fields(before, every_row())
    touched = {c.name for model, names in changed.items() for c in model._meta.constraints if mentioned(c) & names}
    assert touched == set(REVIEWED)
    # The guard: the participant's free texts were there to be removed, so the check saw them.
    assert {"reason", "override_reason"} <= changed[Assessment] and "name" in changed[MeetingAttendance]


@pytest.mark.django_db
def test_a_not_now_assessment_keeps_a_reason_and_loses_its_text(world):
    """Finding 2 on its own: the participant's identity is gone, the "not now" still has a reason."""
    p = everything(world)
    run_gallring(on=add_months(EXIT, 60))
    reasons = dict(Assessment.objects.filter(participant=p).values_list("decision", "reason"))
    assert reasons == {Decision.NOT_NOW: REMOVED_TEXT, Decision.ACCEPTED: ""}
    texts = [str(v) for row in every_row().values() for v in row.values()]
    assert [t for t in texts if "SENTINEL" in t] == []


def test_the_constraint_reader_sees_conditions_and_unique_fields():
    # Guard against a reader that finds nothing, so that every set above compares empty.
    constraints = {c.name: c for c in Assessment._meta.constraints + MeetingAttendance._meta.constraints}
    assert mentioned(constraints["assessment_not_now_has_reason"]) == {"decision", "reason"}
    assert mentioned(constraints["attendance_unique_participant"]) == {"meeting", "participant"}
