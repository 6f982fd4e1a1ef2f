"""Issue 17, item 1: the dashboard and the start pages open with the headline figures, each with
its target, its status in words and the change since last month and a year ago; a hidden figure
stays "x" there too."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import InflowMeasure, InflowTarget
from krami.models import Role
from reporting.snapshots import month_close
from tests.agreements.factories import stockholm_like
from tests.krami.factories import staff
from tests.reporting.helpers import Team
from tests.reporting.test_dashboard_views import hold_march, open_dashboard

pytestmark = pytest.mark.django_db


def _headline_row(page: str) -> str:
    start = page.index('<ul class="headline-row">')
    return page[start:page.index("</ul>", start)]


def test_the_dashboard_opens_with_the_headline_figures_before_the_period_picker_and_downloads(client):
    team = Team()
    stockholm_like(unit=team.unit, year=2026)
    hold_march(team)
    page = open_dashboard(client, team).content.decode()
    row = page.index('<ul class="headline-row">')
    assert row < page.index('id="period-heading"') < page.index('id="downloads-heading"')
    headlines = _headline_row(page)
    for definition in ("occupancy", "outcomes", "keeping"):
        assert f'data-headline="{definition}"' in headlines
    assert "66.7 %" in headlines and "Target 60 %" in headlines
    assert '<span class="badge badge--met headline__status">Target met</span>' in headlines


def test_an_inflow_target_is_a_headline_with_its_status(client):
    team = Team()
    agreement = stockholm_like(unit=team.unit, year=2026)
    InflowTarget.objects.create(agreement=agreement, measure=InflowMeasure.ENROLLED, minimum=50)
    hold_march(team)
    headlines = _headline_row(open_dashboard(client, team).content.decode())
    assert 'data-headline="funnel"' in headlines
    assert "Target 4.2 of 50 for the period" in headlines  # 50 × 31 days of March ÷ 365 days
    assert "Below the target" in headlines  # nobody started in March


def test_a_hidden_figure_stays_x_in_the_headline_and_has_no_change(client):
    team = Team()
    stockholm_like(unit=team.unit, year=2026)
    team.closed(date(2026, 1, 5), date(2026, 3, 10), "work", True)
    team.closed(date(2026, 1, 5), date(2026, 3, 12), "moved", False)
    response = open_dashboard(client, team)
    occupancy = next(h for h in response.context["d"].headlines if h.definition == "occupancy")
    assert occupancy.cell.text == "x"
    assert (occupancy.status, occupancy.since_month, occupancy.since_year) == ("", "", "")
    headlines = _headline_row(response.content.decode())
    assert '<strong class="headline__figure">x</strong>' in headlines
    assert '<strong class="headline__figure">2</strong>' not in headlines


def test_the_headline_shows_the_change_since_last_month_and_a_year_ago(client):
    team = Team()
    stockholm_like(unit=team.unit, year=2026)
    for _ in range(6):  # active from March 2025: six in March 2025, eleven in February and March 2026
        team.closed(date(2025, 3, 3), date(2026, 3, 20), "work", True)
    for _ in range(5):
        team.closed(date(2026, 2, 2), date(2026, 3, 20), "moved", True)
    for _ in range(5):
        team.closed(date(2026, 3, 2), date(2026, 3, 20), "work", True)
    response = open_dashboard(client, team)
    occupancy = next(h for h in response.context["d"].headlines if h.definition == "occupancy")
    assert occupancy.cell.text == "16"
    assert (occupancy.since_month, occupancy.since_year) == ("+5", "+10")
    assert "+5 since last month; +10 since a year ago" in _headline_row(response.content.decode())


def test_the_steering_groups_start_page_shows_the_headline_figures_and_links_to_the_dashboard(client):
    team = Team()
    stockholm_like(unit=team.unit, year=2026)
    hold_march(team)
    client.force_login(team.styrgrupp)
    page = client.get(reverse("krami:home")).content.decode()
    assert 'id="headlines-heading"' in page
    assert 'data-headline="occupancy"' in page and 'data-headline="outcomes"' in page
    assert f'href="{reverse("reporting:unit", args=[team.unit.pk])}"' in page


def test_nsgs_start_page_shows_each_units_status_per_target_and_links_to_the_national_view(client):
    team = Team()
    stockholm_like(unit=team.unit, year=2026)
    hold_march(team)
    month_close(unit=team.unit, month=date(2026, 3, 1), by=team.styrgrupp)
    nsg = staff(role=Role.NSG)
    client.force_login(nsg)
    page = client.get(reverse("krami:home")).content.decode()
    table = page[page.index('id="table-national-status"'):page.index("</table>", page.index('id="table-national-status"'))]
    assert "Krami Testby" in table and "2026-03" in table
    assert "66.7 %" in table and "Target met" in table
    assert f'href="{reverse("reporting:national")}"' in page
