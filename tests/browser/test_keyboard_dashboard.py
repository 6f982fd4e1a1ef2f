"""The steering group's dashboard with the keyboard alone (issue 8): from the menu to a unit,
a month typed in, a figure's definition opened, the meeting pack downloaded, and a bad month
explained without losing what was typed."""

import pytest
from django.conf import settings

from tests.agreements.factories import stockholm_like
from tests.browser.keyboard import keyboard_login, tab_to, type_into_focused
from tests.reporting.helpers import Team
from tests.reporting.test_dashboard_views import hold_march


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_styrgrupp_member_reads_the_dashboard_with_the_keyboard_only(page, live_server):
    team = Team("Krami Tangentby")
    stockholm_like(unit=team.unit, year=2026)
    hold_march(team)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    keyboard_login(page, live_server, team.styrgrupp.username)

    tab_to(page, "nav a[href='/rapporter/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "main a", text="Krami Tangentby")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # A month that is not one: the message sits by the field and the text typed stays.
    tab_to(page, "#id_period")
    type_into_focused(page, "mars")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.input_value("#id_period") == "mars"
    assert "ÅÅÅÅ-MM" in page.locator("#id_period").evaluate(
        "el => document.getElementById(el.getAttribute('aria-describedby').split(' ').find(id => id.includes('error'))).innerText"
    )

    tab_to(page, "#id_period")
    type_into_focused(page, "2026-03")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Results for Krami Tangentby, 2026-03')")
    outcomes = page.locator("#table-outcomes")
    assert "66.7 %" in outcomes.inner_text()  # hold_march: 10 of the 15 completers to work or studies

    # A figure's definition opens from the keyboard.
    tab_to(page, "summary", text="counted")
    summary = page.locator("summary:focus")
    details = summary.locator("xpath=..")
    assert details.get_attribute("open") is None
    page.keyboard.press("Enter")
    assert details.get_attribute("open") is not None
    assert "Counted:" in details.inner_text()

    # The meeting pack, from the keyboard.
    tab_to(page, "main a", text="Meeting pack (PDF)")
    with page.expect_download() as pdf:
        page.keyboard.press("Enter")
    assert pdf.value.suggested_filename == "krami-krami-tangentby-2026-03.pdf"
    assert open(pdf.value.path(), "rb").read(4) == b"%PDF"
