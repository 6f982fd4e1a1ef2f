"""Issue 17, item 7: the year view. Each month's row is that month's dashboard, the total is the
year's own publication (or, while the year runs, the fixed periods that make it up), a hidden
month stays "x" and the total does not give it away, and the queries do not grow with the data."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.models import InflowMeasure, InflowTarget
from reporting.assemble import dashboard_for
from reporting.periods import ReportPeriod, half_period, month_period, quarter_period, year_period
from reporting.snapshots import months_close
from reporting.year import CLOSED, NOT_ENDED, OPEN, cover, default_year, year_choices, year_view
from tests.agreements.factories import add_cost, stockholm_like
from tests.krami.factories import MunicipalityFactory
from tests.reporting.helpers import Team

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 1)  # 2025 has ended
YEAR = year_period(2025)
EXITS = 6  # exits a month, three of them to work after completing the programme
MARCH_EXITS = 2  # a count of 1–4: hidden, and the total must not give it away


def busy_year(team: Team, *, starts: int = 8) -> None:
    """2025 at a unit with an agreement for the calendar year: `starts` interviewed and started
    each month; six exits a month (two in March) of people who started in December 2024; thirty
    who stay all year, six of them residents of a municipality outside the agreement who started in
    January (purchased places for five months); operating costs paid by the kommun in three months."""
    agreement = stockholm_like(unit=team.unit, year=2025)
    InflowTarget.objects.create(agreement=agreement, measure=InflowMeasure.INTERVIEWED, minimum=100)
    InflowTarget.objects.create(agreement=agreement, measure=InflowMeasure.ENROLLED, minimum=90)
    elsewhere = MunicipalityFactory(name=f"Köpkommun {team.unit.pk}")
    for _ in range(24):
        team.enrol(team.person(), date(2024, 12, 2))
    for _ in range(6):  # charged for January to May
        team.enrol(team.person(municipality=elsewhere), date(2025, 1, 3))
    for month in range(1, 13):
        for i in range(MARCH_EXITS if month == 3 else EXITS):
            to_work = i % 2 == 0
            team.closed(date(2024, 12, 2), date(2025, month, 20), "work" if to_work else "moved", completed=to_work)
        for _ in range(starts):
            person = team.person()
            team.interview(person, date(2025, month, 1))
            team.enrol(person, date(2025, month, 3))
    for month, amount in ((1, 10000), (3, 12000), (11, 8000)):
        add_cost(agreement, month=date(2025, month, 1), category="Driftskostnader", amount=amount, paid_by_kind="kommun")


def close_up_to(team: Team, last: date) -> None:
    months_close(units=[team.unit], months=[date(2024, 12, 1), last], by={team.unit.pk: team.styrgrupp})


def month_row_of_dashboard(d) -> list[str]:
    """What the month's own dashboard shows, read from its tables: active, occupancy target,
    interviewed and its target, started and its target, exits, to work or studies, the share on
    the target's denominator, the outcome target."""
    funnel = {row.label: row for row in d.tables["funnel"].rows}
    target = d.tables["funnel"].columns.index("Inflow target for the period") - 1  # the first column labels the rows
    outcomes = d.tables["outcomes"].rows
    applies = next(row for row in outcomes if row.cells[3].text != "–")
    return [
        d.tables["occupancy_now"].rows[0].cells[0].text, str(d.targets.occupancy_target),
        funnel["Interviewed"].cells[0].text, funnel["Interviewed"].cells[target].text,
        funnel["Started"].cells[0].text, funnel["Started"].cells[target].text,
        outcomes[0].cells[0].text, outcomes[0].cells[1].text, applies.cells[2].text, applies.cells[3].text,
    ]


