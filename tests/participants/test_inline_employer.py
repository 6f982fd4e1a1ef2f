"""Issue 16, item 4: an employer is created inside the praktik form without leaving it, and nothing
typed there is lost; employers and people are picked with an accessible autocomplete.

The tester's finding: creating an employer from the praktik form left the form for good and lost
the supervisor already typed.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from intake.services.meetings import meeting_open
from participants.models import Employer, Employment, Internship, Phase
from participants.services.employers import employer_create
from tests.intake.factories import today
from tests.participants.conftest import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(world, client):
    user = world.users["kommun_vagledare"]
    client.force_login(user)
    return user


def internship_typed() -> dict:
    return {
        "start_date": today().isoformat(),
        "planned_end_date": (today() + timedelta(days=60)).isoformat(),
        "supervisor_name": "Cecilia Nord",
        "supervisor_phone": "070-123 45 67",
        "wage_subsidy": "on",
        "note": "Börjar i disken, sedan kallskänk.",
    }


def test_a_new_employer_is_added_inside_the_internship_form_and_nothing_typed_is_lost(world, owner, client):
    p = enrol(world, days_ago=20)
    url = reverse("participants:internship_create", args=[p.pk])
    assert 'name="new_employer-name"' in client.get(url).content.decode()

    data = {**internship_typed(), "employer": "", "add_employer": "1",
            "new_employer-name": "Nya Bageriet AB", "new_employer-organisation_number": "556036-0793",
            "new_employer-contact_person": "Bo Bagare", "new_employer-phone": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    employer = Employer.objects.get(name="Nya Bageriet AB")
    assert (employer.unit, employer.organisation_number, employer.contact_person) == (p.unit, "556036-0793", "Bo Bagare")
    assert not Internship.objects.exists()  # the internship itself is not saved yet
    page = response.content.decode()
    assert "Nya Bageriet AB has been added to the employer register and chosen below." in page
    assert re.search(rf'<option value="{employer.pk}" selected>Nya Bageriet AB</option>', page)
    for name in ("supervisor_name", "supervisor_phone", "start_date", "planned_end_date"):
        assert f'value="{data[name]}"' in page, name
    assert "Börjar i disken, sedan kallskänk." in page
    assert re.search(r'<input type="checkbox" name="wage_subsidy"[^>]*checked', page)
    assert 'name="new_employer-name"' in page and 'value="Nya Bageriet AB"' not in page.split("new-employer", 1)[1]

    saved = client.post(url, {**internship_typed(), "employer": employer.pk})
    assert saved.status_code == 302
    internship = Internship.objects.get(participant=p)
    assert (internship.employer, internship.supervisor_name, internship.wage_subsidy) == (employer, "Cecilia Nord", True)


def test_a_new_employer_with_errors_comes_back_with_them_and_the_typed_form(world, owner, client):
    p = enrol(world, days_ago=20)
    employer_create(unit=p.unit, by=owner, name="Gamla Bageriet AB", organisation_number="556036-0793")
    url = reverse("participants:internship_create", args=[p.pk])
    data = {**internship_typed(), "employer": "", "add_employer": "1",
            "new_employer-name": "Bageriet igen", "new_employer-organisation_number": "556036-0793"}
    page = client.post(url, data).content.decode()
    assert "Gamla Bageriet AB is already in the register with this organisation number." in page
    assert "data-error-summary" in page and 'value="Cecilia Nord"' in page and 'value="Bageriet igen"' in page
    assert "<details class=\"inline-create\" id=\"new-employer\" data-inline-create open>" in page
    assert not Employer.objects.filter(name="Bageriet igen").exists()


def test_employment_has_the_same_inline_employer(world, owner, client):
    p = enrol(world, days_ago=20)
    url = reverse("participants:employment_create", args=[p.pk])
    data = {"employer": "", "employment_type": "fixed_term", "subsidy": "wage_subsidy", "start_date": today().isoformat(),
            "end_internships": "on", "note": "Sex månader först.", "add_employer": "1", "new_employer-name": "Lagret AB"}
    page = client.post(url, data).content.decode()
    employer = Employer.objects.get(name="Lagret AB")
    assert re.search(rf'<option value="{employer.pk}" selected>Lagret AB</option>', page)
    assert "Sex månader först." in page and re.search(r'<option value="fixed_term" selected>', page)
    save = {k: v for k, v in data.items() if not k.startswith(("add_employer", "new_employer"))} | {"employer": employer.pk}
    assert client.post(url, save).status_code == 302
    assert Employment.objects.get(participant=p).employer == employer
    p.refresh_from_db()
    assert p.phase == Phase.WORK_OR_STUDIES


def test_long_lists_are_autocompletes_that_stay_plain_selects_without_javascript(world, owner, client):
    p = enrol(world, days_ago=20)
    page = client.get(reverse("participants:internship_create", args=[p.pk])).content.decode()
    assert re.search(r'<select name="employer"[^>]*data-autocomplete="all"', page)
    assert "vendor/accessible-autocomplete-3.0.1/accessible-autocomplete.min.js" in page
    meeting = meeting_open(unit=world.unit, by=owner, held_on=today(), starts_at="13:00", place="Krami")
    page = client.get(reverse("intake:meeting_detail", args=[meeting.pk])).content.decode()
    assert re.search(r'<select name="participant"[^>]*data-autocomplete="typed"', page)
    vendored = Path(settings.BASE_DIR) / "static" / "vendor" / "accessible-autocomplete-3.0.1"
    for name in ("accessible-autocomplete.min.js", "accessible-autocomplete.min.css", "LICENSE.txt"):
        assert (vendored / name).stat().st_size > 1000, name
