"""The employer register: create, edit, search, and an employer's placements scoped per user."""

from datetime import timedelta

import pytest
from django.urls import reverse

from krami.models import AccessLog, AuditEvent
from participants.models import Employer
from participants.services.employers import employer_create
from participants.services.programme import employment_record, internship_start
from tests.participants.conftest import enrol

pytestmark = pytest.mark.django_db


def _post_employer(client, **overrides):
    data = {"name": "Café Gröna Gården AB", "organisation_number": "556036-0793", "contact_person": "Mira Haddad",
            "phone": "08-123 45", "email": "mira@example.invalid", "municipality": ""}
    data.update(overrides)
    return client.post(reverse("participants:employer_create"), data)


def test_vagledare_registers_an_employer(client, world):
    client.force_login(world.users["kv_vagledare"])
    response = _post_employer(client, organisation_number="5560360793")
    employer = Employer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:employer_detail", kwargs={"employer_id": employer.pk})
    assert (employer.unit, employer.organisation_number) == (world.unit, "556036-0793")
    assert AuditEvent.objects.filter(action="employer.created", object_id=employer.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Café Gröna Gården AB" in page and "556036-0793" in page


@pytest.mark.parametrize(
    ("orgnr", "message"),
    [
        ("556036-0794", "The check digit does not match"),
        ("900101-0017", "This is a personnummer"),
        ("12345", "An organisation number has ten digits"),
    ],
)
def test_a_bad_organisation_number_is_explained_and_the_input_kept(client, world, orgnr, message):
    client.force_login(world.users["kommun_vagledare"])
    response = _post_employer(client, organisation_number=orgnr)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'value="{orgnr}"' in html and 'value="Mira Haddad"' in html
    assert not Employer.objects.exists()


def test_a_sole_trader_is_registered_without_number(client, world):
    client.force_login(world.users["kommun_vagledare"])
    _post_employer(client, name="Jonssons Måleri", organisation_number="")
    _post_employer(client, name="Anderssons Städ", organisation_number="")
    assert Employer.objects.filter(organisation_number="").count() == 2


def test_the_same_number_twice_in_a_unit_is_refused(client, world, employer):
    client.force_login(world.users["af_vagledare"])
    response = _post_employer(client, organisation_number="556036-0793")
    assert "Söderbygg Montage AB is already in the register" in response.content.decode()
    assert Employer.objects.count() == 1


def test_edit_an_employer(client, world, employer):
    client.force_login(world.users["kommun_samordnare"])
    url = reverse("participants:employer_edit", kwargs={"employer_id": employer.pk})
    response = client.post(url, {"name": "Söderbygg AB", "organisation_number": "556036-0793", "contact_person": "Ny",
                                 "phone": "", "email": "", "municipality": ""})
    assert response.status_code == 302
    employer.refresh_from_db()
    assert (employer.name, employer.contact_person) == ("Söderbygg AB", "Ny")
    assert AuditEvent.objects.get(action="employer.updated").data["fields"] == ["contact_person", "name"]


def test_search_by_name_and_by_organisation_number(client, world, employer):
    employer_create(unit=world.unit, by=world.users["kommun_vagledare"], name="Vänerns Måleri AB",
                    organisation_number="212000-0142")
    client.force_login(world.users["kommun_vagledare"])
    url = reverse("participants:employer_list")
    by_name = client.get(url, {"q": "måleri"}).content.decode()
    assert "Vänerns Måleri AB" in by_name and "Söderbygg" not in by_name
    by_number = client.get(url, {"q": "5560360793"}).content.decode()
    assert "Söderbygg Montage AB" in by_number and "Vänerns" not in by_number


def test_the_register_is_per_unit(client, world, employer):
    client.force_login(world.users["other_unit_vagledare"])
    assert "Söderbygg" not in client.get(reverse("participants:employer_list")).content.decode()
    detail = reverse("participants:employer_detail", kwargs={"employer_id": employer.pk})
    assert client.get(detail).status_code == 404


def test_employer_page_lists_only_placements_the_user_may_see(client, world, employer, today):
    owner = world.users["kommun_vagledare"]
    hidden = enrol(world, first_name="Hemlig", last_name="Kommunperson")  # no consent: KV does not see
    shared = enrol(world, first_name="Delad", last_name="Samtyckesperson", consent_all=True)
    for p in (hidden, shared):
        internship_start(participant=p, employer=employer, by=owner, start_date=today - timedelta(days=10),
                         planned_end_date=today + timedelta(days=50), supervisor_name="Jens Ahlberg")
    employment_record(participant=hidden, employer=employer, by=owner, employment_type="permanent", start_date=today)
    url = reverse("participants:employer_detail", kwargs={"employer_id": employer.pk})

    client.force_login(owner)
    html = client.get(url).content.decode()
    assert "Hemlig Kommunperson" in html and "Delad Samtyckesperson" in html

    client.force_login(world.users["kv_vagledare"])
    html = client.get(url).content.decode()
    assert "Delad Samtyckesperson" in html
    assert "Hemlig" not in html
    logged = set(AccessLog.objects.filter(username="kv_vl", action=AccessLog.Action.LIST).values_list("participant_id", flat=True))
    assert logged == {shared.pk}


@pytest.mark.parametrize("rows", [1, 30])
def test_employer_list_queries_do_not_grow(client, world, django_assert_num_queries, rows):
    for i in range(rows):
        employer_create(unit=world.unit, by=world.users["kommun_vagledare"], name=f"Bolag {i:02d} AB")
    client.force_login(world.users["kommun_vagledare"])
    # the same number at 1 and at 30 rows (a page holds 25)
    with django_assert_num_queries(5):
        response = client.get(reverse("participants:employer_list"))
    assert "Bolag 00 AB" in response.content.decode()
