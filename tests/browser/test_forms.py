"""Forms in the browser: a date typed as ÅÅÅÅ-MM-DD or picked in the calendar, the language switch,
and the checker itself (it must find what it is there to find)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from participants.models import Consent
from tests.browser.a11y import axe_problems, convention_problems, form_problems, reflow_problems
from tests.browser.conftest import login
from tests.fixtures import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}  # the checker test injects axe and bad markup


def test_a_date_can_be_typed_as_yyyy_mm_dd_or_picked_in_the_calendar(page, live_server):
    world = build_world()
    participant = world.participants["no_consent"]
    today = timezone.localdate()
    given, until = today - timedelta(days=10), today + timedelta(days=180)
    login(page, live_server, "kommun_vl")
    page.goto(f"{live_server.url}/deltagare/{participant.pk}/samtycke/nytt/")

    page.fill("#id_given_on", "")
    page.locator("#id_given_on").press_sequentially(given.isoformat())  # typed: ÅÅÅÅ-MM-DD

    calendar = page.locator(".date-field:has(#id_valid_until) [data-date-pick]")
    assert calendar.is_visible()
    assert calendar.get_attribute("aria-label").startswith("Kalender: Giltigt till")
    calendar.click()
    # What the browser's date picker does when a day is chosen: it sets the date input's value.
    page.locator(".date-field:has(#id_valid_until) .date-field__native").evaluate(
        "(picker, value) => { picker.value = value; picker.dispatchEvent(new Event('change', {bubbles: true})); }",
        until.isoformat(),
    )
    assert page.input_value("#id_valid_until") == until.isoformat()
    assert page.evaluate("() => document.activeElement.id") == "id_valid_until"

    page.check("#id_method_0")  # written
    # "Everything" for the first party ticks its whole row (krami.js); the server reads it as the row too.
    first_row = page.locator("#id_scopes tbody tr").first
    first_row.locator("[data-consent-all]").check()
    assert all(box.is_checked() for box in first_row.locator("input[type=checkbox]").all())
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    consent = Consent.objects.get(participant=participant)
    assert (consent.given_on, consent.valid_until) == (given, until)
    assert consent.releasing_organisation == world.orgs["kommun"]
    assert sorted(consent.scopes.values_list("category", flat=True)) == ["core", "health", "notes", "social_services"]


def test_a_date_that_is_not_one_is_refused_next_to_the_field_and_kept(page, live_server):
    world = build_world()
    login(page, live_server, "kommun_vl")
    page.goto(f"{live_server.url}/deltagare/{world.participants['no_consent'].pk}/anteckningar/ny/")
    page.fill("#id_noted_on", "2026-02-30")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.input_value("#id_noted_on") == "2026-02-30"
    error = page.locator("#id_noted_on_error").inner_text()
    assert error == "Fyll i ett giltigt datum."
    assert "id_noted_on_error" in page.get_attribute("#id_noted_on", "aria-describedby")


def test_the_language_button_in_the_header_switches_to_english_and_back(page, live_server):
    build_world()
    login(page, live_server, "kommun_vl")
    page.goto(f"{live_server.url}/deltagare/")
    assert page.locator("h1").inner_text() == "Deltagare"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.url.endswith("/deltagare/")  # the same page, now in English
    assert page.locator("h1").inner_text() == "Participants"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Svenska").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Deltagare"


def test_the_checker_finds_what_it_is_there_to_find(page, live_server):
    """A canary: broken markup must be reported, or a green accessibility test means nothing."""
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.evaluate("""() => {
      document.querySelector('.intro').remove();
      document.querySelector('main').insertAdjacentHTML('beforeend',
        '<img src="/static/none.png"><p style="color:#bbb">grå text</p><input id="bare">' +
        '<div style="width:2000px">bred</div><table><tr><th>x</th></tr></table>' +
        '<form><input name="must" required><div class="helptext" id="lonely">hint</div></form>');
    }""")
    axe = "\n".join(axe_problems(page, "canary"))
    for rule in ["image-alt", "color-contrast", "label"]:
        assert f"axe {rule} " in axe, axe
    assert any("too wide: div" in p for p in reflow_problems(page, "canary"))
    conventions = convention_problems(page, "canary")
    assert "canary: has no intro (the block that says what the page is for)" in conventions
    assert "canary: a table without <caption>" in conventions
    forms = form_problems(page, "canary", after_submit=True)
    assert "canary: required field must is not marked as required in its label" in forms
    assert "canary: hint #lonely is not linked to its field" in forms
    assert "canary: no error summary after an invalid submission" in forms
