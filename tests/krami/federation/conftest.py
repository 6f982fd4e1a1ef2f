"""One real identity provider per test module (tests/krami/federation/idp.py), Krami's own key pair,
and an organisation whose provider it is, with one linked account."""

from __future__ import annotations

import pytest
from saml2.metadata import entity_descriptor

from krami.federation.config import sp_config
from krami.federation.models import FederatedIdentity, IdentityProvider
from krami.models import OrganisationKind, Role
from tests.krami.factories import UnitFactory, party, staff
from tests.krami.federation.idp import MFA, Person, TestIdentityProvider, key_pair, query_of

# An invented person (the demo's style); the log test searches for these.
ANNA_MAIL = "anna.lindqvist@kommun.example"


@pytest.fixture(scope="module")
def sp_keys(tmp_path_factory):
    return key_pair(tmp_path_factory.mktemp("sp"), "krami")


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    provider = TestIdentityProvider(tmp_path_factory.mktemp("idp"))
    provider.people = {
        "anna": Person(
            password="idp-losenord",
            attributes={"mail": [ANNA_MAIL], "givenName": ["Anna"], "sn": ["Lindqvist"], "employeeNumber": ["K-4711"]},
        ),
        "bertil": Person(
            password="idp-losenord",
            attributes={"mail": ["bertil.nystrom@kommun.example"], "givenName": ["Bertil"], "sn": ["Nyström"]},
            context=MFA,
        ),
    }
    yield provider
    provider.stop()


@pytest.fixture
def federation(settings, sp_keys, idp, db):
    """The kommun of a unit signs its staff in through the test provider; Anna (vägledare) is linked."""
    settings.KRAMI_SAML_SP_KEY_FILE, settings.KRAMI_SAML_SP_CERT_FILE = sp_keys
    settings.KRAMI_SAML_BASE_URL = settings.KRAMI_SAML_BASE_URL or "http://testserver"
    settings.KRAMI_REQUIRE_2FA = True
    unit = UnitFactory()
    kommun = party(unit, OrganisationKind.KOMMUN)
    provider = IdentityProvider(organisation=kommun, metadata_xml=idp.metadata_xml(), mfa_contexts=MFA)
    provider.full_clean()
    provider.save()
    anna = staff(role=Role.VAGLEDARE, unit=unit, organisation=kommun, username="anna.l")
    FederatedIdentity.objects.create(provider=provider, user=anna, subject=ANNA_MAIL)
    idp.trust(str(entity_descriptor(sp_config(None))))
    return provider


def start(client, idp, **params) -> str:
    """Click "Sign in through …": Krami redirects to the provider with a signed request, which the
    provider parses; the key of the pending request."""
    response = client.get("/saml2/login/", {"idp": idp.entity_id, **params})
    assert response.status_code == 302, response.content[:300]
    assert response["Location"].startswith(f"{idp.base}/sso/redirect?")
    return idp.receive(query_of(response["Location"]))


def send(client, answer: dict):
    """The browser posts the provider's answer to Krami's assertion consumer."""
    return client.post("/saml2/acs/", {"SAMLResponse": answer["SAMLResponse"], "RelayState": answer["RelayState"]})
