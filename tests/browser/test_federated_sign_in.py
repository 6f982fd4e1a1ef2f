"""Sign-in through the organisation's identity provider in Chromium (issue 20): the login page's
"Logga in via …", the test provider's own login page (pysaml2, in a thread), and back to Krami's
start page with the memberships Krami gave the person. Also the README's picture of the login page."""

from __future__ import annotations

import pytest

from tests.browser.test_screenshots import shoot
from tests.krami.federation.idp import key_pair
from tests.krami.federation.setup import federate, start_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    provider = start_provider(tmp_path_factory.mktemp("idp"))
    yield provider
    provider.stop()


def test_a_person_signs_in_through_the_organisation_and_lands_on_the_start_page(page, live_server, idp, settings, tmp_path):
    # One site for both (127.0.0.1): the provider's POST back carries Krami's SameSite=Lax cookies
    # over plain http. In production both are https and the SAML cookie is SameSite=None; Secure.
    krami = live_server.url.replace("localhost", "127.0.0.1")
    provider = federate(settings, sp_keys=key_pair(tmp_path, "krami"), idp=idp, base_url=krami)
    page.goto(f"{krami}/konto/logga-in/")
    assert page.get_by_role("heading", name="Logga in via din organisation").is_visible()
    shoot(page, "login-with-organisation")
    page.get_by_role("link", name=f"Logga in via {provider.organisation.name}").click()
    assert page.url.startswith(f"{idp.base}/sso/redirect")
    page.get_by_label("Användarnamn").fill("bertil")  # known to the provider, not linked in Krami
    page.get_by_label("Lösenord").fill("idp-losenord")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{krami}/saml2/acs/")
    assert "ingen Krami-användare kopplad till dig" in page.content()

    page.goto(f"{krami}/konto/logga-in/")
    page.get_by_role("link", name=f"Logga in via {provider.organisation.name}").click()
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("idp-losenord")
    page.get_by_role("button", name="Logga in").click()
    # A password alone at the provider: Krami asks for its own code (TOTP) first.
    page.wait_for_url(f"{krami}/konto/tvafaktor/**")
    provider.mfa_contexts = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
    provider.save()
    page.get_by_role("button", name="Logga ut", exact=True).click()

    page.goto(f"{krami}/konto/logga-in/")
    page.get_by_role("link", name=f"Logga in via {provider.organisation.name}").click()
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("idp-losenord")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{krami}/")
    assert page.locator("h1").inner_text() == "Välkommen, Anna"
    roles = page.locator("#roles-heading + ul").inner_text()
    assert "Vägledare" in roles and "Krami Testköping" in roles and provider.organisation.name in roles
