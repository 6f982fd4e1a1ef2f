"""The national view's status matrix (issue 17, item 2): each unit against each of its targets, the
status in words as its dashboard shows it, sortable by status, no status from a hidden figure; and a
small chart per unit of its occupancy against its target."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import Agreement, InflowMeasure, InflowTarget, OutcomeDenominator
from agreements.rules import OutcomeStudies
from krami.models import Role
from krami.services import membership_grant
from reporting.assemble import dashboard_for
from reporting.national import national_view
from reporting.periods import month_period, quarter_period
from reporting.snapshots import months_close
from tests.agreements.factories import stockholm_like
from tests.krami.factories import staff
from tests.reporting.helpers import Team
from tests.reporting.test_dashboard_views import hold_march

pytestmark = pytest.mark.django_db
MARCH = month_period(date(2026, 3, 1))
URL = reverse("reporting:national")

# March 2026, for a target of work or full-time studies of all exits (seeds/003): 25 exits, 15 of
# them to work or full-time studies (60 %), none to unspecified studies; every count is 0 or 5+.
FULL_TIME_EXITS = (
    *(("work", True),) * 5, *(("studies_full_time", True),) * 5, *(("moved", True),) * 5,
    *(("work", False),) * 5, *(("moved", False),) * 5,
)


@pytest.fixture
def nsg():
    return staff(role=Role.NSG)


def close(*teams, month=date(2026, 3, 1)):
    months_close(units=[t.unit for t in teams], months=[month], by={t.unit.pk: t.styrgrupp for t in teams})


def targets(team, *, occupancy=80, outcome=60, denominator=OutcomeDenominator.COMPLETED_PROGRAMME,
            studies=OutcomeStudies.ANY) -> Agreement:
    agreement = stockholm_like(unit=team.unit, year=2026, occupancy_target=occupancy)
    Agreement.objects.filter(pk=agreement.pk).update(
        outcome_target_percent=Decimal(outcome), outcome_denominator=denominator, outcome_studies=studies)
    return agreement


def matrix_of(view):
    return {row.unit.name: {c.column: c for c in row.cells} for row in view.matrix.rows}


def matrix_order(html: str) -> list[str]:
    """The ids of the units in the matrix's rows, in page order."""
    body = html.split('id="table-matrix"')[1].split("</table>")[0]
    return re.findall(r'<tr data-unit="(\d+)">', body)


def test_each_unit_against_each_target_as_its_dashboard_shows_it():
    a, b = Team("Krami A"), Team("Krami B")
    targets(a)  # 80 active, 60 % of the completers
    agreement = targets(b, occupancy=20)
    InflowTarget.objects.create(agreement=agreement, measure=InflowMeasure.ENROLLED, minimum=73)
    hold_march(a)
    hold_march(b)
    close(a, b)
    cells = matrix_of(national_view(units=[a.unit, b.unit], period=MARCH))
    assert [c.column for c in cells["Krami A"].values()] == ["occupancy", "started", "outcome"]
    assert (cells["Krami A"]["occupancy"].text, cells["Krami A"]["occupancy"].status) == ("25 of 80", "below")
    assert (cells["Krami B"]["occupancy"].text, cells["Krami B"]["occupancy"].status) == ("25 of 20", "met")
    assert (cells["Krami A"]["outcome"].text, cells["Krami A"]["outcome"].status) == ("66.7 % of 60 %", "met")
    assert cells["Krami A"]["outcome"].detail == "of completers"
    assert cells["Krami A"]["started"].note == "No target"
    # 73 a year is 6.2 for March (31 of 365 days); nobody started in March.
    assert (cells["Krami B"]["started"].text, cells["Krami B"]["started"].status) == ("0 of 6.2", "below")
    for team in (a, b):
        dashboard = {h.definition: h.status for h in dashboard_for(unit=team.unit, period=MARCH).headlines if h.status}
        shown = cells[team.unit.name]
        assert dashboard["occupancy"] == shown["occupancy"].status
        assert dashboard["outcomes"] == shown["outcome"].status
        assert dashboard.get("funnel", "") == shown["started"].status


