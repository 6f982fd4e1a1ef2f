"""Closed months are read from their snapshots: the figures and the protection are the ones the
live computation gives for the same data, month by month, and reading them costs a fixed number
of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import AgreementStatus
from intake.models import DrugTest, DrugTestResult
from krami.models import AuditEvent, Gender
from participants.models import Phase, PhaseChange
from reporting.assemble import dashboard_for
from reporting.models import MonthSnapshot
from reporting.national import national_view
from reporting.periods import month_period, quarter_period
from reporting.selectors import to_json, unit_figures
from reporting.snapshots import months_close
from scale.bench.plans import first_table
from tests.agreements.factories import add_cost, stockholm_like
from tests.krami.factories import MunicipalityFactory
from tests.reporting.helpers import Team

pytestmark = pytest.mark.django_db

MONTHS = [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
# Closing March closes every month from the first with figures: the first interviews, in September.
CLOSED = 7
OUTCOMES = ("work", "studies", "moved", "work_subsidy", "dropped_out", "drug_test")


def history(team: Team, size: int) -> None:
    """Half a year of a unit's life: starts and exits in every month, interviews and assessments
    before the starts, follow-ups, drug tests, phase changes, costs under two agreements, and
    residents of a municipality outside the agreement on purchased places (one re-enrolled)."""
    for year in (2025, 2026):
        agreement = stockholm_like(unit=team.unit, year=year, status=AgreementStatus.ACTIVE)
        for month in (1, 2, 3, 11, 12):
            add_cost(agreement, month=date(year, month, 1), category="Driftskostnader", amount=1000 * month + size,
                     paid_by_kind="kv" if month % 2 else "kommun")
    elsewhere = MunicipalityFactory(name=f"Köpkommun {team.unit.pk}")
    for i in range(size):
        started = date(2025, 10, 6) + timedelta(days=11 * i)
        ended = started + timedelta(days=35 + 23 * (i % 6)) if i % 3 else None
        outside = {"municipality": elsewhere} if i % 4 == 0 else {}
        person = team.person(gender=(Gender.MAN, Gender.WOMAN)[i % 2], born=date(1970 + 3 * i % 40, 1 + i % 12, 1),
                             phase_since=started - timedelta(days=30), **outside)
        team.interview(person, started - timedelta(days=20))
        team.assess(person, started - timedelta(days=10))
        episode = team.enrol(person, started, ended, OUTCOMES[i % len(OUTCOMES)] if ended else "", completed=bool(i % 2))
        for on, phase in ((started - timedelta(days=10), Phase.QUEUED), (started, Phase.GUIDANCE)):
            PhaseChange.objects.create(participant=person, phase=phase, on=on, changed_by=team.worker)
        if ended:
            PhaseChange.objects.create(participant=person, phase=Phase.CLOSED, on=ended, changed_by=team.worker)
            due = ended + timedelta(days=91)
            team.follow_up(episode, 3, due, result="working" if i % 2 else "", checked=due if i % 2 else None)
        if i % 4 == 0:
            DrugTest.objects.create(
                participant=person, owner_organisation=team.worker.staff_profile.organisation, referred_on=started + timedelta(days=5),
                reason="Rutin", referred_by=team.worker, result=DrugTestResult.NEGATIVE, result_on=started + timedelta(days=8),
            )
        if i == 4:  # re-enrolled in February: the count of charged months continues
            team.enrol(person, date(2026, 2, 10))


@pytest.fixture
def two_units():
    teams = [Team("Krami Norr"), Team("Krami Söder")]
    history(teams[0], 14)
    history(teams[1], 7)
    return teams


def close_all(teams) -> int:
    return months_close(units=[t.unit for t in teams], months=MONTHS, by={t.unit.pk: t.styrgrupp for t in teams})


def cells(table) -> list:
    return [(row.label, [(c.text, c.adjustment) for c in row.cells]) for row in table.rows]


def dashboard_cells(d) -> dict:
    return {name: cells(table) for name, table in d.tables.items()}


@pytest.mark.slow
def test_closed_months_read_from_their_snapshots_equal_the_live_computation(two_units):
    """Table-driven over the months: each month's snapshot, and each unit's dashboard of the month
    and of the quarter, are what the live computation gave for the same data before the months
    were closed (the protection too: it is decided in the same order either way)."""
    units = [t.unit for t in two_units]
    periods = [month_period(m) for m in MONTHS] + [quarter_period(2025, 4), quarter_period(2026, 1)]
    live = {
        period: (
            {u.pk: unit_figures(unit=u, period=period) for u in units} if period.is_month else None,
            [dashboard_cells(dashboard_for(unit=u, period=period)) for u in units],
        )
        for period in periods
    }

    assert close_all(two_units) == CLOSED * len(units)

    for period, (figures, dashboards) in live.items():
        label = period.slug
        if figures is not None:
            for unit in units:
                snapshot = MonthSnapshot.objects.get(unit=unit, month=period.start)
                assert snapshot.figures == to_json(figures[unit.pk].values), label
                assert snapshot.labels == {k: {str(i): v for i, v in names.items()} for k, names in figures[unit.pk].labels.items()}, label
        assert [dashboard_cells(dashboard_for(unit=u, period=period)) for u in units] == dashboards, label


def test_the_history_exercises_every_kind_of_figure(two_units):
    """Guard for the test above: equal figures prove little if they are all zero."""
    every = [unit_figures(unit=two_units[0].unit, period=month_period(m)).values for m in MONTHS]
    for values in every:
        assert values["occupancy|active"] >= 5 and values["funnel|started"] + values["outcome|closed"] > 0
    assert any(v.get("places|total|people") and v.get("places|total|amount") for v in every)
    assert all(v["economy|total|split"] > 0 for v in every)
    assert any(k.startswith("phase|") and k.endswith("|n") and n for v in every for k, n in v.items())
    assert any(v.get("keeping|3|answered") for v in every)
    assert any(v.get("drug_tests|referred") for v in every)


def test_data_entered_after_closing_is_marked_beside_the_snapshot(two_units):
    close_all(two_units)
    team = two_units[0]
    march = month_period(date(2026, 3, 1))
    before = national_view(units=[t.unit for t in two_units], period=march)
    frozen = dashboard_for(unit=team.unit, period=march).tables["exit_reasons"].rows[-1].cells[0]
    for _ in range(6):  # exits recorded later, dated in March
        team.closed(date(2025, 12, 1), date(2026, 3, 20), "work", True)
    closed = dashboard_for(unit=team.unit, period=march).tables["exit_reasons"].rows[-1].cells[0]
    assert (frozen.adjustment, closed.text) == ("", frozen.text)
    assert closed.adjustment == "changed after closing"
    after = national_view(units=[t.unit for t in two_units], period=march)
    assert cells(after.table) == cells(before.table)  # the national view shows the frozen month


def test_closing_again_writes_nothing_and_audits_each_snapshot_once(two_units):
    assert close_all(two_units) == 2 * CLOSED
    assert close_all(two_units) == 0
    assert AuditEvent.objects.filter(action="reporting.month_closed").count() == 2 * CLOSED
    event = AuditEvent.objects.filter(action="reporting.month_closed", unit=two_units[1].unit).order_by("pk").first()
    assert (event.user, event.data) == (two_units[1].styrgrupp, {"month": "2025-09"})


def test_months_that_have_not_ended_are_not_closed(two_units):
    this_month = date.today().replace(day=1)
    written = months_close(units=[two_units[0].unit], months=[this_month], by={two_units[0].unit.pk: two_units[0].styrgrupp})
    assert written == 0 and not MonthSnapshot.objects.exists()


def test_the_national_view_of_closed_months_reads_a_fixed_number_of_queries():
    def queries(n_units: int) -> int:
        teams = [Team(f"Krami {n_units}-{i}") for i in range(n_units)]
        for team in teams:
            history(team, 3)
        close_all(teams)
        # the trend's twelve months up to March: close the ones before November too
        earlier = [date(2025, m, 1) for m in range(4, 11)]
        months_close(units=[t.unit for t in teams], months=earlier, by={t.unit.pk: t.styrgrupp for t in teams})
        with CaptureQueriesContext(connection) as captured:
            national_view(units=[t.unit for t in teams], period=month_period(date(2026, 3, 1)))
        return len(captured.captured_queries)

    one, four = queries(1), queries(4)
    assert one == four
    assert one <= 6  # snapshots, their trend, agreements: no figure computed live


def test_a_closed_months_dashboard_reads_a_fixed_number_of_queries(client):
    """Frozen figures, the month again for the changes, the trend: as many statements with one
    person as with six, before and after data arrives for the closed month."""
    team = Team()
    stockholm_like(unit=team.unit, year=2026)
    team.closed(date(2026, 1, 5), date(2026, 3, 10), "work", True)
    months_close(units=[team.unit], months=[date(2026, 3, 1)], by={team.unit.pk: team.styrgrupp})
    client.force_login(team.styrgrupp)
    url = reverse("reporting:unit", args=[team.unit.pk]) + "?period=2026-03"

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one = count()
    for _ in range(5):  # recorded after closing, dated in March: marked as changes
        team.closed(date(2026, 2, 2), date(2026, 3, 12), "studies", False)
    assert count() == one


def test_a_closed_months_dashboard_reads_the_units_agreements_once(client):
    """Issue 19: the dashboard read the unit's agreements five times (its periods twice, the
    period's agreement, the live figures' agreement with its rules, the trend's targets) and the
    cost categories and parties twice (the settlement's terms, the figures' names). Now once each:
    the same agreements serve all of them."""
    team = Team()
    for year in (2025, 2026):
        stockholm_like(unit=team.unit, year=year, status=AgreementStatus.ACTIVE)
    team.closed(date(2026, 1, 5), date(2026, 3, 10), "work", True)
    months_close(units=[team.unit], months=[date(2026, 3, 1)], by={team.unit.pk: team.styrgrupp})
    client.force_login(team.styrgrupp)
    for query in ("manad=2026-03", "period=2026-K1"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reporting:unit", args=[team.unit.pk]) + "?" + query).status_code == 200
        tables = [first_table(q["sql"]) for q in captured.captured_queries]
        assert tables.count("agreements_agreement") == 1, query
        assert tables.count("agreements_inflowtarget") == 1, query
        assert tables.count("agreements_costcategory") == 1, query
