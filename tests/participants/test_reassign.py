"""Reassigning the case worker (handläggare): recorded, shown on the page, only to eligible colleagues."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from krami.models import AuditEvent, Role
from participants.models import HandlerChange
from participants.services.handler import participant_reassign
from tests.krami.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(world):
    return staff(role=Role.VAGLEDARE, unit=world.unit, organisation=world.orgs["kommun"], username="kollega",
                 first_name="Kalle", last_name="Kollega")


def test_reassignment_is_recorded_and_shown(client, world, colleague):
    owner = world.users["kommun_vagledare"]
    p = world.participants["no_consent"]
    client.force_login(world.users["kommun_samordnare"])
    response = client.post(reverse("participants:reassign", kwargs={"pk": p.pk}),
                           {"reassign-new_handler": colleague.pk, "reassign-reason": "Föräldraledighet"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.handler == colleague
    change = HandlerChange.objects.get()
    assert (change.previous_handler, change.new_handler, change.changed_by, change.reason) == (
        owner, colleague, world.users["kommun_samordnare"], "Föräldraledighet")
    assert AuditEvent.objects.get(action="participant.reassigned").data["new_handler"] == colleague.pk
    html = client.get(response["Location"]).content.decode()
    history = html[html.index("reassignments-heading"):]
    assert owner.get_full_name() in history and "Kalle Kollega" in history and "Föräldraledighet" in history


def test_the_form_offers_only_case_workers_who_may_see_the_person(client, world, colleague):
    """No consent: the KV and AF case workers cannot take over a kommun participant; the styrgrupp never."""
    client.force_login(world.users["kommun_vagledare"])
    html = client.get(reverse("participants:detail", kwargs={"pk": world.participants["no_consent"].pk})).content.decode()
    select = html[html.index('name="reassign-new_handler"'):html.index("</select>", html.index('name="reassign-new_handler"'))]
    offered = {int(pk) for pk in re.findall(r'<option value="(\d+)"', select)}
    assert offered == {colleague.pk, world.users["kommun_samordnare"].pk}


def test_with_consent_another_party_can_take_over(world):
    p = world.participants["consent_all"]
    participant_reassign(participant=p, new_handler=world.users["kv_vagledare"], by=world.users["kommun_vagledare"])
    p.refresh_from_db()
    assert p.handler == world.users["kv_vagledare"]


@pytest.mark.parametrize(
    ("user_key", "why"),
    [
        ("kv_vagledare", "another party without consent"),
        ("other_unit_vagledare", "another unit"),
        ("styrgrupp", "not a case worker"),
        ("kommun_vagledare", "already the case worker"),
    ],
)
def test_ineligible_case_workers_are_refused(client, world, user_key, why):
    p = world.participants["no_consent"]
    with pytest.raises(ValidationError):
        participant_reassign(participant=p, new_handler=world.users[user_key], by=world.users["kommun_samordnare"])
    client.force_login(world.users["kommun_samordnare"])
    response = client.post(reverse("participants:reassign", kwargs={"pk": p.pk}),
                           {"reassign-new_handler": world.users[user_key].pk})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    p.refresh_from_db()
    assert p.handler == world.users["kommun_vagledare"]
    assert not HandlerChange.objects.exists()


def test_outsiders_cannot_reassign(client, world, colleague):
    p = world.participants["no_consent"]
    for user_key in ("kv_vagledare", "other_unit_vagledare", "no_membership"):
        client.force_login(world.users[user_key])
        response = client.post(reverse("participants:reassign", kwargs={"pk": p.pk}), {"reassign-new_handler": colleague.pk})
        assert response.status_code == 404
    assert not HandlerChange.objects.exists()


def test_editing_the_record_no_longer_changes_the_case_worker(client, world, colleague):
    client.force_login(world.users["kommun_vagledare"])
    html = client.get(reverse("participants:edit", kwargs={"pk": world.participants["no_consent"].pk})).content.decode()
    assert 'name="handler"' not in html
