"""Registering and editing participants through the forms."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from krami.models import AuditEvent
from participants import personnummer
from participants.models import Participant
from tests.participants.factories import make_participant, valid_personnummer


def _form(world, **overrides):
    data = {
        "unit": world.unit.pk,
        "personnummer": valid_personnummer(date(1995, 5, 17), serial=123),
        "first_name": "Kim",
        "last_name": "Nyström",
        "gender": "woman",
        "identifies_as_woman": "on",
        "municipality": world.unit.municipalities.first().pk,
        "phone": "070-1234567",
        "email": "",
        "address": "",
        "referral_source": "kv_probation",
        "drug_free": "yes",
        "housing_arranged": "yes",
        "childcare_arranged": "n/a",
        "handler": world.users["kommun_vagledare"].pk,
    }
    data.update(overrides)
    return data


def test_registering_creates_an_owned_record_with_the_number_encrypted(world, client):
    client.force_login(world.users["kommun_vagledare"])
    response = client.post("/deltagare/ny/", _form(world))
    participant = Participant.objects.get(last_name="Nyström")
    assert response.status_code == 302 and response["Location"] == f"/deltagare/{participant.pk}/"
    assert participant.owner_organisation == world.orgs["kommun"]
    assert participant.birth_date == date(1995, 5, 17)
    assert "19950517" not in participant.personnummer_encrypted
    assert participant.masked_personnummer == "19950517-****"
    assert AuditEvent.objects.filter(action="participant.created", object_id=participant.pk).exists()


def test_bad_input_is_explained_next_to_the_field_and_nothing_typed_is_lost(world, client):
    client.force_login(world.users["kommun_vagledare"])
    response = client.post("/deltagare/ny/", _form(world, personnummer="19950517-0000", email="inte-en-adress"))
    html = response.content.decode()
    assert response.status_code == 200
    assert Participant.objects.filter(last_name="Nyström").count() == 0
    assert 'id="id_personnummer_error"' in html and 'id="id_email_error"' in html
    assert 'value="Nyström"' in html and 'value="070-1234567"' in html and 'value="19950517-0000"' in html
    assert 'href="#id_personnummer"' in html  # the error summary links to the field


def test_a_duplicate_in_the_unit_links_to_the_existing_record_when_visible(world, client):
    existing = world.participants["no_consent"]

    digits = personnummer.decrypt(existing.personnummer_encrypted)
    client.force_login(world.users["kommun_vagledare"])
    response = client.post("/deltagare/ny/", _form(world, personnummer=personnummer.display(digits)))
    assert response.status_code == 200
    assert f'href="/deltagare/{existing.pk}/"' in response.content.decode()


def test_a_record_the_user_may_not_see_is_no_duplicate_their_organisation_registers_its_own(world, client):
    existing = world.participants["no_consent"]

    digits = personnummer.decrypt(existing.personnummer_encrypted)
    client.force_login(world.users["af_vagledare"])
    response = client.post(
        "/deltagare/ny/", _form(world, personnummer=personnummer.display(digits), handler=world.users["af_vagledare"].pk)
    )
    own = Participant.objects.get(unit=world.unit, owner_organisation=world.orgs["af"])
    assert response.status_code == 302 and response["Location"] == f"/deltagare/{own.pk}/"
    assert own.personnummer_hash == existing.personnummer_hash and own.pk != existing.pk
    existing.refresh_from_db()
    assert existing.first_name == "Sentinelno_consent"  # the kommun's record is untouched


def test_the_same_person_may_be_registered_in_another_unit(world, client):
    existing = world.participants["no_consent"]

    digits = personnummer.decrypt(existing.personnummer_encrypted)
    other = make_participant(unit=world.other_unit, handler=world.users["other_unit_vagledare"], personnummer=digits)
    assert other.unit == world.other_unit


def test_the_handler_must_work_in_the_unit(world, client):
    client.force_login(world.users["kommun_vagledare"])
    response = client.post("/deltagare/ny/", _form(world, handler=world.users["other_unit_vagledare"].pk))
    assert response.status_code == 200
    assert Participant.objects.filter(last_name="Nyström").count() == 0


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(world, client):
    participant = world.participants["no_consent"]
    client.force_login(world.users["kommun_vagledare"])
    form = _form(world, first_name=participant.first_name, last_name=participant.last_name, personnummer="")
    first = client.post(f"/deltagare/{participant.pk}/andra/", {**form, "phone": "070-1111111", "version": participant.version})
    assert first.status_code == 302
    second = client.post(f"/deltagare/{participant.pk}/andra/", {**form, "phone": "070-2222222", "version": participant.version})
    html = second.content.decode()
    assert second.status_code == 200
    assert 'value="070-2222222"' in html  # what the second person typed is kept
    assert "070-1111111" in html  # and the saved record is shown beside it
    participant.refresh_from_db()
    assert participant.phone == "070-1111111"


@pytest.mark.parametrize("page", ["/deltagare/", "/deltagare/ny/"])
def test_list_and_form_pages_render_for_a_caseworker(world, client, page):
    client.force_login(world.users["kv_vagledare"])
    assert client.get(page).status_code == 200


def test_the_list_uses_a_constant_number_of_queries(world, client, django_assert_max_num_queries):
    owner = world.users["kommun_vagledare"]
    client.force_login(owner)
    with CaptureQueriesContext(connection) as few:
        client.get("/deltagare/")
    for _ in range(20):
        make_participant(unit=world.unit, handler=owner)
    with CaptureQueriesContext(connection) as many:
        client.get("/deltagare/")
    assert len(many) == len(few)


CATEGORY_EDITS = [
    # (category, the party that owns the data, field, first save, second save)
    ("criminal_justice", "kv_vagledare", "notes", "Villkorlig frigivning i mars", "Frivård till 2027"),
    ("social_services", "kommun_vagledare", "social_worker", "Alva Berg", "Omar Lind"),
    ("labour_market", "af_vagledare", "employment_officer", "Kerstin Ek", "Jonas Sjö"),
]


def _category_form(category, field, value, version):
    base = {
        "criminal_justice": {"status": "probation", "release_date": "", "supervision_until": "", "notes": ""},
        "social_services": {"social_worker": "", "notes": ""},
        "labour_market": {"employment_officer": "", "notes": ""},
    }[category]
    return {**base, field: value, "version": version}


@pytest.mark.parametrize("category, user, field, first_value, second_value", CATEGORY_EDITS)
def test_a_stale_category_edit_is_refused_and_keeps_what_was_typed(world, client, category, user, field, first_value, second_value):
    participant = world.participants["consent_all"]
    client.force_login(world.users[user])
    url = f"/deltagare/{participant.pk}/uppgifter/{category}/"
    opened = client.get(url).content.decode()
    version = getattr(participant, category).version
    assert f'name="version" value="{version}"' in opened

    first = client.post(url, _category_form(category, field, first_value, version))
    assert first.status_code == 302
    second = client.post(url, _category_form(category, field, second_value, version))  # opened before the first save

    html = second.content.decode()
    assert second.status_code == 200
    assert second_value in html  # what the second person typed is kept in the form
    assert "The record as it is saved now" in html and first_value in html  # the saved value beside it
    assert f'name="version" value="{version + 1}"' in html  # saving again now overwrites knowingly
    row = type(getattr(participant, category)).objects.get(participant=participant)
    assert getattr(row, field) == first_value and row.version == version + 1
    edits = AuditEvent.objects.filter(action="participant.category_updated", object_id=participant.pk)
    assert edits.count() == 1

    third = client.post(url, _category_form(category, field, second_value, version + 1))
    assert third.status_code == 302
    row.refresh_from_db()
    assert getattr(row, field) == second_value and row.version == version + 2


def test_a_category_edit_without_a_readable_version_is_treated_as_stale(world, client):
    participant = world.participants["consent_all"]
    client.force_login(world.users["kommun_vagledare"])
    url = f"/deltagare/{participant.pk}/uppgifter/social_services/"
    response = client.post(url, {"social_worker": "Alva Berg", "notes": "", "version": "x"})
    assert response.status_code == 200 and 'value="Alva Berg"' in response.content.decode()
    participant.social_services.refresh_from_db()
    assert participant.social_services.social_worker == ""
