"""The steering group's dashboard as a user sees it: figures, targets, suppression, the month choice."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement, InflowMeasure, InflowTarget
from krami.models import Role
from tests.agreements.factories import stockholm_like
from tests.krami.factories import staff
from tests.reporting.helpers import Team

pytestmark = pytest.mark.django_db
MARCH = "2026-03"


def hold_march(team: Team, closed: int = 10, completers_to_work: int = 6) -> None:
    """The issue's example in March 2026: 10 exits, 6 to work or studies, 8 completed (6 of them to work)."""
    on = date(2026, 3, 16)
    for outcome in ("work", "work_subsidy", "studies", "work", "studies", "work_subsidy")[:completers_to_work]:
        team.closed(date(2025, 11, 3), on, outcome, completed=True)
    for outcome, completed in (("dropped_out", True), ("moved", True), ("drug_test", False), ("illness", False))[: closed - 6]:
        team.closed(date(2025, 11, 3), on, outcome, completed=completed)


def open_dashboard(client, team: Team, query: str = f"manad={MARCH}"):
    client.force_login(team.styrgrupp)
    return client.get(reverse("reporting:unit", args=[team.unit.pk]) + f"?{query}")


def test_outcomes_show_both_denominators_target_and_status(client):
    team = Team()
    stockholm_like(unit=team.unit, year=2026)  # 60 % of those who completed the programme
    hold_march(team)
    page = open_dashboard(client, team).content.decode()
    assert "Results for Krami Testby, 2026-03" in page
    assert "60.0 %" in page  # of all exits
    assert "75.0 %" in page  # of completers: the target's denominator
    assert "Target met" in page
    assert "of closed participants who completed the guidance programme" in page


def test_a_target_of_work_or_full_time_studies_counts_full_time_studies_only(client):
    """Seeds/003: "Minst 50 % av de inskrivna avslutas mot arbete eller heltidsstudier"."""
    team = Team()
    agreement = stockholm_like(unit=team.unit, year=2026)
    Agreement.objects.filter(pk=agreement.pk).update(
        outcome_target_percent=50, outcome_denominator="all_closed", outcome_studies="full_time",
    )
    on = date(2026, 3, 16)
    for outcome in ("work", "work_subsidy", "work", "studies_full_time", "studies_full_time", "studies_part_time",
                    "studies_part_time", "studies", "moved", "dropped_out"):
        team.closed(date(2025, 11, 3), on, outcome, completed=True)
    response = open_dashboard(client, team)
    rows = {row.label: row for row in response.context["d"].tables["outcomes"].rows}
    any_studies, full_time = rows["All exits"], rows["All exits: work or full-time studies"]
    assert [str(c) for c in any_studies.cells[1:5]] == ["8", "80.0 %", "–", "–"]  # not what the target counts
    assert [str(c) for c in full_time.cells[1:4]] == ["5", "50.0 %", "50 %"]
    page = response.content.decode()
    assert "To work or full-time studies (of all closed participants)" in page
    assert "The agreement&#x27;s target counts of all closed participants: work or full-time studies." in page


def test_a_month_with_few_people_shows_x_not_the_number(client):
    team = Team()
    team.closed(date(2026, 1, 5), date(2026, 3, 10), "work", True)
    team.closed(date(2026, 1, 5), date(2026, 3, 12), "moved", False)
    page = open_dashboard(client, team).content.decode()
    assert '<td class="num nowrap">x</td>' in page
    assert '<td class="num nowrap">2</td>' not in page
    assert '<td class="num nowrap">1</td>' not in page


def test_changing_the_month_changes_the_figures(client):
    team = Team()
    hold_march(team)
    march = open_dashboard(client, team).content.decode()
    april = open_dashboard(client, team, "manad=2026-04").content.decode()
    assert "60.0 %" in march and "60.0 %" not in april
    assert "Results for Krami Testby, 2026-04" in april


def test_a_bad_month_is_explained_next_to_the_field_and_kept(client):
    team = Team()
    page = open_dashboard(client, team, "manad=2026-13").content.decode()
    assert "Write the month as ÅÅÅÅ-MM" in page
    assert 'value="2026-13"' in page


def test_inflow_targets_are_shown_for_the_period(client):
    team = Team()
    agreement = stockholm_like(unit=team.unit, year=2026)
    InflowTarget.objects.create(agreement=agreement, measure=InflowMeasure.INTERVIEWED, minimum=50)
    page = open_dashboard(client, team).content.decode()
    assert "4.2 of 50" in page  # 50 × 31 days of March ÷ 365 days


def test_another_units_steering_group_gets_404(client):
    team, other = Team("Krami A"), Team("Krami B")
    client.force_login(other.styrgrupp)
    assert client.get(reverse("reporting:unit", args=[team.unit.pk])).status_code == 404
    client.force_login(staff(role=Role.VAGLEDARE, unit=team.unit, organisation=team.unit.parties.first()))
    assert client.get(reverse("reporting:unit", args=[team.unit.pk])).status_code == 404


def test_no_name_or_personnummer_on_the_page_or_in_the_exports(client):
    team = Team()
    hold_march(team)
    names = [p.last_name for p in team.unit.participants.all()]
    client.force_login(team.styrgrupp)
    for name in ("reporting:unit", "reporting:csv", "reporting:xlsx"):
        body = client.get(reverse(name, args=[team.unit.pk]) + f"?manad={MARCH}").content
        for last_name in names:
            assert last_name.encode() not in body
        assert b"D-0" not in body


def _count_queries(client, team) -> int:
    url = reverse("reporting:unit", args=[team.unit.pk]) + f"?manad={MARCH}"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_participants(client):
    team = Team()
    stockholm_like(unit=team.unit, year=2026)
    client.force_login(team.styrgrupp)
    team.closed(date(2026, 1, 5), date(2026, 3, 10), "work", True)
    one = _count_queries(client, team)
    hold_march(team)
    for _ in range(4):
        team.enrol(team.person(), date(2026, 3, 2))
    assert _count_queries(client, team) == one
