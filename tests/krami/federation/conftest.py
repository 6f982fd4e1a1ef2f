"""One real identity provider per test module (tests/krami/federation/idp.py), Krami's own key pair,
and an organisation whose provider it is, with one linked account."""

from __future__ import annotations

import pytest

from tests.krami.federation.idp import key_pair, query_of
from tests.krami.federation.setup import federate, start_provider


@pytest.fixture(scope="module")
def sp_keys(tmp_path_factory):
    return key_pair(tmp_path_factory.mktemp("sp"), "krami")


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    provider = start_provider(tmp_path_factory.mktemp("idp"))
    yield provider
    provider.stop()


@pytest.fixture
def federation(settings, sp_keys, idp, db):
    """The kommun of a unit signs its staff in through the test provider; Anna (vägledare) is linked."""
    return federate(settings, sp_keys=sp_keys, idp=idp, base_url="http://testserver")


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
