"""Nothing typed is lost (issue 15, item 7), in the browser: whatever ends the session while a form is
being filled in — the session row deleted, the session cookie gone, the idle limit, or a new login
in another tab that makes the open form stale — the user logs in again and finds what was typed in
the same form, with a notice and a button that discards it (krami/drafts.py, static/js/krami.js).
"""

from __future__ import annotations

import time
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from agreements.models import Agreement
from intake.models import Interview
from krami.middleware import SESSION_SEEN_AT
from participants.models import Participant
from tests.agreements.conftest import build_stockholm
from tests.agreements.factories import stockholm_like
from tests.browser.conftest import PASSWORD, login
from tests.fixtures import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICE = "Vi har fyllt i det du skrev innan du loggades ut"


def log_in_again(page, username: str) -> None:
    """On the login page the expired session led to: log in, and follow `next` back to the form."""
    assert "/konto/logga-in/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def submit(page) -> None:
    """The form's visible submit button (an agreement section's first one is a hidden default
    button, so that Enter saves rather than adds a row: issue 21)."""
    page.locator("main form[method=post] button[type=submit]:not([aria-hidden=true])").first.click()
    page.wait_for_load_state()


def idle_past_the_limit() -> None:
    """The idle limit passes on the server: the session is still there, but too old to be used."""
    engine = import_module(settings.SESSION_ENGINE)
    for row in Session.objects.all():
        session = engine.SessionStore(row.session_key)
        session[SESSION_SEEN_AT] = time.time() - settings.SESSION_IDLE_TIMEOUT.total_seconds() - 5
        session.save()


def test_participant_edit_after_the_session_row_is_deleted(page, live_server):
    world = build_world()
    p = world.participants["no_consent"]
    login(page, live_server, "kommun_vl")
    page.goto(f"{live_server.url}/deltagare/{p.pk}/andra/")
    page.fill("#id_first_name", "Skrivetnamn")
    page.fill("#id_phone", "070-765 43 21")
    Session.objects.all().delete()  # logged out on the server (e.g. the session cleaned away)

    submit(page)
    log_in_again(page, "kommun_vl")
    assert page.url.endswith(f"/deltagare/{p.pk}/andra/")
    assert page.input_value("#id_first_name") == "Skrivetnamn"
    assert page.input_value("#id_phone") == "070-765 43 21"
    notice = page.locator("[data-draft-notice]")
    assert NOTICE in notice.inner_text()
    assert Participant.objects.get(pk=p.pk).first_name == p.first_name  # nothing was saved behind the user's back

    notice.get_by_role("button", name="Ta bort det ifyllda").click()  # discard: back to what is saved
    assert page.input_value("#id_first_name") == p.first_name
    assert page.locator("[data-draft-notice]").count() == 0
    page.reload()
    assert page.input_value("#id_first_name") == p.first_name


def test_interview_after_the_session_cookie_is_gone_and_saved_once_filled_in(page, live_server):
    world = build_world()
    p = world.participants["no_consent"]
    url = f"{live_server.url}/inskrivning/deltagare/{p.pk}/intervju/ny/"
    login(page, live_server, "kommun_vl")
    page.goto(url)
    page.fill("#id_notes", "Vill arbeta som snickare; har körkort.")
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)

    submit(page)
    log_in_again(page, "kommun_vl")
    assert page.url == url
    assert page.input_value("#id_notes") == "Vill arbeta som snickare; har körkort."
    assert NOTICE in page.locator("[data-draft-notice]").inner_text()

    submit(page)  # now it is saved, and the kept copy is dropped
    assert Interview.objects.get(participant=p).notes == "Vill arbeta som snickare; har körkort."
    page.goto(url)
    assert page.input_value("#id_notes") == "" and page.locator("[data-draft-notice]").count() == 0


def test_agreement_section_after_the_idle_limit_is_filled_in_once(page, live_server):
    s = build_stockholm()
    agreement = stockholm_like(unit=s.unit, year=timezone.localdate().year)
    url = f"{live_server.url}/overenskommelser/{agreement.pk}/avsnitt/drug_policy/"
    login(page, live_server, s.users["admin"].username)
    page.goto(url)
    page.fill("#id_drug_policy_text", "Vid misstanke hänvisas deltagaren till provtagning inom två dagar.")
    idle_past_the_limit()

    submit(page)
    log_in_again(page, s.users["admin"].username)
    assert page.url == url
    assert page.input_value("#id_drug_policy_text") == "Vid misstanke hänvisas deltagaren till provtagning inom två dagar."
    assert page.locator("[data-draft-notice]").count() == 1  # the server filled it in; the browser adds no second notice
    submit(page)
    agreement.refresh_from_db()
    assert agreement.drug_policy_text == "Vid misstanke hänvisas deltagaren till provtagning inom två dagar."
    assert Agreement.objects.count() == 1


def test_a_form_made_stale_by_a_new_login_in_another_tab_comes_back_filled_in(page, live_server):
    world = build_world()
    p = world.participants["no_consent"]
    url = f"{live_server.url}/deltagare/{p.pk}/anteckningar/ny/"
    login(page, live_server, "kommun_vl")
    page.goto(url)
    page.check("#id_visibility_0")
    page.fill("#id_text", "Samtal om praktikplats på verkstaden.")

    other_tab = page.context.new_page()
    Session.objects.all().delete()
    login(other_tab, live_server, "kommun_vl")  # a new login gives a new security token
    other_tab.close()

    submit(page)
    assert page.locator("h1").inner_text() == "Formuläret kunde inte skickas"
    assert "DEBUG" not in page.content()
    page.get_by_role("link", name="Öppna formuläret igen").click()
    page.wait_for_load_state()
    assert page.input_value("#id_text") == "Samtal om praktikplats på verkstaden."
    assert page.locator("[data-draft-notice]").count() == 1
    submit(page)
    assert p.notes.get().text == "Samtal om praktikplats på verkstaden."
