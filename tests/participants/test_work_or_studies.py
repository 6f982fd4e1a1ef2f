"""Employment or studies with continued support: recording one moves the phase to WORK_OR_STUDIES."""

from datetime import timedelta

import pytest
from django.urls import reverse

from krami.models import AuditEvent
from participants.models import Employment, EmploymentType, Internship, Phase, Studies, Subsidy
from participants.services.programme import employment_record, internship_start
from tests.participants.conftest import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_internship(world, enrolled, employer, today):
    internship_start(participant=enrolled, employer=employer, by=world.users["kommun_vagledare"],
                     start_date=today - timedelta(days=30), planned_end_date=today + timedelta(days=30),
                     supervisor_name="Jens Ahlberg", wage_subsidy=True)
    return enrolled


def test_recording_employment_moves_the_phase_and_ends_the_internship(client, world, in_internship, employer, today):
    client.force_login(world.users["kommun_vagledare"])
    start = today - timedelta(days=2)
    response = client.post(
        reverse("participants:employment_create", kwargs={"pk": in_internship.pk}),
        {"employer": employer.pk, "employment_type": EmploymentType.FIXED_TERM, "subsidy": Subsidy.NYSTARTSJOBB,
         "start_date": start.isoformat(), "end_date": "", "note": "", "end_internships": "on"},
    )
    assert response.status_code == 302
    in_internship.refresh_from_db()
    assert (in_internship.phase, in_internship.phase_since) == (Phase.WORK_OR_STUDIES, start)
    employment = Employment.objects.get()
    assert (employment.employment_type, employment.subsidy, employment.is_subsidised) == ("fixed_term", "nystartsjobb", True)
    assert Internship.objects.get().actual_end_date == start - timedelta(days=1)
    assert AuditEvent.objects.get(action="employment.recorded").data["internships_ended"] == 1
    page = client.get(response["Location"]).content.decode()
    assert "Fixed-term (visstidsanställning)" in page and "Nystartsjobb" in page


def test_recording_studies_can_leave_the_internship_open(client, world, in_internship, today):
    client.force_login(world.users["kommun_vagledare"])
    response = client.post(
        reverse("participants:studies_create", kwargs={"pk": in_internship.pk}),
        {"school": "Komvux Trollhättan", "programme": "Svenska som andraspråk", "start_date": today.isoformat(),
         "end_date": "", "note": ""},  # full_time and end_internships unticked
    )
    assert response.status_code == 302
    in_internship.refresh_from_db()
    assert in_internship.phase == Phase.WORK_OR_STUDIES
    studies = Studies.objects.get()
    assert (studies.school, studies.full_time) == ("Komvux Trollhättan", False)
    assert Internship.objects.get().actual_end_date is None


def test_a_second_job_keeps_the_phase(world, in_internship, employer, today):
    owner = world.users["kommun_vagledare"]
    employment_record(participant=in_internship, employer=employer, by=owner, employment_type="permanent",
                      start_date=today - timedelta(days=3))
    employment_record(participant=in_internship, employer=employer, by=owner, employment_type="permanent",
                      start_date=today)
    in_internship.refresh_from_db()
    assert in_internship.phase_since == today - timedelta(days=3)


def test_end_before_start_is_a_field_error(client, world, enrolled, employer, today):
    client.force_login(world.users["kommun_vagledare"])
    html = client.post(
        reverse("participants:employment_create", kwargs={"pk": enrolled.pk}),
        {"employer": employer.pk, "employment_type": "permanent", "subsidy": "none", "start_date": today.isoformat(),
         "end_date": (today - timedelta(days=1)).isoformat(), "note": ""},
    ).content.decode()
    assert "The end date is before the start date." in html
    assert not Employment.objects.exists()


def test_record_the_end_of_an_employment(client, world, in_internship, employer, today):
    owner = world.users["kommun_vagledare"]
    employment = employment_record(participant=in_internship, employer=employer, by=owner,
                                   employment_type="fixed_term", start_date=today - timedelta(days=10))
    client.force_login(owner)
    url = reverse("participants:employment_edit", kwargs={"pk": in_internship.pk, "employment_id": employment.pk})
    response = client.post(url, {"employment_type": "fixed_term", "subsidy": "wage_subsidy",
                                 "end_date": (today + timedelta(days=170)).isoformat(), "note": "Sex månader"})
    assert response.status_code == 302
    employment.refresh_from_db()
    assert (employment.subsidy, employment.end_date) == ("wage_subsidy", today + timedelta(days=170))


@pytest.mark.parametrize(
    ("user_key", "status"),
    [("kommun_vagledare", 302), ("kv_vagledare", 404), ("other_unit_vagledare", 404), ("nsg", 404)],
)
def test_who_may_record_studies(client, world, enrolled, today, user_key, status):
    client.force_login(world.users[user_key])
    response = client.post(reverse("participants:studies_create", kwargs={"pk": enrolled.pk}),
                           {"school": "Komvux", "programme": "Matematik", "start_date": today.isoformat()})
    assert response.status_code == status
    assert Studies.objects.exists() == (status == 302)


def test_with_consent_another_party_records_employment(client, world, employer, today):
    shared = enrol(world, consent_all=True)
    client.force_login(world.users["af_vagledare"])
    response = client.post(
        reverse("participants:employment_create", kwargs={"pk": shared.pk}),
        {"employer": employer.pk, "employment_type": "permanent", "subsidy": "wage_subsidy",
         "start_date": today.isoformat()},
    )
    assert response.status_code == 302
    assert Employment.objects.get().created_by == world.users["af_vagledare"]
