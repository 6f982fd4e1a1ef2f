"""Issue 16, item 7: a phone (390 px wide).

The tester's findings: the header took 230 px on every page, the list showed 9 filters before the
first result, and the record was 5 700 px long with the journal last.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import login
from tests.fixtures import build_world
from tests.intake.factories import ELIGIBLE
from tests.participants.factories import make_participant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
MAX_HEADER = 80


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE}


def _top(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


def test_the_header_is_at_most_80_px_with_the_menu_behind_a_button(page, live_server):
    world = build_world()
    p = world.participants["consent_all"]
    login(page, live_server, "kommun_sam")  # the coordinator has the most menu entries
    for path in ("/", "/deltagare/", f"/deltagare/{p.pk}/", "/inskrivning/", f"/deltagare/{p.pk}/anteckningar/ny/"):
        page.goto(live_server.url + path)
        height = page.locator(".site-header").bounding_box()["height"]
        assert height <= MAX_HEADER, f"{path}: the header is {height} px high"
        assert page.locator("#header-search-q").is_visible(), path  # the search box stays in the header
        assert not page.locator(".site-nav").is_visible(), path

    toggle = page.locator("[data-menu-toggle]")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator(".site-nav a[href='/deltagare/']").is_visible()
    assert page.locator(".site-header button", has_text="Logga ut").is_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not page.locator(".site-nav").is_visible()


def test_without_javascript_the_menu_is_a_plain_list(browser, live_server):
    build_world()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    login(page, live_server, "kommun_vl")
    assert not page.locator("[data-menu-toggle]").is_visible()
    assert page.locator(".site-nav a[href='/deltagare/']").is_visible()
    assert page.locator(".site-nav a[href='/inskrivning/']").is_visible()
    # The filters are one click away (a <details> needs no script).
    page.goto(f"{live_server.url}/deltagare/?gender=man")
    page.locator("details[data-filters] > summary").click()
    assert page.locator("#id_gender").is_visible()
    context.close()


def test_the_list_shows_the_results_before_the_filters(page, live_server):
    build_world()
    login(page, live_server, "kommun_vl")
    page.goto(f"{live_server.url}/deltagare/?gender=man&phase=applicant")
    summary = page.locator("details[data-filters] > summary")
    assert summary.inner_text() == "Filter (2 aktiva)"
    assert not page.locator("#id_gender").is_visible()  # folded behind the summary
    first_result = _top(page, "#results tbody tr")
    assert first_result < PHONE["height"], "the first result is not on the first screen"
    summary.click()
    assert page.locator("#id_gender").is_visible() and _top(page, "#id_gender") < _top(page, "#results tbody tr")


def test_the_case_page_starts_with_the_next_action_and_the_path(page, live_server):
    world = build_world()
    owner = world.users["kommun_vagledare"]
    p = make_participant(unit=world.unit, handler=owner, first_name="Tel", last_name="Efon", **ELIGIBLE)
    login(page, live_server, "kommun_vl")
    page.goto(f"{live_server.url}/deltagare/{p.pk}/")
    next_action = _top(page, "[data-next-action]")
    assert next_action < PHONE["height"] / 2, "the next action is not near the top"
    assert _top(page, "#path") < PHONE["height"]
    assert next_action < _top(page, "#path") < _top(page, "#core") < _top(page, "#journal")
    # A new journal note is one click from the top.
    assert _top(page, f"main a[href='/deltagare/{p.pk}/anteckningar/ny/']") < PHONE["height"] / 2
    # The sections are folded: the page is short, and a section opens in place.
    assert page.evaluate("document.documentElement.scrollHeight") < 3000
    page.locator("#journal > summary").click()
    assert page.locator("#journal").get_attribute("open") is not None
