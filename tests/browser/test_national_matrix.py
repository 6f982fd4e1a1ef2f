"""In the browser at 1280×900: NSG sees every unit's status per target without scrolling sideways
(issue 17: the national view had 13 columns, and the occupancy target, the outcome target and the
status were off-screen at 1280 px)."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from agreements.models import InflowMeasure, InflowTarget
from krami.models import Role
from reporting.snapshots import months_close
from tests.agreements.factories import stockholm_like
from tests.browser.conftest import log_in_with_session
from tests.krami.factories import staff
from tests.reporting.helpers import Team
from tests.reporting.test_dashboard_views import hold_march

# Long names, as real units have them; one with an inflow target of each kind, so that every column shows.
UNITS = ("Krami Trollhättan Vänersborg", "Krami Malmö (kvinnor)", "Krami Stockholm", "Krami Helsingborg")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_units_status_per_target_is_visible_at_1280_without_sideways_scrolling(page, live_server):
    teams = [Team(name) for name in UNITS]
    for i, team in enumerate(teams):
        agreement = stockholm_like(unit=team.unit, year=2026, occupancy_target=(20, 80, 25, 30)[i])
        if i == 0:
            InflowTarget.objects.create(agreement=agreement, measure=InflowMeasure.INTERVIEWED, minimum=50)
            InflowTarget.objects.create(agreement=agreement, measure=InflowMeasure.ENROLLED, minimum=35)
        hold_march(team)
    months_close(units=[t.unit for t in teams[:3]], months=[date(2026, 3, 1)], by={t.unit.pk: t.styrgrupp for t in teams})
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "sv", "url": live_server.url}])
    log_in_with_session(page, live_server, staff(role=Role.NSG))
    page.goto(f"{live_server.url}{reverse('reporting:national')}?period=2026-03")

    rows = page.locator("#table-matrix tbody tr")
    assert rows.count() == len(UNITS)
    columns = page.locator("#table-matrix thead th").count() - 1
    assert columns == 4  # active participants, interviewed, started, to work or studies
    cells = page.locator("#table-matrix .matrix__cell")
    assert cells.count() == len(UNITS) * columns
    for i in range(cells.count()):
        cell = cells.nth(i)
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, f"{cell.inner_text()!r} ends at {box['x'] + box['width']:.0f} px"
        assert cell.inner_text().strip(), "every cell says something: a status, no target, no status, not closed"
    badges = page.locator("#table-matrix .badge")
    assert badges.count() >= 6
    for i in range(badges.count()):
        assert badges.nth(i).inner_text() in ("Målet nått", "Inom 5 procentenheter från målet", "Under målet")
        box = badges.nth(i).bounding_box()
        assert box["x"] + box["width"] <= 1280
    assert page.locator("#table-matrix").get_by_text("inte stängd").count() == columns  # Krami Helsingborg
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    wrap = page.locator("#table-matrix").locator("xpath=..")
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth"), "the matrix scrolls sideways in its own box"

    page.get_by_role("link", name="efter status, enheter under ett mål först").click()
    page.wait_for_load_state()
    first = page.locator("#table-matrix tbody tr").first
    assert first.locator(".badge--below").count() >= 1
    assert "sortera=status" in page.url
