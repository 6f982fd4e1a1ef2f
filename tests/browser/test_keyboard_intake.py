"""Keyboard only, the intake journey: a walk-in at an information meeting is registered, interviewed,
accepted at the team meeting, found in the queue and started in a new guidance group (created from
the start form, which it returns to) – with Tab,
Shift+Tab, Enter, Space, arrow keys and typing only (dates typed as ÅÅÅÅ-MM-DD).

`tab_to` fails on any stop without a visible focus, and when the target is never reached (a
keyboard trap or a control the keyboard cannot get to). Selectors use URLs and field names, not
text, so the journey survives the Swedish catalogue.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from intake.models import Episode, Interview
from participants.models import Participant, Phase
from tests.browser.keyboard import choose_by_typing, keyboard_login, tab_to, type_into_focused
from tests.fixtures import build_world
from tests.participants.factories import valid_personnummer

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def follow(page, selector: str, *, key: str = "Enter", text: str | None = None) -> None:
    """Tab to a link or button and activate it with the keyboard; wait for the next page."""
    tab_to(page, selector, text=text)
    with page.expect_navigation():
        page.keyboard.press(key)


def fill(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    type_into_focused(page, text)


def test_intake_from_walk_in_to_group_start_with_the_keyboard_only(page, live_server):
    world = build_world()
    unit = world.unit
    today = timezone.localdate()
    municipality = unit.municipalities.first().name
    base = f"/inskrivning/enhet/{unit.pk}"

    keyboard_login(page, live_server, "kommun_vl")

    # Intake overview from the main menu, then the unit's information meetings.
    follow(page, "nav.site-nav a[href='/inskrivning/']")
    follow(page, f"main a[href='{base}/informationsmoten/']")

    # An extra meeting today: the date typed in Swedish format.
    follow(page, f"main a[href='{base}/informationsmoten/ny/']")
    fill(page, "#id_held_on", today.isoformat())
    fill(page, "#id_starts_at", "13:00")
    fill(page, "#id_place", "Kramis lokal")
    follow(page, "main form button[type=submit]")
    assert "/informationsmote/" in page.url

    # A walk-in on the attendance list; the list shows the name.
    fill(page, "#id_name", "Kim Tangent")
    fill(page, "#id_contact", "070-555 12 34")
    follow(page, "form[action$='/besokare/'] button[type=submit]")
    assert "Kim Tangent" in page.locator("main table").inner_text()

    # Register the walk-in: the name and contact come pre-filled; a wrong personnummer first.
    follow(page, "main a[href$='/registrera/']")
    assert page.input_value("#id_first_name") == "Kim"
    fill(page, "#id_personnummer", "19950505-0000")
    tab_to(page, "#id_gender")
    choose_by_typing(page, "Kvinna")
    tab_to(page, "#id_municipality")
    choose_by_typing(page, municipality)
    tab_to(page, "#id_drug_free")
    choose_by_typing(page, "Ja")
    tab_to(page, "#id_housing_arranged")
    choose_by_typing(page, "Ja")
    follow(page, "main form button[type=submit]")

    # The error summary takes the focus, its link leads to the field, nothing typed was lost.
    assert page.evaluate("() => document.activeElement.matches('[data-error-summary]')")
    tab_to(page, "[data-error-summary] a")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "id_personnummer"
    assert page.evaluate("() => document.querySelector('#id_gender').selectedOptions[0].text") == "Kvinna"
    type_into_focused(page, valid_personnummer(date(1995, 5, 5)))
    follow(page, "main form button[type=submit]")
    kim = Participant.objects.get(first_name="Kim", last_name="Tangent")
    assert page.url.endswith(f"/deltagare/{kim.pk}/")  # the case page

    # Interview: the case page's next action, the first link to it on the page.
    follow(page, "main a[href$='/intervju/ny/']")
    fill(page, "#id_notes", "Vill arbeta inom lager.")
    follow(page, "main form button[type=submit]")
    assert Interview.objects.filter(participant=kim).exists()

    # Assessment: the first radio button is "accepted"; Space ticks it.
    follow(page, "main a[href$='/bedomning/ny/']")
    tab_to(page, "input[name=decision][value=accepted]")
    page.keyboard.press("Space")
    assert page.is_checked("input[name=decision][value=accepted]")
    follow(page, "main form button[type=submit]")
    kim.refresh_from_db()
    assert kim.phase == Phase.QUEUED

    # The queue lists Kim; Start offers to create a group start, as none exists yet, and comes back.
    follow(page, f"main a[href='{base}/ko/']")
    assert "Tangent, Kim" in page.locator("main table").inner_text()
    follow(page, f"main a[href='/inskrivning/deltagare/{kim.pk}/start/']")
    follow(page, f"main a[href^='{base}/grupper/ny/']")
    fill(page, "#id_name", "Tangentgruppen")
    fill(page, "#id_starts_on", today.isoformat())
    fill(page, "#id_capacity", "5")
    tab_to(page, "input[name=session_weekdays][value='0']")
    page.keyboard.press("Space")
    assert page.is_checked("input[name=session_weekdays][value='0']")
    follow(page, "main form button[type=submit]")

    # Back on the start form: the new group, the only one that fits, is chosen; the arrow keys move
    # between the groups a keyboard user can choose.
    assert page.url.endswith(f"/inskrivning/deltagare/{kim.pk}/start/")
    assert page.is_checked("input[name=kind][value=group]")  # the default
    tab_to(page, "input[name=group]")
    assert page.evaluate("() => document.activeElement.checked")
    assert "Tangentgruppen" in page.evaluate("() => document.activeElement.labels[0].innerText")
    follow(page, "main form button[type=submit]")

    episode = Episode.objects.get(participant=kim)
    assert episode.group.name == "Tangentgruppen"
    kim.refresh_from_db()
    assert kim.phase == Phase.GUIDANCE
    assert page.url.split("#")[0].endswith(f"/deltagare/{kim.pk}/")
