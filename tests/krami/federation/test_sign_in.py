"""Sign-in through the organisation's identity provider (issue 20, item 1), against a real
provider started by the tests: the attribute mapping, default deny, the second factor, and the
login protections that hold for local logins."""

from __future__ import annotations

import logging

import pytest
from axes.models import AccessLog
from django.contrib.auth import get_user_model
from django.utils import translation

from krami.federation.models import FederatedIdentity
from krami.federation.services import REFUSALS
from krami.middleware import SESSION_AUTH_AT
from krami.models import AuditEvent, OrganisationKind, Role, StaffProfile
from tests.krami.factories import UserFactory, party, staff
from tests.krami.federation.conftest import send, start
from tests.krami.federation.idp import MFA, PASSWORD
from tests.krami.federation.setup import ANNA_MAIL

pytestmark = pytest.mark.django_db


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _shows(response, reason: str) -> bool:
    with translation.override("sv"):
        return str(REFUSALS[reason]) in response.content.decode()


def test_the_login_page_offers_the_organisations_provider_beside_the_local_form(client, federation):
    html = client.get("/konto/logga-in/").content.decode()
    assert "Logga in via din organisation" in html
    assert f"Logga in via {federation.organisation.name}" in html
    assert 'name="password"' in html  # the local form with TOTP remains


def test_without_krami_s_own_key_pair_no_provider_is_offered(client, federation, settings):
    settings.KRAMI_SAML_SP_KEY_FILE = ""
    html = client.get("/konto/logga-in/").content.decode()
    assert "Logga in via din organisation" not in html
    assert client.get("/saml2/login/", {"idp": federation.entity_id})["Location"] == "/konto/logga-in/"


def test_a_password_only_sign_in_at_the_provider_is_asked_for_the_krami_code(client, idp, federation):
    response = send(client, idp.answer(start(client, idp), "anna", context=PASSWORD))
    assert response.status_code == 302 and _signed_in(client)
    home = client.get("/")
    assert home.status_code == 302 and home["Location"].startswith("/konto/tvafaktor/")
    event = AuditEvent.objects.get(action="session.federated_login")
    assert event.data["second_factor"] == "krami"


def test_the_providers_multi_factor_context_counts_as_the_second_factor(client, idp, federation):
    response = send(client, idp.answer(start(client, idp, next="/hjalp/begrepp/"), "anna", context=MFA))
    assert response["Location"] == "/hjalp/begrepp/"
    home = client.get("/")
    assert home.status_code == 200
    html = home.content.decode()
    unit = federation.organisation.units.get()
    assert f"{unit.name} – {federation.organisation.name}" in html  # the membership Krami gave her
    assert AuditEvent.objects.get(action="session.federated_login").data["second_factor"] == "provider"
    assert AccessLog.objects.filter(username="anna.l").exists()  # django-axes' log of sign-ins


def test_a_multi_factor_context_the_organisation_did_not_list_is_not_enough(client, idp, federation):
    federation.mfa_contexts = "urn:example:some-other-context"
    federation.save()
    send(client, idp.answer(start(client, idp), "anna", context=MFA))
    assert client.get("/")["Location"].startswith("/konto/tvafaktor/")


def test_the_identifying_attribute_is_the_one_the_organisation_chose(client, idp, federation):
    federation.identifying_attribute = "employeeNumber"
    federation.save()
    FederatedIdentity.objects.filter(provider=federation).update(subject="k-4711")  # case does not matter
    send(client, idp.answer(start(client, idp), "anna", context=MFA))
    assert client.get("/").status_code == 200
    assert get_user_model().objects.get(pk=client.session["_auth_user_id"]).username == "anna.l"


def test_an_unlinked_person_gets_no_account_and_a_clear_refusal(client, idp, federation, caplog):
    users = get_user_model().objects.count()
    with caplog.at_level(logging.WARNING, logger="krami.federation"):
        response = send(client, idp.answer(start(client, idp), "bertil"))
    assert response.status_code == 403 and _shows(response, "unknown_person")
    assert "ingen Krami-användare" in response.content.decode()
    assert not _signed_in(client)
    assert get_user_model().objects.count() == users
    assert "Federated sign-in refused: unknown_person" in caplog.text
    assert "bertil" not in caplog.text.lower() and "Nyström" not in caplog.text


def test_a_linked_account_without_a_membership_sees_nothing(client, idp, federation):
    nobody = UserFactory(username="utan.roll")
    StaffProfile.objects.create(user=nobody, organisation=federation.organisation)
    FederatedIdentity.objects.filter(provider=federation).delete()
    FederatedIdentity.objects.create(provider=federation, user=nobody, subject=ANNA_MAIL)
    send(client, idp.answer(start(client, idp), "anna", context=MFA))
    home = client.get("/")
    assert home.status_code == 200
    with translation.override("sv"):
        assert "ingen roll i någon Kramienhet" in home.content.decode()
    assert client.get("/deltagare/").status_code == 404


def test_the_provider_cannot_sign_in_staff_of_another_organisation(client, idp, federation):
    unit = federation.organisation.units.get()
    kv_person = staff(role=Role.VAGLEDARE, unit=unit, organisation=party(unit, OrganisationKind.KV), username="kv.person")
    FederatedIdentity.objects.filter(provider=federation).update(user=kv_person)  # bypassing the admin's check
    response = send(client, idp.answer(start(client, idp), "anna", context=MFA))
    assert response.status_code == 403 and _shows(response, "unknown_person")
    assert not _signed_in(client)


def test_a_deactivated_account_cannot_sign_in(client, idp, federation):
    get_user_model().objects.filter(username="anna.l").update(is_active=False)
    response = send(client, idp.answer(start(client, idp), "anna", context=MFA))
    assert response.status_code == 403 and not _signed_in(client)


def test_a_lock_out_after_failed_passwords_holds_for_the_provider_too(client, idp, federation, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/konto/logga-in/", {"username": "anna.l", "password": "fel-losenord"})
    response = send(client, idp.answer(start(client, idp), "anna", context=MFA))
    assert response.status_code == 429 and _shows(response, "locked_out")
    assert not _signed_in(client)


def test_the_session_limits_start_at_a_federated_sign_in(client, idp, federation):
    send(client, idp.answer(start(client, idp), "anna", context=MFA))
    assert client.session[SESSION_AUTH_AT]
    session = client.session
    session[SESSION_AUTH_AT] -= 13 * 3600
    session.save()
    assert client.get("/")["Location"].startswith("/konto/logga-in/")


def test_a_sign_in_and_a_refusal_log_no_name_even_at_debug_level(client, idp, federation, caplog):
    """pysaml2 and djangosaml2 quote the provider's assertion (names, e-mail) in their debug output:
    settings.LOGGING holds them at WARNING whatever LOG_LEVEL says (issue 20, item 2)."""
    caplog.set_level(logging.DEBUG)
    send(client, idp.answer(start(client, idp), "anna", context=MFA))
    client.post("/konto/logga-ut/")
    send(client, idp.answer(start(client, idp), "bertil"))
    assert "Federated sign-in refused: unknown_person" in caplog.text
    for value in ("Anna", "Lindqvist", ANNA_MAIL, "K-4711", "Bertil", "Nyström", "bertil.nystrom"):
        assert value not in caplog.text, value
