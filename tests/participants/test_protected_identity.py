"""Protected identity (issue 18, item 9; DOMAIN.md, "Protected identity").

A participant with protected personal data appears as "Protected identity (D-000123)" to everyone but
the handler and the owning organisation's coordinators, in every list, queue, meeting and group page,
form and PDF; no address is stored; showing the name takes a reason and is logged.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from intake.services.meetings import attendance_add_participant
from krami.models import AccessLog, AuditEvent, DataCategory
from participants.models import ConsentMethod, Participant
from participants.services.consent import consent_record
from participants.services.register import participant_update
from tests.intake.factories import accept, make_group, make_meeting, start, today
from tests.participants.factories import make_participant, valid_personnummer
from tests.pdf import pdf_words

NAME = "Hemligsdotter"
PNR = valid_personnummer(date(1988, 4, 12), serial=471)


@pytest.fixture
def protected(world):
    """A kommun participant with protected personal data, whom KV and AF may see (consent), in a queue,
    a meeting and a group."""
    kommun = world.users["kommun_vagledare"]
    p = make_participant(
        unit=world.unit, handler=kommun, first_name="Vera", last_name=NAME, phone="070-5550101",
        personnummer=PNR, protected_identity=True,
    )
    consent_record(
        participant=p, by=kommun, given_on=today(), method=ConsentMethod.WRITTEN,
        scopes=[(world.orgs[o], DataCategory.CORE) for o in ("kv", "af")],
    )
    attendance_add_participant(meeting=make_meeting(world.unit, by=kommun), by=kommun, participant=p)
    return p


def _get(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_marking_the_identity_protected_removes_the_address(world):
    kommun = world.users["kommun_vagledare"]
    p = make_participant(unit=world.unit, handler=kommun, address="Storgatan 1")
    participant_update(participant=p, by=kommun, expected_version=p.version, protected_identity=True)
    p.refresh_from_db()
    assert (p.protected_identity, p.address) == (True, "")


def test_registering_a_protected_identity_stores_no_address(world):
    p = make_participant(unit=world.unit, handler=world.users["kommun_vagledare"], address="Storgatan 1",
                         protected_identity=True)
    assert Participant.objects.get(pk=p.pk).address == ""


def test_the_database_refuses_an_address_for_a_protected_identity(world, protected):
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(pk=protected.pk).update(address="Storgatan 1")


def test_the_form_refuses_an_address_for_a_protected_identity(world, client):
    from tests.participants.test_register import _form  # noqa: PLC0415 - the register tests' form data

    client.force_login(world.users["kommun_vagledare"])
    response = client.post(reverse("participants:create"), _form(world, protected_identity="on", address="Storgatan 1"))
    assert response.status_code == 200
    assert "No address is stored for a person with protected personal data" in response.content.decode()
    assert not Participant.objects.filter(address="Storgatan 1").exists()


@pytest.mark.parametrize("user_key", ["kv_vagledare", "af_vagledare"])
def test_other_parties_see_the_reference_instead_of_the_name(world, client, protected, user_key):
    user = world.users[user_key]
    pages = [
        reverse("participants:list"),
        reverse("participants:detail", args=[protected.pk]),
        reverse("intake:meeting_detail", args=[protected.meeting_attendances.get().meeting_id]),
    ]
    for url in pages:
        body = _get(client, user, url)
        assert NAME not in body and "070-5550101" not in body, url
        assert f"Protected identity ({protected.reference})" in body or f"Skyddad identitet ({protected.reference})" in body, url


@pytest.mark.parametrize("user_key", ["kommun_vagledare", "kommun_samordnare"])
def test_the_handler_and_the_owners_coordinator_see_the_name(world, client, protected, user_key):
    for url in (reverse("participants:list"), reverse("participants:detail", args=[protected.pk])):
        assert NAME in _get(client, world.users[user_key], url), url


def test_a_colleague_of_the_owner_who_is_not_the_handler_sees_the_reference(world, client, protected):
    from tests.krami.factories import staff  # noqa: PLC0415

    colleague = staff(role="vagledare", unit=world.unit, organisation=world.orgs["kommun"], username="kollega")
    body = _get(client, colleague, reverse("participants:detail", args=[protected.pk]))
    assert NAME not in body
    # Nor may they change the record: its form would show the name.
    client.force_login(colleague)
    assert client.get(reverse("participants:edit", args=[protected.pk])).status_code == 404


def test_a_hidden_name_is_not_found_by_searching_for_it(world, client, protected):
    # (The page echoes the query itself in the search box and the language form.)
    assert protected.reference not in _get(client, world.users["kv_vagledare"], reverse("participants:list"), q=NAME)
    # The reference finds the person; the handler finds the name.
    assert protected.reference in _get(client, world.users["kv_vagledare"], reverse("participants:list"), q=protected.reference)
    assert NAME in _get(client, world.users["kommun_vagledare"], reverse("participants:list"), q=NAME)


def test_a_hidden_name_sorts_after_the_others(world, client, protected):
    make_participant(unit=world.unit, handler=world.users["kommun_vagledare"], last_name="Zäta")
    consent_record(
        participant=Participant.objects.get(last_name="Zäta"), by=world.users["kommun_vagledare"], given_on=today(),
        method=ConsentMethod.WRITTEN, scopes=[(world.orgs["kv"], DataCategory.CORE)],
    )
    body = _get(client, world.users["kv_vagledare"], reverse("participants:list"))
    assert body.index("Zäta") < body.index(protected.reference)


def test_showing_the_name_takes_a_reason_and_is_logged(world, client, protected):
    client.force_login(world.users["kv_vagledare"])
    url = reverse("participants:reveal_identity", args=[protected.pk])
    refused = client.post(url, {"reason": ""})
    assert NAME not in refused.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.REVEAL_IDENTITY).exists()

    shown = client.post(url, {"reason": "Ringer om praktikplatsen"}, HTTP_HX_REQUEST="true")
    assert NAME in shown.content.decode()
    log = AccessLog.objects.get(action=AccessLog.Action.REVEAL_IDENTITY)
    assert (log.participant_id, log.username) == (protected.pk, "kv_vl")
    event = AuditEvent.objects.get(action="participant.identity_shown")
    assert event.data["reason"] == "Ringer om praktikplatsen" and event.data["shown"] == "name"


def test_the_whole_personnummer_of_a_protected_identity_takes_a_reason_too(world, client, protected):
    client.force_login(world.users["kv_vagledare"])
    url = reverse("participants:reveal_personnummer", args=[protected.pk])
    assert PNR not in client.post(url, {}).content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.REVEAL_PERSONNUMMER).exists()
    assert PNR in client.post(url, {"reason": "Kontroll mot Försäkringskassan"}).content.decode()
    assert AccessLog.objects.filter(action=AccessLog.Action.REVEAL_PERSONNUMMER, participant_id=protected.pk).count() == 1
    assert AuditEvent.objects.get(action="participant.identity_shown").data["shown"] == "personnummer"
    # The handler sees it as before: no reason asked.
    client.force_login(world.users["kommun_vagledare"])
    assert client.post(url, {}).status_code == 200
    assert AccessLog.objects.filter(action=AccessLog.Action.REVEAL_PERSONNUMMER, participant_id=protected.pk).count() == 2


def test_queue_and_group_pages_show_the_reference(world, client, protected):
    kommun = world.users["kommun_vagledare"]
    accept(protected, by=kommun, on=today() - timedelta(days=2))
    queue = _get(client, world.users["kv_vagledare"], reverse("intake:queue", args=[world.unit.pk]))
    assert NAME not in queue and protected.reference in queue
    group = make_group(world.unit, by=kommun)
    start(protected, by=kommun, group=group)
    page = _get(client, world.users["kv_vagledare"], reverse("intake:group_detail", args=[group.pk]))
    assert NAME not in page and protected.reference in page
    assert NAME in _get(client, kommun, reverse("intake:group_detail", args=[group.pk]))


def test_the_register_extract_of_another_party_hides_the_identity(world, client, protected):
    client.force_login(world.users["kv_vagledare"])
    pdf = pdf_words(client.get(reverse("privacy:extract_pdf", args=[protected.pk])).content)
    assert NAME not in pdf and "070-5550101" not in pdf.replace(" ", "")
    client.force_login(world.users["kommun_vagledare"])
    assert NAME in pdf_words(client.get(reverse("privacy:extract_pdf", args=[protected.pk])).content)
