"""Interviews, assessments, episodes and drug tests carry their participant's unit (issue 19): whoever makes
one, with the participant or only its id, gets the participant's unit on it, and a row made
without it passes the model's validation (the unit is never on a form)."""

from __future__ import annotations

from datetime import date

import pytest

from intake.models import Assessment, Decision, DrugTest, Episode, Interview, StartKind
from tests.reporting.helpers import Team

pytestmark = pytest.mark.django_db


def test_the_unit_comes_from_the_participant_whoever_saves_the_row():
    mine, other = Team("Krami A"), Team("Krami B")
    person = mine.person()
    other.person()
    by = mine.worker
    rows = [
        Interview(participant_id=person.pk, held_on=date(2026, 6, 3), interviewer=by, recorded_by=by),
        Assessment(participant_id=person.pk, decided_on=date(2026, 6, 10), decision=Decision.ACCEPTED, decided_by=by,
                   recorded_by=by),
        Episode(participant=person, kind=StartKind.INDIVIDUAL, started_on=date(2026, 6, 15), started_by=by),
        DrugTest(participant_id=person.pk, owner_organisation=by.staff_profile.organisation, referred_on=date(2026, 6, 20),
                 reason="Misstanke", referred_by=by),
    ]
    for row in rows:
        row.full_clean()
        row.save()
        row.refresh_from_db()
        assert row.unit_id == mine.unit.pk != other.unit.pk
