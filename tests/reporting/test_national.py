"""The national view: every unit's closed months side by side, country totals, and no unit's
small count recoverable from the totals (also not with the unit's own dashboard beside them)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from krami.models import Role
from reporting.assemble import dashboard_for
from reporting.national import national_view
from reporting.periods import half_period, month_period, quarter_period, year_period
from reporting.snapshots import months_close
from tests.krami.factories import staff
from tests.reporting.helpers import Team
from tests.reporting.test_dashboard_views import MARCH_EXITS, hold_march

pytestmark = pytest.mark.django_db
MARCH = month_period(date(2026, 3, 1))


@pytest.fixture
def nsg():
    return staff(role=Role.NSG)


def close(*teams, month=date(2026, 3, 1)):
    months_close(units=[t.unit for t in teams], months=[month], by={t.unit.pk: t.styrgrupp for t in teams})


def test_units_side_by_side_with_country_totals(client, nsg):
    a, b = Team("Krami A"), Team("Krami B")
    hold_march(a)
    hold_march(b)
    close(a, b)
    view = national_view(units=[a.unit, b.unit], period=MARCH)
    rows = {row.label: row for row in view.table.rows}
    assert [c.text for c in rows["Krami A"].cells[3:5]] == ["25", "15"]
    assert [c.text for c in rows["All units"].cells[3:5]] == ["50", "30"]
    assert rows["All units"].cells[8].value == Decimal("66.7")  # 20 of 30 completers
    client.force_login(nsg)
    page = client.get(reverse("reporting:national") + "?period=2026-03").content.decode()
    assert "Krami A" in page and "Krami B" in page and "All units" in page


def test_a_unit_that_has_not_closed_the_period_waits_and_so_do_the_totals(client, nsg):
    a, b = Team("Krami A"), Team("Krami B")
    hold_march(a)
    hold_march(b)
    close(a)
    view = national_view(units=[a.unit, b.unit], period=MARCH)
    rows = {row.label: row for row in view.table.rows}
    assert rows["Krami A"].cells[3].text == "25"
    assert rows["Krami B"].cells[0].text == "not closed"
    assert rows["All units"].cells[3].text == "–"
    assert view.not_closed == [b.unit]


def test_national_less_one_unit_gives_nothing_hidden():
    """The issue's attack: the country's total less one unit's own (visible) figure is the other
    unit's figure. A total is shown only when every unit's cell is, so the attack finds no hidden
    cell, with the national view or with the unit's dashboard."""
    big, small = Team("Krami Stor"), Team("Krami Liten")
    hold_march(big)
    small.closed(date(2026, 1, 5), date(2026, 3, 10), "work", True)
    small.closed(date(2026, 1, 5), date(2026, 3, 11), "work", True)
    close(big, small)
    for period in (MARCH, quarter_period(2026, 1)):
        view = national_view(units=[big.unit, small.unit], period=period)
        rows = {row.label: row for row in view.table.rows}
        for column in range(7):
            small_cell, total = rows["Krami Liten"].cells[column], rows["All units"].cells[column]
            if small_cell.hidden:
                assert total.hidden, (period.slug, column)
        assert rows["Krami Liten"].cells[3].hidden  # 2 exits
        own = dashboard_for(unit=big.unit, period=period).tables["exit_reasons"].rows[-1].cells[0]
        assert not own.hidden and rows["All units"].cells[3].hidden


def test_a_unit_row_shows_the_cells_of_its_dashboard():
    a, b = Team("Krami A"), Team("Krami B")
    hold_march(a)
    b.closed(date(2026, 1, 5), date(2026, 3, 10), "work", True)
    for _ in range(6):
        b.closed(date(2026, 1, 5), date(2026, 3, 12), "moved", False)
    close(a, b)
    for team in (a, b):
        for period in (MARCH, quarter_period(2026, 1)):
            national = {row.label: row for row in national_view(units=[a.unit, b.unit], period=period).table.rows}[team.unit.name]
            d = dashboard_for(unit=team.unit, period=period)
            outcomes = d.tables["outcomes"].rows
            assert [c.text for c in national.cells[3:7]] == [c.text for c in (*outcomes[0].cells[:2], *outcomes[1].cells[:2])]


def test_nsg_only_and_a_fixed_number_of_queries(client, nsg):
    units = [Team(f"Krami {n}") for n in range(2)]
    for team in units:
        hold_march(team)
    close(*units)
    client.force_login(nsg)
    url = reverse("reporting:national") + "?period=2026-03"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    units.append(Team("Krami Ny"))
    hold_march(units[-1])
    close(units[-1])
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)
    client.force_login(units[0].styrgrupp)
    assert client.get(url).status_code == 404


def test_national_excel(client, nsg):
    team = Team("Krami A")
    hold_march(team)
    close(team)
    client.force_login(nsg)
    book = load_workbook(io.BytesIO(client.get(reverse("reporting:national_xlsx") + "?period=2026-03").content))
    assert book.sheetnames == ["Contents", "All units", "Trend by unit", "Definitions"]
    rows = {r[0]: r for r in book["All units"].iter_rows(min_row=2, values_only=True)}
    assert rows["Krami A"][4] == 25


@pytest.mark.parametrize("period", [year_period(2025), half_period(2025, 1), quarter_period(2025, 1)], ids=lambda p: p.slug)
def test_a_longer_period_adds_up_its_months_and_reads_its_own_decisions(client, nsg, period):
    """A year's decisions are stored under "2025": a key that reads like a number is still a key
    (the view reads only the decisions it needs from each snapshot, issue 19)."""
    a, b = Team("Krami A"), Team("Krami B")
    for team in (a, b):
        for outcome, completed in MARCH_EXITS:
            team.closed(date(2024, 11, 3), date(2025, 3, 16), outcome, completed=completed)
    months = [date(2024, 11, 1), date(2024, 12, 1), *(date(2025, m, 1) for m in range(1, 13))]
    for month in months:
        close(a, b, month=month)
    view = national_view(units=[a.unit, b.unit], period=period)
    rows = {row.label: row for row in view.table.rows}
    assert view.not_closed == []
    assert [c.text for c in rows["Krami A"].cells[3:5]] == ["25", "15"]
    assert [c.text for c in rows["All units"].cells[3:5]] == ["50", "30"]
    assert rows["All units"].cells[8].value == Decimal("66.7")  # 20 of 30 completers
