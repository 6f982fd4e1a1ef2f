"""Browser journey (Playwright, Debian's Chromium): a vägledare registers an employer, starts an
internship for a participant, records employment, and reads the phase timeline."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from participants.models import Phase
from tests.browser.keyboard import choose_in_autocomplete
from tests.participants.factories import make_participant

PASSWORD = "ett-langt-losenord-2026"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_employer_internship_employment_and_timeline(page, live_server, world):
    today = timezone.localdate()
    vagledare = world.users["kommun_vagledare"]
    participant = make_participant(unit=world.unit, handler=vagledare, first_name="Nora", last_name="Praktiksson",
                                   phase=Phase.GUIDANCE, phase_since=today - timedelta(days=30))

    page.goto(f"{live_server.url}/konto/logga-in/")
    page.fill("#id_username", vagledare.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")

    # 1. Register an employer from the menu.
    page.get_by_role("link", name="Employers").click()
    page.get_by_role("link", name="Register an employer").click()
    page.fill("#id_name", "Älvstadens Storkök AB")
    page.fill("#id_organisation_number", "556036-0794")  # a typo in the check digit
    page.fill("#id_contact_person", "Hamid Karimi")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".error-summary").is_visible()
    assert "The check digit does not match" in page.locator(".error-summary").inner_text()
    assert page.input_value("#id_contact_person") == "Hamid Karimi"  # the input is kept
    page.fill("#id_organisation_number", "556036-0793")
    page.get_by_role("button", name="Save").click()
    assert page.locator("h1").inner_text() == "Älvstadens Storkök AB"

    # 2. Start an internship for the participant.
    page.goto(f"{live_server.url}/deltagare/{participant.pk}/")
    page.get_by_role("link", name="Start an internship").first.click()  # the case page's next action
    choose_in_autocomplete(page, "#id_employer", "Storkök", "Älvstadens Storkök AB")
    page.fill("#id_start_date", (today - timedelta(days=10)).isoformat())
    page.fill("#id_planned_end_date", (today + timedelta(days=50)).isoformat())
    page.fill("#id_supervisor_name", "Cecilia Nord")
    page.check("#id_wage_subsidy")
    page.get_by_role("button", name="Start internship").click()
    assert "is now in the phase “Internship (praktik)”" in page.locator(".messages").inner_text()
    assert page.locator("h1 .badge").inner_text() == "Internship (praktik)"

    # 3. Record employment at the same employer.
    page.get_by_role("link", name="Record employment").first.click()
    choose_in_autocomplete(page, "#id_employer", "Älvstadens", "Älvstadens Storkök AB")
    page.select_option("#id_employment_type", value="fixed_term")
    page.select_option("#id_subsidy", value="wage_subsidy")
    page.fill("#id_start_date", today.isoformat())
    page.get_by_role("button", name="Record employment").click()
    assert page.locator("h1 .badge").inner_text() == "Work or studies with support"

    # 4. The timeline: 20 days of guidance, 10 of internship, the job from today.
    rows = page.locator("[data-phase-timeline] tbody tr")
    assert rows.count() == 3
    cells = [rows.nth(i).locator("th, td").all_inner_texts() for i in range(3)]
    assert [(c[0], c[3]) for c in cells] == [
        ("Guidance course", "20"),
        ("Internship (praktik)", "10"),
        ("Work or studies with support", "0"),
    ]
    assert cells[1][2] == today.isoformat() and cells[2][2] == "ongoing"
    # The internship ended the day before the job started.
    internships = page.locator("#programme table").nth(1).inner_text()
    assert (today - timedelta(days=1)).isoformat() in internships
    if os.environ.get("KRAMI_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["KRAMI_SCREENSHOTS"], "programme.png"), full_page=True)
