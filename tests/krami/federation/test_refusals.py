"""Every answer Krami must refuse (issue 20, item 1), made by the real test provider: replayed,
expired, unsigned or forged, wrongly addressed, not encrypted where encryption is required.
Each is refused with a clear Swedish message and a log line, and signs nobody in."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone, translation

from krami.federation.models import UsedAssertion
from krami.federation.services import REFUSALS
from krami.models import AuditEvent
from tests.krami.federation.conftest import send, start
from tests.krami.federation.idp import MFA

pytestmark = pytest.mark.django_db

OTHER_SERVICE = "https://annan-tjanst.example/saml2/metadata/"


def _refused(client, response, reason: str, caplog) -> None:
    """Refused with the reason's Swedish message and a log line; nobody signed in."""
    with translation.override("sv"):
        message = str(REFUSALS[reason])
    assert response.status_code == 403, response.content[:300]
    assert message in response.content.decode()
    assert f"Federated sign-in refused: {reason}" in caplog.text
    assert "_auth_user_id" not in client.session


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.WARNING, logger="krami.federation")
    return caplog


def test_an_answer_sent_again_is_refused(client, idp, federation, logs):
    answer = idp.answer(start(client, idp), "anna", context=MFA)
    assert send(client, answer).status_code == 302
    client.post("/konto/logga-ut/")
    _refused(client, send(client, answer), "unsolicited", logs)
    assert AuditEvent.objects.filter(action="session.federated_login").count() == 1


def test_an_answer_sent_twice_at_once_signs_in_once_on_any_server(client, idp, federation, logs):
    """The same answer posted twice before the first is through (a double click, or an attacker
    racing the person) reaches a browser session that still expects it: the shared record of used
    assertions refuses the second."""
    answer = idp.answer(start(client, idp), "anna", context=MFA)
    saml_session = client.cookies["krami_saml"].value
    expecting = dict(SessionStore(session_key=saml_session).load())
    assert send(client, answer).status_code == 302
    restored = SessionStore(session_key=saml_session)
    restored.update(expecting)
    restored.save()
    client.post("/konto/logga-ut/")
    client.cookies["krami_saml"] = saml_session
    _refused(client, send(client, answer), "replayed", logs)
    assert UsedAssertion.objects.count() == 1
    assert AuditEvent.objects.filter(action="session.federated_login").count() == 1


def test_an_expired_answer_is_refused(client, idp, federation, logs):
    answer = idp.answer(start(client, idp), "anna", context=MFA)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):  # valid 5 minutes, 1 minute's skew
        _refused(client, send(client, answer), "expired", logs)


def test_an_unsigned_answer_is_refused(client, idp, federation, logs):
    answer = idp.answer(start(client, idp), "anna", sign=False, context=MFA)
    _refused(client, send(client, answer), "unsigned", logs)


def test_an_answer_signed_with_another_key_is_refused(client, idp, federation, logs):
    answer = idp.answer(start(client, idp), "anna", signer=idp.stranger(), context=MFA)
    _refused(client, send(client, answer), "unsigned", logs)


def test_an_answer_for_another_service_is_refused(client, idp, federation, logs):
    idp.trust_another_service(OTHER_SERVICE, "https://annan-tjanst.example/saml2/acs/")
    answer = idp.answer(start(client, idp), "anna", audience=OTHER_SERVICE, context=MFA)
    _refused(client, send(client, answer), "wrongly_addressed", logs)


def test_an_answer_sent_to_another_address_is_refused(client, idp, federation, logs):
    answer = idp.answer(
        start(client, idp), "anna", destination="https://annan-tjanst.example/saml2/acs/", context=MFA
    )
    _refused(client, send(client, answer), "wrongly_addressed", logs)


def test_where_encryption_is_required_a_plain_answer_is_refused_and_an_encrypted_one_accepted(
    client, idp, federation, logs
):
    federation.require_encrypted_assertions = True
    federation.save()
    _refused(client, send(client, idp.answer(start(client, idp), "anna", context=MFA)), "not_encrypted", logs)
    response = send(client, idp.answer(start(client, idp), "anna", encrypt=True, context=MFA))
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert client.get("/").status_code == 200


def test_an_answer_from_a_provider_that_was_switched_off_is_refused(client, idp, federation, logs):
    key = start(client, idp)
    federation.is_active = False
    federation.save()
    response = send(client, idp.answer(key, "anna", context=MFA))
    assert response.status_code == 403 and "_auth_user_id" not in client.session
    assert "Federated sign-in refused" in logs.text
