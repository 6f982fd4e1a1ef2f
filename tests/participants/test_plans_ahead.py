"""Steps entered ahead (issue 16, item 2): a praktik, a job, studies or a group start for a coming date
is recorded now and moves the phase on its date; no message speaks of that future date in the past tense."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from intake.models import Episode, StartKind
from krami.models import AuditEvent
from participants.models import Internship, Phase, PhaseChange
from participants.services.phase import phases_apply_due
from participants.services.programme import employment_record, internship_start
from tests.intake.factories import accept, exit_, make_group, start
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db


def _at(day, hour=0, minute=15):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _internship_form(employer, start_on):
    return {
        "employer": employer.pk, "start_date": start_on.isoformat(),
        "planned_end_date": (start_on + timedelta(days=60)).isoformat(), "supervisor_name": "Maja Ringström",
        "supervisor_phone": "", "note": "",
    }


def test_a_praktik_entered_ahead_moves_the_phase_on_its_date(client, world, enrolled, employer, today):
    client.force_login(world.users["kommun_vagledare"])
    start_on = today + timedelta(days=8)
    response = client.post(
        reverse("participants:internship_create", kwargs={"pk": enrolled.pk}), _internship_form(employer, start_on), follow=True
    )
    html = response.content.decode()
    assert f"moves to the phase “Internship (praktik)” on {start_on.isoformat()}" in html
    assert "is now in the phase" not in html
    enrolled.refresh_from_db()
    assert enrolled.phase == Phase.GUIDANCE  # until the day
    assert PhaseChange.objects.get(participant=enrolled, phase=Phase.INTERNSHIP).applied is False
    assert "Internship (praktik) from " + start_on.isoformat() in html  # the page lists it as planned

    assert phases_apply_due(on=start_on - timedelta(days=1)) == 0
    with time_machine.travel(_at(start_on), tick=False):
        call_command("apply_planned_phases")
    enrolled.refresh_from_db()
    assert (enrolled.phase, enrolled.phase_since) == (Phase.INTERNSHIP, start_on)
    assert AuditEvent.objects.filter(action="participant.phase_changed", object_id=enrolled.pk, data__planned=True).exists()
    with time_machine.travel(_at(start_on), tick=False):
        call_command("apply_planned_phases")  # again: nothing more to do
    assert PhaseChange.objects.filter(participant=enrolled, phase=Phase.INTERNSHIP).count() == 1


def test_a_service_puts_a_due_plan_into_effect_before_it_checks(world, enrolled, employer, today):
    by = world.users["kommun_vagledare"]
    start_on = today + timedelta(days=3)
    internship_start(participant=enrolled, employer=employer, by=by, start_date=start_on,
                     planned_end_date=start_on + timedelta(days=30), supervisor_name="Handledare")
    with time_machine.travel(_at(start_on + timedelta(days=5), 9), tick=False):  # the nightly job did not run
        employment_record(participant=enrolled, employer=employer, by=by, employment_type="permanent",
                          start_date=start_on + timedelta(days=5))
    enrolled.refresh_from_db()
    assert list(PhaseChange.objects.filter(participant=enrolled).order_by("on", "pk").values_list("phase", "applied"))[-2:] == [
        (Phase.INTERNSHIP, True), (Phase.WORK_OR_STUDIES, True)]
    assert Internship.objects.get().actual_end_date == start_on + timedelta(days=4)


@pytest.mark.parametrize("days_ahead", [0, 5])
def test_a_future_group_start_does_not_speak_of_the_future_in_the_past_tense(client, world, employer, today, days_ahead):
    """The issue's case: a group start on a coming date used to block a praktik with "has been in the
    phase … since <future date>"."""
    by = world.users["kommun_vagledare"]
    person = make_participant(unit=world.unit, handler=by, first_name="Fredrik", last_name="Framåt")
    accept(person, by=by, on=today - timedelta(days=3))
    group = make_group(world.unit, by=by, starts_on=today + timedelta(days=10))
    start(person, by=by, group=group)
    person.refresh_from_db()
    assert person.phase == Phase.QUEUED  # the course has not begun

    client.force_login(by)
    url = reverse("participants:internship_create", kwargs={"pk": person.pk})
    too_early = client.post(url, _internship_form(employer, today + timedelta(days=days_ahead))).content.decode()
    assert f"is in the phase “Guidance course” from {group.starts_on.isoformat()} (planned)" in too_early
    assert "has been in the phase" not in too_early
    assert client.post(url, _internship_form(employer, today + timedelta(days=20))).status_code == 302
    assert list(PhaseChange.objects.filter(participant=person, applied=False).values_list("phase", flat=True)) == [
        Phase.GUIDANCE, Phase.INTERNSHIP]


def test_an_exit_drops_the_plans_made_for_after_it(world, enrolled, employer, today):
    by = world.users["kommun_vagledare"]
    Episode.objects.create(participant=enrolled, kind=StartKind.INDIVIDUAL, started_on=today - timedelta(days=40), started_by=by)
    internship_start(participant=enrolled, employer=employer, by=by, start_date=today + timedelta(days=5),
                     planned_end_date=today + timedelta(days=40), supervisor_name="Handledare")
    exit_(enrolled, by=by, outcome="moved")
    assert not PhaseChange.objects.filter(participant=enrolled, applied=False).exists()
    assert phases_apply_due(on=today + timedelta(days=6)) == 0
    enrolled.refresh_from_db()
    assert enrolled.phase == Phase.CLOSED
