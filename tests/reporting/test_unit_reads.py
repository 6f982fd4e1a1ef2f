"""A unit's dashboard reads its own rows of the month, not every unit's (issue 19).

The statements of the dashboard's figures used to start from every unit's rows of the period (an
index on the date alone) and look up each row's unit through its participant: the unit's
dashboard read the whole country's follow-ups, interviews, assessments, episodes and drug-test
referrals of the month (nationally 1 041 follow-ups for 9 of the unit; the interviews' 448 blocks
became 857 with twice as many units). With the unit on each row (FollowUp.unit, participants.models.InParticipantsUnit)
they are read by (unit, date). Checked in PostgreSQL's own count of the rows each plan node read,
with sequential scans priced out (a tiny table is otherwise read whole, whatever the indexes;
scale/bench/plans.py).
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.figures import drug_test_figures, episode_figures, follow_up_figures, intake_figures
from reporting.periods import month_period
from tests.intake.factories import make_drug_test
from tests.reporting.helpers import Team

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
JUNE = month_period(date(2026, 6, 1))


def _rows_read(plan: dict, table: str) -> int:
    """Rows the plan's nodes on `table` read: those they returned and those their filters removed."""
    own = 0
    if plan.get("Relation Name") == table:
        kept = plan["Actual Rows"] + plan.get("Rows Removed by Filter", 0) + plan.get("Rows Removed by Index Recheck", 0)
        own = kept * plan["Actual Loops"]
    return own + sum(_rows_read(child, table) for child in plan.get("Plans", []))


def _exits_to_work(team: Team, n: int) -> None:
    for _i in range(n):
        episode = team.closed(date(2026, 1, 5), date(2026, 3, 10), "work", True)
        team.follow_up(episode, 3, date(2026, 6, 10))


def test_a_units_follow_ups_of_the_month_are_read_by_unit_and_due_date():
    mine, other = Team("Krami A"), Team("Krami B")
    _exits_to_work(mine, 2)
    _exits_to_work(other, 30)
    with CaptureQueriesContext(connection) as captured:
        figures = follow_up_figures([mine.unit.pk], JUNE)
    assert figures == {mine.unit.pk: {"keeping|3|due": 2, "keeping|3|answered": 0, "keeping|3|kept": 0,
                                      "keeping|6|due": 0, "keeping|6|answered": 0, "keeping|6|kept": 0,
                                      "keeping|12|due": 0, "keeping|12|answered": 0, "keeping|12|kept": 0}}
    (statement,) = [q["sql"] for q in captured.captured_queries]
    assert _read(statement, "intake_followup") == 2  # not the 32 of both units


def _read(statement: str, table: str) -> int:
    """Rows of `table` that `statement` reads, by PostgreSQL's plan, sequential scans priced out."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement)
            plan = cursor.fetchone()[0]
        finally:
            cursor.execute("RESET enable_seqscan")
    return _rows_read((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"], table)


def test_a_units_interviews_assessments_episodes_and_drug_tests_of_the_month_are_read_by_unit_and_date():
    mine, other = Team("Krami A"), Team("Krami B")
    for team, n in ((mine, 2), (other, 30)):
        for _i in range(n):
            person = team.person()
            team.interview(person, date(2026, 6, 3))
            team.assess(person, date(2026, 6, 10))
            team.enrol(person, date(2026, 6, 15))
            make_drug_test(person, by=team.worker, on=date(2026, 6, 20))
    with CaptureQueriesContext(connection) as captured:
        intake = intake_figures([mine.unit.pk], JUNE)
        episodes = episode_figures([mine.unit.pk], JUNE)
        tests = drug_test_figures([mine.unit.pk], JUNE)
    assert intake == {mine.unit.pk: {"funnel|interviewed": 2, "funnel|assessed": 2, "funnel|accepted": 2}}
    assert episodes[mine.unit.pk]["occupancy|active"] == 2 and set(episodes) == {mine.unit.pk}
    assert tests == {mine.unit.pk: {"drug_tests|referred": 2}}
    statements = {table: next(q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"])
                  for table in ("intake_interview", "intake_assessment", "intake_episode", "intake_drugtest")}
    # Not the 32 of both units. The episodes' statement reads the unit's 2 and, depending on the
    # plan, the same 2 again for the "counted once" check (`_repeated`); never the other unit's.
    # The episodes' and drug tests' lines are guards: in a database this small their former
    # statements too started from the unit's participants; nationally they read the month's rows of
    # every unit (episodes 757 blocks, now 247; drug tests 83 blocks, 113 at twice the units).
    assert _read(statements["intake_interview"], "intake_interview") == 2
    assert _read(statements["intake_assessment"], "intake_assessment") == 2
    assert _read(statements["intake_drugtest"], "intake_drugtest") == 2
    assert _read(statements["intake_episode"], "intake_episode") in (2, 4)
