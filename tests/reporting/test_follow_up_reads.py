"""A unit's follow-ups due in a month are read without reading other units' (issue 19).

The statement of `follow_up_figures` used to start from every unit's follow-ups due in the
period (the due-date index) and look up each one's unit: the unit's dashboard read the whole
country's follow-ups of the month (1 041 nationally for 9 of the unit). With the unit on each
follow-up it reads the unit's own by (unit, due date). Checked in PostgreSQL's own count of the
rows each plan node read, with sequential scans priced out (a tiny table is otherwise read whole,
whatever the indexes; scale/bench/plans.py).
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.figures import follow_up_figures
from reporting.periods import month_period
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
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement)
            plan = cursor.fetchone()[0]
        finally:
            cursor.execute("RESET enable_seqscan")
    top = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    assert _rows_read(top, "intake_followup") == 2  # not the 32 of both units
