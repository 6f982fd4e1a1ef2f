"""`manage.py seed_demo` loads every role and state, and running it twice changes nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from intake.models import Assessment, DrugTest, Episode, FollowUp, Interview
from krami.demo import DemoContext
from krami.models import Membership, Role, Unit
from participants.demo_data import date_registrations
from participants.models import Participant, Phase, PhaseChange

COUNTED = ["krami.Organisation", "krami.Unit", "krami.Membership", "participants.Participant",
           "participants.Consent", "participants.JournalNote", "auth.User"]


def _counts():
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_the_logins(seeded):
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    text = seeded  # what the first run printed
    assert "krami-demo-2026" in text and "sthlm.kv.vagledare" in text and "nsg" in text


def test_demo_has_both_units_every_role_and_every_phase(seeded):
    assert set(Unit.objects.values_list("name", flat=True)) >= {"Krami Stockholm", "Krami Trollhättan Vänersborg"}
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert set(Participant.objects.values_list("phase", flat=True)) == set(Phase.values)
    thn_kommun = Unit.objects.get(name="Krami Trollhättan Vänersborg").parties.get(kind="kommun")
    assert set(thn_kommun.municipalities.values_list("name", flat=True)) == {"Trollhättan", "Vänersborg"}


def test_demo_people_are_registered_when_their_case_began(seeded):
    """Nobody in the demo is registered after their current phase began, and the registration dates
    spread as a unit's do (every demo person had been "registered today", the day of seeding)."""
    assert not Participant.objects.filter(registered_on__gt=F("phase_since")).exists()
    first_phase = PhaseChange.objects.filter(participant=OuterRef("pk")).order_by("on").values("on")[:1]
    assert not Participant.objects.annotate(first=Subquery(first_phase)).filter(registered_on__gt=F("first")).exists()
    today = timezone.localdate()
    assert Participant.objects.exclude(registered_on=today).count() > Participant.objects.filter(registered_on=today).count()
    assert Participant.objects.values("registered_on").distinct().count() > 20


def test_the_registration_step_changes_the_demos_units_only(seeded):
    stockholm = Unit.objects.get(name="Krami Stockholm")
    inside = Participant.objects.filter(unit=stockholm).first()
    outside = Participant.objects.exclude(unit=stockholm).first()
    late = timezone.localdate()
    Participant.objects.filter(pk__in=[inside.pk, outside.pk]).update(registered_on=late)
    date_registrations(DemoContext(units={"stockholm": stockholm}))
    inside.refresh_from_db()
    outside.refresh_from_db()
    assert inside.registered_on == PhaseChange.objects.filter(participant=inside).order_by("on").first().on < late
    assert outside.registered_on == late  # not one of the units the step was given


def test_every_interview_assessment_episode_drug_test_and_follow_up_carries_its_participants_unit(seeded):
    """The unit copied onto the rows the dashboard reads by (unit, date) (issue 19) is the
    participant's, whichever way the demo made them: the services, the register import, direct."""
    for model, participant in ((Interview, "participant"), (Assessment, "participant"), (Episode, "participant"),
                               (DrugTest, "participant"), (FollowUp, "episode__participant")):
        rows = model.objects.all()
        assert rows.count() > 5, model
        assert not rows.exclude(unit_id=F(f"{participant}__unit_id")).exists(), model