def test_each_month_row_is_the_months_dashboard_closed_or_not():
    team = Team()
    busy_year(team)
    close_up_to(team, date(2025, 6, 1))  # July to December stay open
    v = year_view(unit=team.unit, period=YEAR, today=TODAY)
    assert [row.state for row in v.people.rows] == [CLOSED] * 6 + [OPEN] * 6
    # Each kind of row against its month's dashboard: the first and the last closed month, the one
    # with hidden cells, the first open month and the last (whose dashboard decides the open chain
    # from July). Every month's dashboard was twelve dashboards and two and a half minutes of CI.
    compared = {"2025-01", "2025-03", "2025-06", "2025-07", "2025-12"}
    for row in (row for row in v.people.rows if row.slug in compared):
        d = dashboard_for(unit=team.unit, period=month_period(date.fromisoformat(f"{row.slug}-01")))
        assert [c.text for c in row.cells] == month_row_of_dashboard(d), row.slug
        parties = {r.label: r.cells[0].text for r in d.tables["economy_split"].rows if not r.total}
        cost_row = next(r for r in v.costs.rows if r.slug == row.slug)
        costs = dict(zip(v.costs.columns, [c.text for c in cost_row.cells], strict=True))
        assert {name: costs[name] for name in parties} == parties, row.slug
    march = next(row for row in v.people.rows if row.slug == "2025-03")
    assert march.cells[6].text == "x"  # 2 exits
    assert v.people.rows[0].cells[2].text == "8"  # interviewed in January
    assert v.people.rows[0].cells[3].text == "8.5 of 100"  # 100 × 31 days ÷ 365


def test_the_total_of_an_ended_year_is_the_years_dashboard():
    team = Team()
    busy_year(team)
    close_up_to(team, date(2025, 12, 1))
    v = year_view(unit=team.unit, period=YEAR, today=TODAY)
    assert (v.counted, v.provisional, v.parts) == (YEAR, False, [YEAR])
    d = dashboard_for(unit=team.unit, period=YEAR)
    assert [c.text for c in v.people.total.cells] == month_row_of_dashboard(d)
    assert [(h.label, h.cell.text, h.status) for h in v.headlines] == [(h.label, h.cell.text, h.status) for h in d.headlines]
    places = dict(zip(v.places.columns, v.places.total.cells, strict=True))
    assert places["People charged"].text == d.tables["places"].rows[-1].cells[0].text == "30"  # 6 people × 5 months
    kommun = team.unit.parties.get(kind="kommun").name
    total = dict(zip(v.costs.columns, v.costs.total.cells, strict=True))
    assert total[kommun].cell.value == Decimal(15000)  # half of the 30 000 of operating costs
    assert total["Total within the split"].cell.value == Decimal(30000)


def _page_rows(page: str, table: str) -> dict[str, list[str]]:
    start = page.index(f'id="table-{table}"')
    body = page[start:page.index("</table>", start)]
    return {
        month: re.findall(r'<td class="num nowrap">(?:<strong>)?([^<]*)', cells)
        for month, cells in re.findall(r'<tr[^>]*data-month="([^"]+)">(.*?)</tr>', body, re.DOTALL)
    }


def _unrevealed(rows: dict[str, list[str]], column: int) -> None:
    """The attacker's sum: the total less every shown month. With months hidden, it must not be a
    count of 1–4 (nor, with one month hidden, that month)."""
    months = {k: v[column] for k, v in rows.items() if k != "total"}
    hidden = [k for k, text in months.items() if text == "x"]
    total = rows["total"][column]
    if total == "x" or not hidden:
        return
    rest = int(total.replace(",", "").replace("\xa0", "")) - sum(
        int(text.replace(",", "").replace("\xa0", "")) for text in months.values() if text not in ("x", "–")
    )
    assert not 1 <= rest <= 4, (column, hidden, rest)


def test_a_hidden_month_stays_x_and_the_year_total_does_not_give_it_away(client):
    team = Team()
    busy_year(team)
    close_up_to(team, date(2025, 12, 1))
    client.force_login(team.styrgrupp)
    page = client.get(reverse("reporting:year", args=[team.unit.pk]) + "?period=2025").content.decode()
    rows = _page_rows(page, "year-figures")
    assert rows["2025-03"][6] == "x"  # exits in March: 2
    for column in (2, 4, 6, 7):  # interviewed, started, exits, to work or studies
        _unrevealed(rows, column)
    # the same with the year still running: the total of January–July is H1 + July
    v = year_view(unit=team.unit, period=YEAR, today=date(2025, 8, 15))
    assert v.parts == [half_period(2025, 1), month_period(date(2025, 7, 1))] and v.provisional
    assert [row.state for row in v.people.rows][7:] == [NOT_ENDED] * 5
    running = {row.slug: [c.text for c in row.cells] for row in v.people.rows if row.state != NOT_ENDED}
    running["total"] = [c.text for c in v.people.total.cells]
    for column in (2, 4, 6, 7):
        _unrevealed(running, column)


