"""In the browser: a steering-group member opens the dashboard, changes the month, and downloads
the PDF meeting pack and the Excel file (issue 5, "Tests that must exist")."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from agreements.models import InflowMeasure, InflowTarget
from tests.agreements.factories import stockholm_like
from tests.browser.conftest import log_in_with_session, login
from tests.reporting.helpers import Team
from tests.reporting.test_dashboard_views import hold_march


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_styrgrupp_changes_the_month_and_downloads_the_pack_and_excel(page, live_server):
    team = Team("Krami Webbstad")
    stockholm_like(unit=team.unit, year=2026)
    hold_march(team)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    login(page, live_server, team.styrgrupp.username)

    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_role("link", name="Krami Webbstad").click()
    page.fill("#id_period", "2026-03")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_selector("h1:has-text('Results for Krami Webbstad, 2026-03')")
    outcomes = page.locator("#table-outcomes")
    assert "66.7 %" in outcomes.inner_text()  # hold_march: 10 of the 15 completers to work or studies
    assert "Target met" in outcomes.inner_text()

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Meeting pack (PDF)").click()
    assert pdf.value.suggested_filename == "krami-krami-webbstad-2026-03.pdf"
    assert open(pdf.value.path(), "rb").read(4) == b"%PDF"

    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Figures (Excel)").click()
    book = load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read()))
    reasons = {row[0]: row[1] for row in book["Exit reasons"].iter_rows(min_row=2, values_only=True)}
    assert reasons["All exits"] == 25


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_headline_figure_and_its_status_is_on_the_first_screen_at_1280_by_900(page, live_server):
    """Issue 17: the summary started at 904 px, below the period picker, the downloads and the
    close button; the steering group's question (are we meeting our targets?) took scrolling."""
    team = Team("Krami Webbstad")
    agreement = stockholm_like(unit=team.unit, year=2026)
    InflowTarget.objects.create(agreement=agreement, measure=InflowMeasure.ENROLLED, minimum=50)
    InflowTarget.objects.create(agreement=agreement, measure=InflowMeasure.INTERVIEWED, minimum=80)
    hold_march(team)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "sv", "url": live_server.url}])
    log_in_with_session(page, live_server, team.styrgrupp)
    page.goto(f"{live_server.url}{reverse('reporting:unit', args=[team.unit.pk])}?period=2026-03")
    headlines = page.locator(".headline")
    assert headlines.count() == 5  # occupancy, interviewed, started, the outcome rate, still working at 6 months
    for i in range(headlines.count()):
        headline = headlines.nth(i)
        box = headline.bounding_box()
        assert box["y"] + box["height"] <= 900, f"{headline.inner_text()!r} ends at {box['y'] + box['height']:.0f} px"
    statuses = page.locator(".headline__status")
    assert statuses.count() == 4
    for i in range(statuses.count()):
        assert statuses.nth(i).inner_text() in ("Målet nått", "Inom 5 procentenheter från målet", "Under målet")
        box = statuses.nth(i).bounding_box()
        assert box["y"] + box["height"] <= 900
    assert page.locator("#summary-heading").bounding_box()["y"] < page.locator("#period-heading").bounding_box()["y"]
