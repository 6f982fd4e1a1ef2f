"""The print style: a participant summary prints its content only, and says who printed it."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import login
from tests.fixtures import build_world

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
    for section in ["#core-heading", "#cj-heading", "#consent-heading", "#journal-heading"]:
        assert page.locator(section).is_visible()
    assert page.locator("#consent table").is_visible()

    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    width, height = (round(float(n)) for n in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert (width, height) == (595, 842)  # A4, from @page in print.css
