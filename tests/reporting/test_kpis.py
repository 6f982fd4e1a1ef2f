"""Every figure against a hand count (issue 5, "Tests that must exist"); the rules in reporting/kpis.py."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from intake.models import Decision, FollowUpResult
from krami.models import Gender
from reporting import kpis
from reporting.figures import people_figures
from reporting.ledger import ledger_for
from reporting.periods import ReportPeriod, month_period, quarter_period
from tests.reporting.helpers import Team

pytestmark = pytest.mark.django_db

MARCH = month_period(date(2026, 3, 1))


def figures(team: Team, period: ReportPeriod) -> dict:
    return people_figures([team.unit.pk], period, {})[team.unit.pk]


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [("sv", Decimal("62.50"), "62,5 %"), ("sv", Decimal("60.00"), "60 %"), ("sv", Decimal("60"), "60 %"),
     ("sv", Decimal("0.05"), "0,05 %"), ("en", Decimal("62.50"), "62.5 %"), ("en", Decimal("100"), "100 %")],
)
def test_a_target_is_written_as_in_the_agreement_in_the_pages_language(language, value, expected):
    """Issue 17: "62.5 %" with a point on a Swedish page; a target reads as the agreement writes it."""
    with translation.override(language):
        assert kpis.percent_label(value) == expected


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(6, 10, Decimal("60.0")), (6, 8, Decimal("75.0")), (1, 3, Decimal("33.3")), (2, 3, Decimal("66.7")), (0, 5, Decimal("0.0")),
     (3, 0, None), (None, 4, None)],
)
def test_share_is_percent_with_one_decimal_half_up(numerator, denominator, expected):
    assert kpis.share(numerator, denominator) == expected


@pytest.mark.parametrize(
    ("value", "target", "status"),
    [("60", "60", "met"), ("75", "60", "met"), ("55", "60", "near"), ("59.9", "60", "near"), ("54.9", "60", "below"),
     (None, "60", ""), ("50", None, "")],
)
def test_target_status_met_within_five_points_or_below(value, target, status):
    to_decimal = lambda v: None if v is None else Decimal(v)  # noqa: E731
    assert kpis.target_status(to_decimal(value), to_decimal(target)) == status


def test_outcomes_with_both_denominators_the_issue_example():
    """10 closed in the period, 6 to work or studies; 8 completed, of whom 6 to work or studies."""
    team = Team()
    on = date(2026, 3, 15)
    for outcome in ("work", "work_subsidy", "studies", "work", "studies", "work_subsidy"):
        team.closed(date(2025, 10, 1), on, outcome, completed=True)
    team.closed(date(2025, 10, 1), on, "dropped_out", completed=True)
    team.closed(date(2025, 10, 1), on, "moved", completed=True)
    team.closed(date(2025, 10, 1), on, "drug_test", completed=False)
    team.closed(date(2025, 10, 1), on, "illness", completed=False)
    team.closed(date(2025, 10, 1), date(2026, 2, 28), "work", completed=True)  # February: not in March
    f = figures(team, MARCH)
    assert (f["outcome|closed"], f["outcome|work_or_studies"]) == (10, 6)
    assert (f["outcome|completed"], f["outcome|completed_work_or_studies"]) == (8, 6)
    assert kpis.share(f["outcome|work_or_studies"], f["outcome|closed"]) == Decimal("60.0")
    assert kpis.share(f["outcome|completed_work_or_studies"], f["outcome|completed"]) == Decimal("75.0")
    assert (f["reason|work"], f["reason|work_subsidy"], f["reason|studies"], f["reason|drug_test"]) == (2, 2, 2, 1)


def test_occupancy_over_months_with_starts_and_exits_on_month_boundaries():
    team = Team()
    a, b, c, d = (team.person() for _ in range(4))
    team.enrol(a, date(2026, 1, 31), date(2026, 2, 1), "work", True)  # last day of Jan, first day of Feb: Jan and Feb
    team.enrol(b, date(2026, 2, 28))  # open from the last day of February
    team.enrol(c, date(2026, 3, 1), date(2026, 3, 31), "moved", False)  # exactly March
    team.enrol(d, date(2026, 1, 10), date(2026, 1, 20), "other", False)  # January only ...
    team.enrol(d, date(2026, 3, 10))  # ... and re-enrolled in March: one person, counted once per month
    months = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)]
    assert [figures(team, month_period(m))["occupancy|active"] for m in months] == [2, 2, 3, 2]
    # A quarter is the sum of its months: 7 person-months (2.3 active per month), 5 starts, 3 exits.
    f = ledger_for(team.unit, upto=date(2026, 3, 1)).values(quarter_period(2026, 1))
    assert (f["occupancy|active"], f["funnel|started"], f["outcome|closed"]) == (7, 5, 3)


def test_funnel_counts_people_per_step_and_the_waiting_time():
    team = Team()
    people = [team.person() for _ in range(6)]
    for p in people[:5]:
        team.interview(p, date(2026, 3, 3))
    team.interview(people[0], date(2026, 3, 20))  # a second interview: still one person
    team.interview(people[5], date(2026, 2, 27))  # February
    for p in people[:4]:
        team.assess(p, date(2026, 3, 10))
    team.assess(people[4], date(2026, 3, 10), Decision.NOT_NOW)
    team.enrol(people[0], date(2026, 3, 20))  # 10 days after acceptance
    team.enrol(people[1], date(2026, 3, 30))  # 20 days
    team.enrol(people[5], date(2026, 3, 2))  # no accepting assessment before the start: no waiting time
    f = figures(team, MARCH)
    assert (f["funnel|interviewed"], f["funnel|assessed"], f["funnel|accepted"], f["funnel|started"]) == (5, 5, 4, 3)
    assert (f["waiting|n"], f["waiting|days"]) == (2, 30)


def test_follow_up_rates_at_3_6_and_12_months():
    team = Team()
    results = [FollowUpResult.WORKING, FollowUpResult.STUDYING, FollowUpResult.NEITHER, FollowUpResult.NOT_REACHED, ""]
    for result in results:
        episode = team.closed(date(2025, 6, 1), date(2025, 12, 10), "work", True)
        team.follow_up(episode, 3, date(2026, 3, 10), result, date(2026, 3, 11))
    for result in (FollowUpResult.WORKING, FollowUpResult.WORKING, FollowUpResult.NEITHER):
        episode = team.closed(date(2025, 3, 1), date(2025, 9, 5), "studies", True)
        team.follow_up(episode, 6, date(2026, 3, 5), result, date(2026, 3, 6))
    moved = team.closed(date(2025, 3, 1), date(2025, 12, 10), "moved", False)
    team.follow_up(moved, 3, date(2026, 3, 10), FollowUpResult.WORKING, date(2026, 3, 11))  # not an exit to work
    f = figures(team, MARCH)
    assert (f["keeping|3|due"], f["keeping|3|answered"], f["keeping|3|kept"]) == (5, 4, 2)
    assert (f["keeping|6|due"], f["keeping|6|answered"], f["keeping|6|kept"]) == (3, 3, 2)
    assert (f["keeping|12|due"], f["keeping|12|answered"], f["keeping|12|kept"]) == (0, 0, 0)
    assert kpis.share(f["keeping|3|kept"], f["keeping|3|answered"]) == Decimal("50.0")


def test_breakdowns_add_up_to_the_totals():
    team = Team()
    for gender, born in ((Gender.WOMAN, date(2004, 6, 1)), (Gender.WOMAN, date(1990, 1, 1)), (Gender.MAN, date(2000, 4, 1))):
        team.enrol(team.person(gender=gender, born=born), date(2026, 3, 2))
    team.closed(date(2026, 1, 5), date(2026, 3, 20), "work", True, gender=Gender.MAN, born=date(1980, 1, 1))
    f = figures(team, MARCH)
    assert f["breakdown|gender|woman|started"] == 2
    assert f["breakdown|gender|man|started"] == 1
    assert f["breakdown|gender|man|work_or_studies"] == 1
    # age on 31 March 2026: 21, 36, 25 (turns 26 on 1 April) started; 46 exited
    assert {k.split("|")[2]: v for k, v in f.items() if k.startswith("breakdown|age|") and k.endswith("|started")} == {
        "18-25": 2, "31-40": 1,
    }
    for dimension in ("gender", "age", "priority", "referral", "municipality"):
        for measure, total in (("started", "funnel|started"), ("closed", "outcome|closed")):
            parts = sum(v for k, v in f.items() if k.startswith(f"breakdown|{dimension}|") and k.endswith(f"|{measure}"))
            assert parts == f[total]


def test_other_units_people_are_not_counted():
    team, other = Team("Krami A"), Team("Krami B")
    team.closed(date(2026, 1, 1), date(2026, 3, 5), "work", True)
    other.closed(date(2026, 1, 1), date(2026, 3, 5), "work", True)
    other.closed(date(2026, 1, 1), date(2026, 3, 6), "work", True)
    both = people_figures([team.unit.pk, other.unit.pk], MARCH, {})
    assert both[team.unit.pk]["outcome|closed"] == 1
    assert both[other.unit.pk]["outcome|closed"] == 2


def test_studies_full_time_part_time_and_unspecified():
    """Seeds/003's target counts "arbete eller heltidsstudier"; seeds/004's "arbetar eller studerar" counts all studies.
    Exits recorded as "studies" before the two were told apart count as studies (unspecified)."""
    team = Team()
    on = date(2026, 3, 16)
    for outcome in ("work", "work_subsidy", "work", "studies_full_time", "studies_full_time", "studies_part_time",
                    "studies_part_time", "studies", "moved", "dropped_out"):
        team.closed(date(2025, 11, 3), on, outcome, completed=outcome != "dropped_out")
    f = figures(team, MARCH)
    assert (f["outcome|closed"], f["outcome|work_or_studies"], f["outcome|work_or_full_time_studies"]) == (10, 8, 5)
    assert (f["outcome|completed"], f["outcome|completed_work_or_studies"], f["outcome|completed_work_or_full_time_studies"]) == (
        9, 8, 5,
    )
    assert (f["reason|studies_full_time"], f["reason|studies_part_time"], f["reason|studies"]) == (2, 2, 1)
    assert kpis.target_numerator("full_time") == "outcome|work_or_full_time_studies"
    assert kpis.target_numerator("any", completed=True) == "outcome|completed_work_or_studies"


@pytest.mark.parametrize(
    "result, kept",
    [(FollowUpResult.WORKING, True), (FollowUpResult.STUDYING_FULL_TIME, True), (FollowUpResult.STUDYING_PART_TIME, True),
     (FollowUpResult.STUDYING, True), (FollowUpResult.NEITHER, False), (FollowUpResult.NOT_REACHED, False)],
)
def test_a_follow_up_keeps_work_or_studies_of_either_kind(result, kept):
    team = Team()
    episode = team.closed(date(2025, 6, 1), date(2025, 12, 10), "studies_part_time", True)
    team.follow_up(episode, 3, date(2026, 3, 10), result, date(2026, 3, 11))
    assert figures(team, MARCH)["keeping|3|kept"] == int(kept)
