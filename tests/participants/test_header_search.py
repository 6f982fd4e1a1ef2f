"""Issue 16, item 4: a search box (name or whole personnummer) in the header of every case-work
page, through the access door and logged as the list's search is."""

from __future__ import annotations

import pytest
from django.urls import reverse

from krami.models import AccessLog
from participants import personnummer
from tests.participants.factories import make_participant, valid_personnummer

pytestmark = pytest.mark.django_db

SEARCH_BOX = 'action="/deltagare/sok/"'


@pytest.mark.parametrize("url_name", ["krami:home", "participants:list", "intake:overview", "participants:team"])
def test_every_case_work_page_has_the_search_box_in_its_header(world, client, url_name):
    client.force_login(world.users["kv_vagledare"])
    page = client.get(reverse(url_name)).content.decode()
    header = page[page.index("<header"):page.index("</header>")]
    assert SEARCH_BOX in header and 'name="q"' in header


def test_roles_without_people_have_no_search_box(world, client):
    for key in ("styrgrupp", "agreement_admin", "nsg"):
        client.force_login(world.users[key])
        assert SEARCH_BOX not in client.get(reverse("krami:home")).content.decode()


def test_a_whole_personnummer_opens_the_one_case_and_is_logged_as_the_list_logs_a_search(world, client):
    owner = world.users["kommun_vagledare"]
    pnr = valid_personnummer()
    p = make_participant(unit=world.unit, handler=owner, first_name="Sökbar", personnummer=pnr)
    client.force_login(owner)
    response = client.get(reverse("participants:search"), {"q": pnr})
    assert response.status_code == 302 and response["Location"] == reverse("participants:detail", args=[p.pk])
    logged = AccessLog.objects.filter(participant_id=p.pk).get()
    assert (logged.action, logged.path) == (AccessLog.Action.LIST, reverse("participants:search"))  # no personnummer
    assert personnummer.parse(pnr).digits not in logged.path


def test_a_name_that_matches_several_goes_to_the_list_with_the_search_filled_in(world, client):
    owner = world.users["kommun_vagledare"]
    for _ in range(2):
        make_participant(unit=world.unit, handler=owner, first_name="Dubbelnamn")
    client.force_login(owner)
    response = client.get(reverse("participants:search"), {"q": "dubbelnamn"})
    assert response["Location"] == reverse("participants:list") + "?q=dubbelnamn"
    assert not AccessLog.objects.filter(action=AccessLog.Action.LIST).exists()  # the list logs what it shows
    page = client.get(response["Location"]).content.decode()
    assert page.count("Dubbelnamn") >= 2


def test_a_person_out_of_reach_is_not_found(world, client):
    hidden = world.participants["no_consent"]  # the kommun's, no consent: KV may not see the person
    client.force_login(world.users["kv_vagledare"])
    response = client.get(reverse("participants:search"), {"q": hidden.first_name})
    assert response["Location"].startswith(reverse("participants:list"))
    assert not AccessLog.objects.filter(participant_id=hidden.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "No participants match" in page and hidden.last_name + ", " + hidden.first_name not in page
