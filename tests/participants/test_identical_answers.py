"""Search and duplicate checks answer byte for byte the same for another organisation's person
and for a person who does not exist (issue 6; docs/security.md, "Search and duplicate checks").

The existence of a person in Krami is itself secret: a KV case worker must not learn that the
kommun has registered someone, neither from a search nor from the registration form.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from participants import personnummer
from participants.models import Participant
from tests.answers import normalised
from tests.participants.factories import make_participant, valid_personnummer
from tests.participants.test_register import _form

BORN = date(1991, 3, 14)


def _normalise(body: bytes, *ids: int) -> bytes:
    """Remove what differs by design: the CSRF and form tokens, and the id/reference of a record just made."""
    body = normalised(body).encode()
    for pk in ids:
        body = body.replace(f"/{pk}/".encode(), b"/ID/").replace(f"D-{pk:06d}".encode(), b"D-ID")
    return body


@pytest.fixture
def hidden_and_missing(world):
    """Two personnummer with the same birth date: one of a kommun participant the KV worker may
    not see (no consent), one of a person in another unit, and one that nobody registered."""
    kommun = world.users["kommun_vagledare"]
    hidden = valid_personnummer(BORN, serial=101)
    make_participant(unit=world.unit, handler=kommun, personnummer=hidden, first_name="Dold", last_name="Person")
    elsewhere = valid_personnummer(BORN, serial=202)
    make_participant(unit=world.other_unit, handler=world.users["other_unit_vagledare"], personnummer=elsewhere)
    missing = valid_personnummer(BORN, serial=303)
    return {"hidden": hidden, "other_unit": elsewhere, "missing": missing}


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx-partial"])
@pytest.mark.parametrize("who", ["hidden", "other_unit"])
def test_searching_a_personnummer_answers_as_for_nobody(world, client, hidden_and_missing, who, htmx):
    client.force_login(world.users["kv_vagledare"])
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    answers = {}
    for key in (who, "missing"):
        answers[key] = client.get("/deltagare/", {"q": hidden_and_missing[key]}, **headers)
    assert answers[who].status_code == answers["missing"].status_code == 200
    # The page echoes the user's own query (search box, language form): that part differs by design.
    echoed = {key: answers[key].content.replace(hidden_and_missing[key].encode(), b"QUERY") for key in answers}
    assert _normalise(echoed[who]) == _normalise(echoed["missing"])
    assert b"Dold" not in answers[who].content


def test_the_search_does_find_a_visible_person(world, client, hidden_and_missing):
    """The control: the same search by the owning organisation finds the person."""
    client.force_login(world.users["kommun_vagledare"])
    assert b"Dold" in client.get("/deltagare/", {"q": hidden_and_missing["hidden"]}).content


def _register(client, world, pnr, **overrides):
    """POST the registration form in a savepoint that is rolled back, so both tries see one database."""
    with transaction.atomic():
        response = client.post("/deltagare/ny/", _form(world, personnummer=pnr, handler=world.users["kv_vagledare"].pk, **overrides))
        new = list(Participant.objects.filter(owner_organisation=world.orgs["kv"]).values_list("pk", flat=True))
        follow = client.get(response["Location"]) if response.status_code == 302 else None
        transaction.set_rollback(True)
    return response, follow, new


def test_an_invalid_form_answers_the_same(world, client, hidden_and_missing):
    """With another field wrong, nothing about the personnummer may show: no duplicate message."""
    client.force_login(world.users["kv_vagledare"])
    hidden, _f, _ = _register(client, world, hidden_and_missing["hidden"], email="inte-en-adress")
    missing, _f, _ = _register(client, world, hidden_and_missing["missing"], email="inte-en-adress")
    assert hidden.status_code == missing.status_code == 200
    body = _normalise(hidden.content)
    assert body == _normalise(missing.content).replace(
        hidden_and_missing["missing"].encode(), hidden_and_missing["hidden"].encode()
    )


def test_registering_another_organisations_person_answers_as_for_a_new_person(world, client, hidden_and_missing):
    client.force_login(world.users["kv_vagledare"])
    hidden, hidden_page, hidden_new = _register(client, world, hidden_and_missing["hidden"])
    missing, missing_page, missing_new = _register(client, world, hidden_and_missing["missing"])
    assert hidden.status_code == missing.status_code == 302
    assert len(hidden_new) == len(missing_new) == 1
    assert _normalise(hidden["Location"].encode(), *hidden_new) == _normalise(missing["Location"].encode(), *missing_new)
    assert hidden_page.status_code == missing_page.status_code == 200
    assert _normalise(hidden_page.content, *hidden_new) == _normalise(missing_page.content, *missing_new)
    assert b"Dold" not in hidden_page.content


def test_a_duplicate_the_user_may_see_is_still_refused(world, client, hidden_and_missing):
    """The owning organisation gets the duplicate message with a link: it sees the record."""
    client.force_login(world.users["kommun_vagledare"])
    response = client.post("/deltagare/ny/", _form(world, personnummer=hidden_and_missing["hidden"]))
    assert response.status_code == 200
    assert "Dold" in response.content.decode()
    assert Participant.objects.filter(personnummer_hash=personnummer.lookup_hash(
        personnummer.parse(hidden_and_missing["hidden"]).digits)).count() == 1  # nothing new was registered