def test_the_years_status_is_in_words_and_colour(client):
    """Occupancy above its target, the outcome 2.9 points under its 60 %, no starts against a
    minimum of 90: met, within 5 points, below."""
    team = Team()
    agreement = stockholm_like(unit=team.unit, year=2025, occupancy_target=25)
    InflowTarget.objects.create(agreement=agreement, measure=InflowMeasure.ENROLLED, minimum=90)
    for _ in range(40):
        team.enrol(team.person(), date(2024, 12, 2))
    for _ in range(20):
        team.closed(date(2024, 12, 2), date(2025, 6, 20), "work", completed=True)
    for _ in range(15):
        team.closed(date(2024, 12, 2), date(2025, 11, 20), "moved", completed=True)
    client.force_login(team.styrgrupp)
    page = client.get(reverse("reporting:year", args=[team.unit.pk]) + "?period=2025").content.decode()
    total = page[page.index('data-month="total"'):page.index("</tfoot>")]
    assert "57.1 %" in total
    assert '<span class="badge badge--met">Target met</span>' in total
    assert '<span class="badge badge--near">Within 5 points of the target</span>' in total
    assert '<span class="badge badge--below">Below the target</span>' in total
    assert "Provisional" in page  # its months are not closed


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_queries_of_a_closed_year_do_not_grow_with_the_data_or_the_months(client):
    small, large = Team("Krami Liten"), Team("Krami Stor")
    for team, people in ((small, 1), (large, 3)):
        stockholm_like(unit=team.unit, year=2025)
        for month in range(1, 13):
            for _ in range(people):
                team.closed(date(2024, 12, 2), date(2025, month, 20), "work", True)
    months_close(units=[small.unit, large.unit], months=[date(2024, 12, 1), date(2025, 12, 1)],
                 by={small.unit.pk: small.styrgrupp, large.unit.pk: large.styrgrupp})
    counts = []
    for team in (small, large):
        client.force_login(team.styrgrupp)
        counts.append(_count(client, reverse("reporting:year", args=[team.unit.pk]) + "?period=2025"))
    assert counts[0] == counts[1]
    assert counts[0] <= 20  # twelve closed months: no query per month


def test_the_queries_of_open_months_do_not_grow_with_participants(client):
    team = Team()
    stockholm_like(unit=team.unit, year=2025)
    team.closed(date(2024, 12, 2), date(2025, 3, 10), "work", True)
    client.force_login(team.styrgrupp)
    url = reverse("reporting:year", args=[team.unit.pk]) + "?period=2025"
    one = _count(client, url)
    for _ in range(6):
        team.closed(date(2024, 12, 2), date(2025, 5, 10), "studies", False)
        team.enrol(team.person(), date(2025, 2, 3))
    assert _count(client, url) == one


def test_the_default_is_the_agreement_year_of_the_last_complete_month():
    july = ReportPeriod(date(2025, 7, 1), date(2026, 6, 30), "agreement")
    choices = year_choices(first=date(2024, 3, 1), agreement_periods=[july], today=date(2026, 2, 10))
    assert [p.slug for p in choices] == ["2026", "2025-07..2026-06", "2025", "2024"]
    assert default_year(choices, date(2026, 2, 10)) == july
    assert default_year([year_period(2026)], date(2026, 2, 10)) == year_period(2026)
    assert cover(date(2025, 7, 1), date(2026, 2, 1)) == [
        half_period(2025, 2), month_period(date(2026, 1, 1)), month_period(date(2026, 2, 1)),
    ]
    assert cover(date(2025, 1, 1), date(2025, 9, 1)) == [half_period(2025, 1), quarter_period(2025, 3)]


def test_a_year_the_unit_does_not_have_shows_the_default_and_says_so(client):
    team = Team()
    team.closed(date(2025, 1, 5), date(2025, 3, 10), "work", True)
    client.force_login(team.styrgrupp)
    response = client.get(reverse("reporting:year", args=[team.unit.pk]) + "?period=1999")
    assert response.status_code == 200
    assert response.context["error"].startswith("1999 is not one of this unit's years")
    assert "1999 is not one of this unit&#x27;s years" in response.content.decode()
    assert response.context["period"] == default_year(response.context["choices"], timezone.localdate())


def test_the_dashboard_links_to_the_year_view(client):
    team = Team()
    team.closed(date(2025, 1, 5), date(2025, 3, 10), "work", True)
    client.force_login(team.styrgrupp)
    page = client.get(reverse("reporting:unit", args=[team.unit.pk]) + "?period=2025-03").content.decode()
    assert f'href="{reverse("reporting:year", args=[team.unit.pk])}?period=2025"' in page
