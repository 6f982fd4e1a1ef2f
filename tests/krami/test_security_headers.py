"""Security headers on every response; CSRF on every state-changing request; GET changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.access.digest import table_states
from tests.access.headers import header_problems
from tests.access.pages import get_pages
from tests.access.registry import CASES
from tests.access.test_matrix import USER_KEYS
from tests.fixtures import CONSENT_STATES


def _assert_headers(response, *, authenticated):
    assert header_problems(response, authenticated=authenticated) == []


def test_headers_on_the_login_page_and_on_authenticated_pages(world, client):
    _assert_headers(client.get("/konto/logga-in/"), authenticated=False)
    client.force_login(world.users["kommun_vagledare"])
    for path in ["/", "/deltagare/", f"/deltagare/{world.participants['no_consent'].pk}/", "/deltagare/987654/"]:
        _assert_headers(client.get(path), authenticated=True)


def test_hsts_is_sent_over_https_in_production(settings, world, client):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/konto/logga-in/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_inline_script_or_style_in_pages(world, client):
    client.force_login(world.users["kommun_vagledare"])
    html = client.get(f"/deltagare/{world.participants['consent_all'].pk}/").content.decode()
    assert "<script>" not in html and " style=" not in html and "<style" not in html
    assert "onclick=" not in html


# The identity provider posts its messages from its own site, so they cannot carry Krami's CSRF
# token. What protects the sign-in answer instead: the provider's signature, checked by pysaml2, and
# its InResponseTo, which must be a request this browser's own SAML session sent (issue 20; forged
# and foreign answers are refused: tests/krami/federation/test_refusals.py). A logout message can
# at worst end the Krami session of the person it names.
SIGNED_BY_THE_PROVIDER = {"saml2:acs", "saml2:ls_post"}


def _post_cases(world):
    """(url, user) pairs for every POST URL, with a user who is allowed to use it."""
    pairs = []
    for key, case in CASES.items():
        if case.method != "POST":
            continue
        name = key.split("[", 1)[0]
        if name in SIGNED_BY_THE_PROVIDER:
            continue
        if case.kind == "participant":
            for state in CONSENT_STATES:
                kwargs = case.kwargs(world, world.participants[state])
                if kwargs is not None:
                    pairs.append((reverse(name, kwargs=kwargs), world.users["kommun_vagledare"]))
                    break
        elif case.kind == "public":
            pairs.append((reverse(name, kwargs=case.kwargs(world) if case.kwargs else {}), world.users["kommun_vagledare"]))
        else:
            kwargs = case.kwargs(world)
            user_key = next(k for k in USER_KEYS if case.allowed(world, k))
            pairs.append((reverse(name, kwargs=kwargs), world.users[user_key]))
    return pairs


def test_every_state_changing_url_refuses_a_request_without_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    pairs = _post_cases(world)
    assert pairs, "the registry has POST URLs"
    refused = []
    for url, user in pairs:
        client.force_login(user)
        if client.post(url, {}).status_code != 403:
            refused.append(url)
    assert refused == []


@pytest.mark.slow
def test_a_get_changes_nothing_but_the_access_log(world, client):
    """Every GET URL, opened by a user who may open it, leaves every table but the log unchanged."""
    for url, case, user_key in get_pages(world):
        if case.kind == "participant" and user_key is None:
            continue
        user = world.users[user_key] if user_key else None
        client.logout()
        if user is not None:
            client.force_login(user)
        before = table_states()  # kwargs() and logging in may write; the GET itself may not
        client.get(url)
        after = table_states()
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        assert changed == {}, f"GET {url} changed {changed}"
