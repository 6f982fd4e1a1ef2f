"""Signing out of a federated session (issue 20, item 1): the Krami session ends, and the provider
is asked to end its own where its metadata offers single logout."""

from __future__ import annotations

import re
import urllib.request

import pytest
from django.contrib.sessions.models import Session

from krami.federation.models import IdentityProvider
from tests.krami.federation.conftest import send, start
from tests.krami.federation.idp import MFA
from tests.krami.federation.setup import ANNA_MAIL

pytestmark = pytest.mark.django_db


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _follow_at_provider(url: str) -> str:
    """The browser follows Krami's redirect to the provider (real HTTP); where the provider sends it back."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(url, timeout=10)
    except urllib.error.HTTPError as answer:
        assert answer.code == 302
        return answer.headers["Location"]
    raise AssertionError("the provider did not redirect back")


def test_sign_out_ends_the_krami_session_and_asks_the_provider_to_end_its_own(client, idp, federation):
    send(client, idp.answer(start(client, idp), "anna", context=MFA))
    session_key = client.session.session_key
    response = client.post("/konto/logga-ut/")
    assert response.status_code == 302 and response["Location"].startswith(f"{idp.base}/slo/redirect?")
    assert not Session.objects.filter(session_key=session_key).exists()  # ended before the provider answers
    assert client.get("/").status_code == 302
    back = _follow_at_provider(response["Location"])
    assert idp.sessions_ended and back.startswith("http://testserver/saml2/ls/?SAMLResponse=")
    finished = client.get(back.removeprefix("http://testserver"))
    assert finished.status_code == 302 and finished["Location"] == "/konto/logga-in/"


def test_without_single_logout_at_the_provider_only_the_krami_session_ends(client, idp, federation):
    IdentityProvider.objects.filter(pk=federation.pk).update(
        metadata_xml=re.sub(r"<(?:\w+:)?SingleLogoutService\b[^>]*/>", "", federation.metadata_xml)
    )
    assert not IdentityProvider.objects.get(pk=federation.pk).supports_single_logout
    send(client, idp.answer(start(client, idp), "anna", context=MFA))
    response = client.post("/konto/logga-ut/")
    assert response["Location"] == "/konto/logga-in/"
    assert client.get("/").status_code == 302


def test_a_local_login_signs_out_as_before(client, federation):
    client.post("/konto/logga-in/", {"username": "anna.l", "password": "ett-langt-losenord-2026"})
    assert client.post("/konto/logga-ut/")["Location"] == "/konto/logga-in/"
    assert ANNA_MAIL  # the linked person may still use her local password where she has one
