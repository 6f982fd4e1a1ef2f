"""Internships (praktik): starting one moves the participant to INTERNSHIP; the rules of the start."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from krami.models import AuditEvent
from participants.models import Internship, Phase, PhaseChange
from participants.services.employers import employer_create
from participants.services.programme import internship_start
from tests.participants.conftest import enrol
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db


def _form(employer, start, **overrides):
    data = {"employer": employer.pk, "start_date": start.isoformat(),
            "planned_end_date": (start + timedelta(days=60)).isoformat(), "supervisor_name": "Maja Ringström",
            "supervisor_phone": "073-1234567", "wage_subsidy": "on", "note": "Lager, heltid"}
    data.update(overrides)
    return data


def test_starting_an_internship_moves_the_phase(client, world, enrolled, employer, today):
    client.force_login(world.users["kommun_vagledare"])
    url = reverse("participants:internship_create", kwargs={"pk": enrolled.pk})
    start = today - timedelta(days=5)
    response = client.post(url, _form(employer, start))
    assert response.status_code == 302
    enrolled.refresh_from_db()
    assert (enrolled.phase, enrolled.phase_since) == (Phase.INTERNSHIP, start)
    internship = Internship.objects.get(participant=enrolled)
    assert (internship.employer, internship.wage_subsidy, internship.actual_end_date) == (employer, True, None)
    assert list(PhaseChange.objects.filter(participant=enrolled).values_list("phase", "on")) == [
        (Phase.GUIDANCE, today - timedelta(days=40)),
        (Phase.INTERNSHIP, start),
    ]
    assert AuditEvent.objects.filter(action="internship.started", object_id=internship.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Söderbygg Montage AB" in page and "Maja Ringström" in page


@pytest.mark.parametrize(
    ("days_from_today", "message"),
    [
        (-41, "since"),  # before the guidance course began 40 days ago
    ],
)
def test_start_date_outside_the_phase_is_refused_with_the_input_kept(client, world, enrolled, employer, today,
                                                                     days_from_today, message):
    client.force_login(world.users["kommun_vagledare"])
    start = today + timedelta(days=days_from_today)
    response = client.post(reverse("participants:internship_create", kwargs={"pk": enrolled.pk}), _form(employer, start))
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert f'value="{start.isoformat()}"' in html and "Lager, heltid" in html
    assert not Internship.objects.exists()
    enrolled.refresh_from_db()
    assert enrolled.phase == Phase.GUIDANCE


def test_planned_end_before_start_is_a_field_error(client, world, enrolled, employer, today):
    client.force_login(world.users["kommun_vagledare"])
    data = _form(employer, today, planned_end_date=(today - timedelta(days=1)).isoformat())
    html = client.post(reverse("participants:internship_create", kwargs={"pk": enrolled.pk}), data).content.decode()
    assert "The planned end date is before the start date." in html
    assert not Internship.objects.exists()


@pytest.mark.parametrize("phase", [Phase.APPLICANT, Phase.QUEUED, Phase.NOT_ACCEPTED, Phase.CLOSED])
def test_only_enrolled_participants_start_internships(world, employer, today, phase):
    p = make_participant(unit=world.unit, handler=world.users["kommun_vagledare"], phase=phase,
                         phase_since=today - timedelta(days=10))
    with pytest.raises(ValidationError, match="is not enrolled"):
        internship_start(participant=p, employer=employer, by=world.users["kommun_vagledare"], start_date=today,
                         planned_end_date=today, supervisor_name="X")
    assert not Internship.objects.exists()


def test_employer_of_another_unit_is_refused(world, enrolled, today):
    elsewhere = employer_create(unit=world.other_unit, by=world.users["other_unit_vagledare"], name="Annan AB")
    with pytest.raises(ValidationError) as exc:
        internship_start(participant=enrolled, employer=elsewhere, by=world.users["kommun_vagledare"],
                         start_date=today, planned_end_date=today, supervisor_name="X")
    assert "employer" in exc.value.message_dict


def test_the_form_offers_only_the_units_employers(client, world, enrolled, employer):
    employer_create(unit=world.other_unit, by=world.users["other_unit_vagledare"], name="Annanstads Bageri AB")
    client.force_login(world.users["kommun_vagledare"])
    html = client.get(reverse("participants:internship_create", kwargs={"pk": enrolled.pk})).content.decode()
    assert "Söderbygg Montage AB" in html and "Annanstads Bageri" not in html


def test_a_second_internship_keeps_the_phase_history_short(world, enrolled, employer, today):
    owner = world.users["kommun_vagledare"]
    internship_start(participant=enrolled, employer=employer, by=owner, start_date=today - timedelta(days=20),
                     planned_end_date=today, supervisor_name="A")
    internship_start(participant=enrolled, employer=employer, by=owner, start_date=today, planned_end_date=today,
                     supervisor_name="B")
    assert PhaseChange.objects.filter(participant=enrolled, phase=Phase.INTERNSHIP).count() == 1


def test_record_the_actual_end(client, world, enrolled, employer, today):
    owner = world.users["kommun_vagledare"]
    internship = internship_start(participant=enrolled, employer=employer, by=owner, start_date=today - timedelta(days=20),
                                  planned_end_date=today + timedelta(days=40), supervisor_name="A")
    client.force_login(owner)
    url = reverse("participants:internship_edit", kwargs={"pk": enrolled.pk, "internship_id": internship.pk})
    data = {"planned_end_date": (today + timedelta(days=40)).isoformat(), "supervisor_name": "A",
            "supervisor_phone": "", "note": ""}
    html = client.post(url, {**data, "actual_end_date": (today - timedelta(days=21)).isoformat()}).content.decode()
    assert "before the start date" in html
    html = client.post(url, {**data, "actual_end_date": (today + timedelta(days=1)).isoformat()}).content.decode()
    assert "The end date is in the future." in html
    assert client.post(url, {**data, "actual_end_date": today.isoformat()}).status_code == 302
    internship.refresh_from_db()
    assert internship.actual_end_date == today
    assert AuditEvent.objects.get(action="internship.updated").data["fields"] == ["actual_end_date"]


def test_an_internship_of_another_participant_is_not_found(client, world, enrolled, employer, today):
    owner = world.users["kommun_vagledare"]
    other = enrol(world)
    internship = internship_start(participant=other, employer=employer, by=owner, start_date=today,
                                  planned_end_date=today, supervisor_name="A")
    client.force_login(owner)
    url = reverse("participants:internship_edit", kwargs={"pk": enrolled.pk, "internship_id": internship.pk})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("user_key", "status"),
    [
        ("kommun_vagledare", 302),  # the owner organisation
        ("kommun_samordnare", 302),
        ("kv_vagledare", 404),  # another party without the person's consent
        ("af_vagledare", 404),
        ("other_unit_vagledare", 404),  # outsider: another unit
        ("styrgrupp", 404),  # aggregates only
        ("no_membership", 404),
    ],
)
def test_who_may_start_an_internship(client, world, enrolled, employer, today, user_key, status):
    client.force_login(world.users[user_key])
    response = client.post(reverse("participants:internship_create", kwargs={"pk": enrolled.pk}), _form(employer, today))
    assert response.status_code == status
    assert Internship.objects.exists() == (status == 302)