def test_a_target_of_work_or_full_time_studies_is_compared_with_its_own_share():
    """The national view read only the columns' counts from the snapshots: a target of work or
    full-time studies (Trollhättan, seeds/003) was compared with 0 % and said "below"."""
    team = Team("Krami Trollhättan")
    targets(team, outcome=50, denominator=OutcomeDenominator.ALL_CLOSED, studies=OutcomeStudies.FULL_TIME)
    for outcome, completed in FULL_TIME_EXITS:
        team.closed(date(2025, 11, 3), date(2026, 3, 16), outcome, completed=completed)
    close(team)
    view = national_view(units=[team.unit], period=MARCH)
    row = view.table.rows[0]
    assert row.cells[-1].text == "Target met"  # 60.0 % of all exits against 50 %
    outcome = matrix_of(view)["Krami Trollhättan"]["outcome"]
    assert (outcome.text, outcome.status, outcome.detail) == ("60.0 % of 50 %", "met", "work or full-time studies, of all exits")
    headline = next(h for h in dashboard_for(unit=team.unit, period=MARCH).headlines if h.definition == "outcomes")
    assert (headline.cell.text, headline.status) == ("60.0 %", "met")


def test_a_hidden_figure_gives_no_status_and_a_unit_not_closed_says_so():
    """Two exits of completers in March: the unit's active participants (2) and its outcome rate
    are hidden, and so is any status from them (it would say which side of the target the x is)."""
    small, late = Team("Krami Liten"), Team("Krami Sen")
    targets(small)
    targets(late)
    small.closed(date(2026, 1, 5), date(2026, 3, 10), "work", True)
    small.closed(date(2026, 1, 5), date(2026, 3, 11), "work", True)
    hold_march(late)
    close(small)
    view = national_view(units=[small.unit, late.unit], period=MARCH)
    cells = matrix_of(view)
    occupancy, outcome = cells["Krami Liten"]["occupancy"], cells["Krami Liten"]["outcome"]
    assert (occupancy.text, occupancy.status, occupancy.note) == ("x of 80", "", "no status")
    assert (outcome.text, outcome.status, outcome.note) == ("x of 60 %", "", "no status")
    assert [h.status for h in dashboard_for(unit=small.unit, period=MARCH).headlines if h.definition != "keeping"] == ["", ""]
    assert all((c.text, c.status, c.note) == ("", "", "not closed") for c in cells["Krami Sen"].values())
    assert view.table.rows[0].cells[-1].text == "x"  # the detailed table's status: hidden, not "no target"
    quarter = national_view(units=[small.unit, late.unit], period=quarter_period(2026, 1))
    outcome = matrix_of(quarter)["Krami Liten"]["outcome"]
    assert (outcome.text, outcome.status, outcome.note) == ("x of 60 %", "", "no status")


def test_sorted_by_status_units_below_a_target_first(client, nsg):
    names = ("Krami A", "Krami B", "Krami C", "Krami D")
    teams = {n: Team(n) for n in names}
    targets(teams["Krami A"], occupancy=20)  # 25 of 20 met, 66.7 % of 60 % met
    targets(teams["Krami B"], occupancy=80, outcome=70)  # below, within 5 points
    targets(teams["Krami C"], occupancy=80)  # below, met
    targets(teams["Krami D"], occupancy=20, outcome=80)  # met, below
    for team in teams.values():
        hold_march(team)
    close(*teams.values())
    client.force_login(nsg)
    ids = {str(t.unit.pk): n for n, t in teams.items()}
    by_name = client.get(URL + "?period=2026-03").content.decode()
    assert [ids[i] for i in matrix_order(by_name)] == ["Krami A", "Krami B", "Krami C", "Krami D"]
    page = client.get(URL + "?period=2026-03&sortera=status")
    assert page.status_code == 200
    # B: one below and one within 5 points; C and D one below each (by name); A meets both.
    assert [ids[i] for i in matrix_order(page.content.decode())] == ["Krami B", "Krami C", "Krami D", "Krami A"]
    assert 'aria-current="true">by status' in page.content.decode()


