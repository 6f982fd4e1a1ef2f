"""Keyboard only: the skip link, a visible focus on every stop, no traps, and a vägledare's day:
log in, open the participant list, filter it, open a participant, register a participant,
correct the error and save – with Tab, Shift+Tab, Enter, Space and typing only.
"""

from __future__ import annotations

from datetime import date

import pytest

from participants.models import Participant, Phase
from tests.browser.a11y import structure_signature
from tests.browser.conftest import log_in_with_session, login, open_page
from tests.browser.keyboard import (
    all_tab_stops,
    choose_by_typing,
    describe,
    focus_problems,
    focused,
    keyboard_login,
    tab_to,
    type_into_focused,
)
from tests.fixtures import build_world
from tests.participants.factories import make_participant, valid_personnummer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _active_id(page) -> str:
    return page.evaluate("() => document.activeElement.id")


@pytest.mark.parametrize("path", ["/konto/logga-in/", "/", "/deltagare/", "/hjalp/begrepp/"])
def test_the_skip_link_is_the_first_stop_and_moves_the_focus_to_main(page, live_server, path):
    build_world()
    if path != "/konto/logga-in/":
        login(page, live_server, "kommun_vl")
    page.goto(live_server.url + path)
    page.keyboard.press("Tab")
    first = focused(page)
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')"), describe(first)
    assert focus_problems(first) == []  # shown on screen while it has the focus
    page.keyboard.press("Enter")
    assert _active_id(page) == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_every_stop_shows_its_focus_and_the_focus_leaves_each_page(page, live_server):
    world = build_world()
    login(page, live_server, "kommun_vl")
    participant = world.participants["consent_all"]
    pages = ["/", "/deltagare/", f"/deltagare/{participant.pk}/", "/deltagare/ny/",
             f"/deltagare/{participant.pk}/samtycke/nytt/", "/hjalp/begrepp/"]
    problems = []
    for path in pages:
        page.goto(live_server.url + path)
        stops = all_tab_stops(page)  # fails on a keyboard trap
        assert len(stops) > 5, f"{path}: only {len(stops)} tab stops"
        problems += [f"{path}: {p}" for stop in stops for p in focus_problems(stop)]
    assert problems == []


def test_a_vagledare_works_with_the_keyboard_only(page, live_server):
    world = build_world()
    owner = world.users["kommun_vagledare"]
    make_participant(unit=world.unit, handler=owner, first_name="Tangent", last_name="Testsson", phase=Phase.GUIDANCE)
    municipality = world.unit.municipalities.first().name

    keyboard_login(page, live_server, "kommun_vl")
    assert page.url == f"{live_server.url}/"

    # The participant list, from the main menu.
    tab_to(page, "nav a[href='/deltagare/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Filter: a name, then a phase picked by typing; the results change in place (htmx).
    tab_to(page, "#id_q")
    type_into_focused(page, "Test")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#results-status').innerText.trim() !== ''")
    tab_to(page, "#id_phase")
    choose_by_typing(page, "Vägledningskurs")
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 1")
    assert "Testsson, Tangent" in page.locator("#results").inner_text()

    # Open the participant.
    tab_to(page, "#results a", text="Testsson")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().startswith("Tangent Testsson")

    # Register a participant: back to the list by the breadcrumb, then the register button.
    tab_to(page, ".breadcrumbs a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "main a[href='/deltagare/ny/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    tab_to(page, "#id_personnummer")
    type_into_focused(page, "19910203-0000")  # wrong check digit
    tab_to(page, "#id_first_name")
    type_into_focused(page, "Tangentia")
    page.keyboard.press("Tab")
    type_into_focused(page, "Tangentsson")
    tab_to(page, "#id_gender")
    choose_by_typing(page, "Kvinna")
    tab_to(page, "#id_identifies_as_woman")
    page.keyboard.press("Space")
    assert page.is_checked("#id_identifies_as_woman")
    tab_to(page, "#id_municipality")
    choose_by_typing(page, municipality)
    tab_to(page, "#id_referral_source")
    choose_by_typing(page, "Arbetsförmedlingen")
    tab_to(page, "main form button[type=submit]")
    # Shift+Tab goes back through the form in the same order.
    tab_to(page, "#id_handler", backwards=True)
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Space")

    # The error summary has the focus; its link takes the focus to the field; nothing was lost.
    assert page.evaluate("() => document.activeElement.matches('[data-error-summary]')")
    tab_to(page, "[data-error-summary] a")
    page.keyboard.press("Enter")
    assert _active_id(page) == "id_personnummer"
    assert page.input_value("#id_first_name") == "Tangentia"
    assert page.is_checked("#id_identifies_as_woman")
    assert page.evaluate("() => document.querySelector('#id_gender').selectedOptions[0].text") == "Kvinna"
    type_into_focused(page, valid_personnummer(date(1991, 2, 3)))
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("h1").inner_text().startswith("Tangentia Tangentsson")
    assert "har registrerats" in page.locator(".messages").inner_text()
    saved = Participant.objects.get(first_name="Tangentia")
    assert (saved.identifies_as_woman, saved.municipality.name, saved.referral_source) == (True, municipality, "af")


# The pages are split into shards so that the two test workers share them (pytest-xdist).
TAB_SHARDS = 3
# Markup already tabbed through by this test process (structure_signature: the same elements,
# attributes and classes, only the words differ), shared by the shards a process runs: a page of
# the same structure has the same tab stops with the same focus styles, as for axe.
TABBED_SIGNATURES: set[str] = set()


@pytest.mark.slow
@pytest.mark.parametrize("shard", range(TAB_SHARDS))
def test_every_page_of_a_case_worker_and_an_agreement_admin_works_with_tab(page, live_server, shard):
    """Each page (from the access-matrix registry, so new pages are included): every tab stop
    shows its focus, and Tab leaves the page in the end (no keyboard trap)."""
    from tests.browser.pages import PagePlan  # noqa: PLC0415 - the registry loads with the URL configuration

    world = build_world()
    plan = PagePlan(world)
    planned = {principal: plan.visits_for(principal) for principal in ("kommun_vagledare", "agreement_admin")}
    problems, checked, same = [], 0, 0
    for principal, visits in planned.items():
        page.context.clear_cookies()
        log_in_with_session(page, live_server, world.users[principal])
        for visit in visits[shard::TAB_SHARDS]:
            response = open_page(page, live_server.url + visit.url)
            if response is None or not response.ok or not response.headers.get("content-type", "").startswith("text/html"):
                continue
            if page.url.startswith(f"{live_server.url}/konto/logga-in/"):
                problems.append(f"{visit.label}: sent to the login page (the visit was not logged in)")
                continue
            signature = structure_signature(page)
            if signature in TABBED_SIGNATURES:
                same += 1
                continue
            TABBED_SIGNATURES.add(signature)
            stops = all_tab_stops(page)  # fails on a keyboard trap
            checked += 1
            problems += [f"{visit.label}: {p}" for stop in stops for p in focus_problems(stop)]
    print(f"\nkeyboard shard {shard + 1}/{TAB_SHARDS}: {checked} pages tabbed through, {same} with the markup of one "
          "tabbed through before")
    assert sum(map(len, planned.values())) > 40 and checked > 20 // TAB_SHARDS
    assert problems == []
