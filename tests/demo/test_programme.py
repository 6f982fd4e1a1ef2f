"""Demo step 50: every programme page has content after seed_demo, and running it twice changes nothing."""

import io

import pytest
from django.core.management import call_command

from participants.models import (
    Employer,
    Employment,
    HandlerChange,
    Internship,
    JournalNote,
    Participant,
    Phase,
    PhaseChange,
    Studies,
)

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Employer, Internship, Employment, Studies, HandlerChange, PhaseChange)]


def test_seed_demo_fills_the_programme_and_is_idempotent(seeded):
    for participant in Participant.objects.filter(phase=Phase.INTERNSHIP):
        assert participant.internships.exists(), participant
    for participant in Participant.objects.filter(phase=Phase.WORK_OR_STUDIES):
        assert participant.employments.exists() or participant.studies.exists(), participant
    assert Employer.objects.values("unit").distinct().count() == 2
    assert HandlerChange.objects.count() == 2
    assert JournalNote.objects.filter(edited_at__isnull=False).count() == 6
    assert Participant.objects.filter(phase_changes__phase=Phase.GUIDANCE).filter(
        phase_changes__phase=Phase.INTERNSHIP).exists()  # a timeline with more than one phase
    before = _counts()
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    assert _counts() == before