@pytest.mark.parametrize("value", ["", "STATUS", "status'--", "status%00", "<script>", "namn", "x" * 500, "st%C3%A4tus"])
def test_an_unknown_order_answers_with_the_units_by_name(client, nsg, value):
    a, b = Team("Krami A"), Team("Krami B")
    targets(a, occupancy=20)
    targets(b)
    hold_march(a)
    hold_march(b)
    close(a, b)
    client.force_login(nsg)
    page = client.get(URL + f"?period=2026-03&sortera={value}")
    assert page.status_code == 200
    assert matrix_order(page.content.decode()) == [str(a.unit.pk), str(b.unit.pk)]
    repeated = client.get(URL + "?period=2026-03&sortera=status&sortera=x")
    assert matrix_order(repeated.content.decode()) == [str(a.unit.pk), str(b.unit.pk)]


def test_a_unit_name_links_to_its_dashboard_only_for_who_may_open_it(client, nsg):
    a, b = Team("Krami A"), Team("Krami B")
    for team in (a, b):
        targets(team)
        hold_march(team)
    close(a, b)
    dashboard_a = reverse("reporting:unit", args=[a.unit.pk])
    dashboard_b = reverse("reporting:unit", args=[b.unit.pk])
    client.force_login(nsg)
    page = client.get(URL + "?period=2026-03").content.decode()
    assert dashboard_a not in page and dashboard_b not in page  # NSG as such opens no unit dashboard
    assert client.get(dashboard_a + "?period=2026-03").status_code == 404
    membership_grant(user=nsg, role=Role.STYRGRUPP, organisation=a.unit.parties.get(kind="kommun"), unit=a.unit)
    client.force_login(nsg)
    page = client.get(URL + "?period=2026-03").content.decode()
    assert f'href="{dashboard_a}?period=2026-03"' in page and dashboard_b not in page
    assert client.get(dashboard_a + "?period=2026-03").status_code == 200


def test_small_multiples_one_chart_per_unit_with_a_gap_for_a_hidden_month(client, nsg):
    big, small = Team("Krami Stor"), Team("Krami Liten")
    targets(big)
    targets(small)
    hold_march(big)
    small.closed(date(2026, 1, 5), date(2026, 3, 10), "work", True)
    small.closed(date(2026, 1, 5), date(2026, 3, 11), "work", True)
    close(big, small)
    view = national_view(units=[small.unit, big.unit], period=MARCH)
    charts = {m.unit.name: m for m in view.multiples}
    assert list(charts) == ["Krami Liten", "Krami Stor"]
    big_rows = {month: (cell.text, target) for month, cell, target in charts["Krami Stor"].rows}
    assert big_rows["2026-03"] == ("25", "80") and big_rows["2025-11"] == ("25", "–")  # no agreement in 2025
    small_rows = {month: cell for month, cell, _target in charts["Krami Liten"].rows}
    assert small_rows["2026-03"].hidden and small_rows["2026-03"].text == "x"
    svg = str(charts["Krami Liten"].chart)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    # A shown month is a point; a hidden one is marked x and not drawn; a month not closed is blank.
    hidden = sum(1 for cell in small_rows.values() if cell.hidden)
    shown = sum(1 for cell in small_rows.values() if cell.value is not None)
    assert hidden >= 1
    assert svg.count("<circle") == shown and svg.count(">x</text>") == hidden
    client.force_login(nsg)
    page = client.get(URL + "?period=2026-03").content.decode()
    assert page.count('class="multiple"') == 2 and "Figures for Krami Liten" in page


def test_without_a_period_the_view_opens_on_the_last_closed_month(client, nsg):
    """The view opened on the last complete month, which the units had not closed yet (they close
    it during the month after; the demo closes up to the month before): every cell said "–"."""
    a, b = Team("Krami A"), Team("Krami B")
    for team in (a, b):
        targets(team)
        hold_march(team)
    close(a, b)
    client.force_login(nsg)
    page = client.get(URL).content.decode()
    assert "All units, 2026-03" in page
    assert matrix_order(page) == [str(a.unit.pk), str(b.unit.pk)]
    assert page.count('class="badge badge--below"') == 2 and page.count('class="badge badge--met"') == 2
    assert "not closed" not in page.split('id="table-matrix"')[1].split("</table>")[0]
