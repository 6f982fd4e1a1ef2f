"""The print style: a participant summary prints its content only, and says who printed it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from participants.models import Phase
from participants.services.employers import employer_create
from participants.services.programme import internship_start
from tests.browser.conftest import login
from tests.fixtures import build_world
from tests.participants.factories import make_participant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_printed_participant_summary_has_the_content_only_and_a_confidentiality_line(page, live_server):
    world = build_world()
    login(page, live_server, "kommun_vl")
    page.goto(f"{live_server.url}/deltagare/{world.participants['consent_all'].pk}/")
    notice = page.locator(".print-notice")
    assert not notice.is_visible()  # on screen it is not there

    page.emulate_media(media="print")
    for chrome in [".site-header", ".site-footer", ".actions", ".breadcrumbs", ".term-helps", "main form", ".edit-link"]:
        assert not page.locator(chrome).first.is_visible(), f"{chrome} is printed"
    assert notice.is_visible()
    assert notice.inner_text().startswith("Utskrift från Krami av ")
    assert "Sekretess" in notice.inner_text()
    for section in ["#core-heading", "#criminal_justice-heading", "#consent-heading", "#journal-heading"]:
        assert page.locator(section).is_visible()
    assert page.locator("#consent table").is_visible()

    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    width, height = (round(float(n)) for n in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert (width, height) == (595, 842)  # A4, from @page in print.css


def test_the_programme_and_the_intake_record_print_without_their_buttons(page, live_server):


    world = build_world()
    today = timezone.localdate()
    owner = world.users["kommun_vagledare"]
    nora = make_participant(unit=world.unit, handler=owner, first_name="Nora", last_name="Utskrift",
                            phase=Phase.GUIDANCE, phase_since=today - timedelta(days=30))
    employer = employer_create(unit=world.unit, by=owner, name="Älvstadens Storkök AB")
    internship_start(participant=nora, employer=employer, by=owner, start_date=today - timedelta(days=5),
                     planned_end_date=today + timedelta(days=55), supervisor_name="Cecilia Nord")
    login(page, live_server, "kommun_vl")
    page.emulate_media(media="print")

    page.goto(f"{live_server.url}/deltagare/{nora.pk}/")
    assert page.locator(".print-notice").is_visible()
    assert page.locator("#programme-heading").is_visible()
    assert page.locator("[data-phase-timeline]").is_visible()
    assert "Älvstadens Storkök AB" in page.locator("#programme").inner_text()
    buttons = page.locator("#programme a.button, #programme button, main a.button")
    assert all(not buttons.nth(i).is_visible() for i in range(buttons.count()))
    # A wide table is not cut off at the paper's edge: its box neither scrolls nor clips.
    overflow = page.evaluate("() => [...document.querySelectorAll('.table-wrap')].map(w => getComputedStyle(w).overflowX)")
    assert set(overflow) <= {"visible"}

    # The former intake page is the case page now: its folded sections print open, the path with them.
    page.goto(f"{live_server.url}/inskrivning/deltagare/{nora.pk}/")
    assert page.url.endswith(f"/deltagare/{nora.pk}/#intake")
    assert page.locator("#path").is_visible() and page.locator("#eligibility").is_visible()
    assert page.locator("#journal .empty").is_visible()  # a folded section's content
    assert page.locator(".print-notice").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert page.locator("h1").is_visible()
    buttons = page.locator("main a.button, main button")
    assert all(not buttons.nth(i).is_visible() for i in range(buttons.count()))
    assert page.pdf(prefer_css_page_size=True).startswith(b"%PDF")
