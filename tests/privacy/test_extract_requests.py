"""The register of extract requests (issue 21, finding 1): a participant's request has a deadline
one month after receipt; the coordinator registers it, records its steps, and sees the deadline
and its status on the start page; the participant's own extract lists their requests."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from krami.models import Role
from privacy.models import ExtractRequest
from privacy.selectors.requests import due_requests
from tests.krami.factories import staff
from tests.privacy.access_cases import extract_request


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _day(offset: int) -> str:
    return (timezone.localdate() + timedelta(days=offset)).isoformat()


def test_the_coordinator_registers_a_request_and_follows_it_to_the_hand_over(world, client):
    coordinator = world.users["kommun_samordnare"]
    p = world.participants["consent_all"]
    client.force_login(coordinator)
    extract_page = client.get(f"/integritet/deltagare/{p.pk}/registerutdrag/").content.decode()
    assert f"/integritet/deltagare/{p.pk}/registerutdrag/begaran/ny/" in extract_page

    response = client.post(
        f"/integritet/deltagare/{p.pk}/registerutdrag/begaran/ny/",
        {"received_on": _day(-3), "handled_by": coordinator.pk},
    )
    request = ExtractRequest.objects.get(participant=p)
    assert response.status_code == 302
    assert response["Location"] == f"/integritet/deltagare/{p.pk}/registerutdrag/begaran/{request.pk}/"
    deadline = request.deadline
    assert request.organisation == world.orgs["kommun"] and request.received_on.isoformat() == _day(-3)

    home = client.get("/").content.decode()
    assert "Register extract requests" in home and "Sentinelconsent_all" in home
    assert deadline.isoformat() in home and "Check the identity" in home

    detail = f"/integritet/deltagare/{p.pk}/registerutdrag/begaran/{request.pk}/"
    steps = {"handled_by": coordinator.pk, "identity_checked_on": _day(-2), "identity_check": "id_document",
             "extract_made_on": _day(-1)}
    assert client.post(detail, steps).status_code == 302
    assert "Hand it over" in client.get("/").content.decode()
    handed = {**steps, "handed_over_on": _day(0), "handed_over_how": "in_person"}
    assert client.post(detail, handed).status_code == 302
    request.refresh_from_db()
    assert request.handed_over_on == timezone.localdate() and not request.is_open
    assert "No open requests" in client.get("/").content.decode()
    register = client.get(f"/integritet/enhet/{world.unit.pk}/registerutdrag/").content.decode()
    assert "Handed over in time" in register
    # Closed: it is kept as it was.
    client.post(detail, {**handed, "handed_over_how": "other"})
    request.refresh_from_db()
    assert request.handed_over_how == "in_person"


def test_the_start_page_says_which_requests_are_overdue_or_due_soon(world, client):
    late = extract_request(world, world.participants["consent_all"])
    late.received_on = timezone.localdate() - timedelta(days=40)
    late.save()
    soon = extract_request(world, world.participants["no_consent"])
    soon.received_on = timezone.localdate() - timedelta(days=27)
    soon.save()
    client.force_login(world.users["kommun_samordnare"])
    html = client.get("/").content.decode()
    assert "2 requests are overdue or due within a week." in html
    assert 'badge--bad">Overdue' in html and 'badge--warn">Due within a week' in html
    assert html.index("Sentinelconsent_all") < html.index("Sentinelno_consent")  # the nearest deadline first


def test_a_step_out_of_order_is_refused_next_to_its_field(world, client):
    coordinator = world.users["kommun_samordnare"]
    p = world.participants["consent_all"]
    request = extract_request(world, p)
    client.force_login(coordinator)
    response = client.post(
        f"/integritet/deltagare/{p.pk}/registerutdrag/begaran/{request.pk}/",
        {"handled_by": coordinator.pk, "handed_over_on": _day(0), "handed_over_how": "in_person"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html
    assert "Check the identity before the extract is handed over." in html
    assert "Make the extract before it is handed over." in html
    request.refresh_from_db()
    assert request.handed_over_on is None


def test_a_request_cannot_be_received_in_the_future(world, client):
    coordinator = world.users["kommun_samordnare"]
    p = world.participants["consent_all"]
    client.force_login(coordinator)
    response = client.post(
        f"/integritet/deltagare/{p.pk}/registerutdrag/begaran/ny/", {"received_on": _day(2), "handled_by": coordinator.pk}
    )
    assert response.status_code == 200 and "The date cannot be in the future." in response.content.decode()
    assert not ExtractRequest.objects.exists()


def test_another_partys_coordinator_sees_nothing_of_the_kommuns_requests(world, client):
    extract_request(world, world.participants["consent_all"])
    kv_coordinator = staff(role=Role.SAMORDNARE, unit=world.unit, organisation=world.orgs["kv"], username="kv_sam")
    client.force_login(kv_coordinator)
    assert "Sentinelconsent_all" not in client.get(f"/integritet/enhet/{world.unit.pk}/registerutdrag/").content.decode()
    assert due_requests(kv_coordinator, timezone.localdate()) == []
    # A case worker cannot register one.
    client.force_login(world.users["kommun_vagledare"])
    p = world.participants["consent_all"]
    assert client.get(f"/integritet/deltagare/{p.pk}/registerutdrag/begaran/ny/").status_code == 404


def test_the_participants_own_extract_lists_their_requests(world, client):
    p = world.participants["consent_all"]
    request = extract_request(world, p)
    client.force_login(world.users["kommun_samordnare"])
    data = json.loads(client.get(f"/integritet/deltagare/{p.pk}/registerutdrag.json").content)
    assert [r["received_on"] for r in data["sections"]["extract_requests"]] == [request.received_on.isoformat()]
    # Another organisation's extract does not list the kommun's requests.
    client.force_login(world.users["kv_vagledare"])
    assert json.loads(client.get(f"/integritet/deltagare/{p.pk}/registerutdrag.json").content)["sections"]["extract_requests"] == []


def test_due_requests_for_the_to_do_list(world):
    """`due_requests(user, today)`: the open requests the coordinator follows, the nearest deadline first."""
    first = extract_request(world, world.participants["no_consent"])
    second = extract_request(world, world.participants["consent_all"])
    first.received_on = timezone.localdate() - timedelta(days=20)
    first.save()
    coordinator = world.users["kommun_samordnare"]
    rows = due_requests(coordinator, timezone.localdate())
    assert [r.request.pk for r in rows] == [first.pk, second.pk]
    assert [r.days_left for r in rows] == [(first.deadline - timezone.localdate()).days, (second.deadline - timezone.localdate()).days]
    assert all(r.visible for r in rows)


def test_att_gora_lists_the_coordinators_open_requests_with_their_deadline(world, client):
    """Issue 21, item 1: the deadline is in "Att göra" too, overdue ones marked; another party's
    coordinator and a case worker get none of them."""
    late = extract_request(world, world.participants["consent_all"])
    late.received_on = timezone.localdate() - timedelta(days=40)
    late.save()
    client.force_login(world.users["kommun_samordnare"])
    html = client.get("/inskrivning/att-gora/").content.decode()
    assert "Register extract requests" in html
    assert f"/integritet/deltagare/{late.participant_id}/registerutdrag/begaran/{late.pk}/" in html
    assert f"hand it over by {late.deadline:%Y-%m-%d}" in html and "overdue" in html
    kv_coordinator = staff(role=Role.SAMORDNARE, unit=world.unit, organisation=world.orgs["kv"], username="kv_sam2")
    for other in (kv_coordinator, world.users["kommun_vagledare"]):
        client.force_login(other)
        assert "registerutdrag/begaran" not in client.get("/inskrivning/att-gora/?scope=team").content.decode()
