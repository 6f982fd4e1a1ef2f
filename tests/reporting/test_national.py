"""The national view: every unit side by side, country totals, no unit's small count recoverable."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from krami.models import Role
from reporting.national import national_view
from reporting.periods import month_period
from reporting.suppression import Constraint, recoverable
from tests.krami.factories import staff
from tests.reporting.helpers import Team
from tests.reporting.test_dashboard_views import hold_march

pytestmark = pytest.mark.django_db
MARCH = month_period(date(2026, 3, 1))


@pytest.fixture
def nsg():
    return staff(role=Role.NSG)


def test_units_side_by_side_with_country_totals(client, nsg):
    a, b = Team("Krami A"), Team("Krami B")
    hold_march(a)
    hold_march(b)
    view = national_view(units=[a.unit, b.unit], period=MARCH)
    rows = {row.label: row for row in view.table.rows}
    assert [c.text for c in rows["Krami A"].cells[3:5]] == ["10", "6"]
    assert [c.text for c in rows["All units"].cells[3:5]] == ["20", "12"]
    assert rows["All units"].cells[8].value == 75  # 12 of 16 completers
    client.force_login(nsg)
    page = client.get(reverse("reporting:national") + "?manad=2026-03").content.decode()
    assert "Krami A" in page and "Krami B" in page and "All units" in page


def test_a_unit_with_few_exits_cannot_be_worked_out_from_the_country_total():
    big, small = Team("Krami Stor"), Team("Krami Liten")
    hold_march(big)
    small.closed(date(2026, 1, 5), date(2026, 3, 10), "work", True)
    small.closed(date(2026, 1, 5), date(2026, 3, 11), "work", True)
    view = national_view(units=[big.unit, small.unit], period=MARCH)
    rows = {row.label: row for row in view.table.rows}
    exits = [rows[name].cells[3] for name in ("Krami Stor", "Krami Liten", "All units")]
    assert exits[1].hidden
    assert exits[0].hidden or exits[2].hidden  # else 12 − 10 = 2
    values = {"big": 10, "small": 2, "total": 12}
    shown = {k for k, c in zip(values, exits, strict=True) if c.hidden}
    assert recoverable(values, [Constraint("total", ("big", "small"))], shown) == set()


def test_nsg_only_and_a_fixed_number_of_queries(client, nsg):
    units = [Team(f"Krami {n}") for n in range(2)]
    client.force_login(nsg)
    url = reverse("reporting:national") + "?manad=2026-03"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for team in units:
        hold_march(team)
    units.append(Team("Krami Ny"))
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)
    client.force_login(units[0].styrgrupp)
    assert client.get(url).status_code == 404


def test_national_excel(client, nsg):
    team = Team("Krami A")
    hold_march(team)
    client.force_login(nsg)
    book = load_workbook(io.BytesIO(client.get(reverse("reporting:national_xlsx") + "?manad=2026-03").content))
    assert book.sheetnames == ["All units", "Trend", "Definitions"]
    rows = {r[0]: r for r in book["All units"].iter_rows(min_row=2, values_only=True)}
    assert rows["Krami A"][4] == 10
