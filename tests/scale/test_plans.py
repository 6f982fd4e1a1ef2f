"""No statement of a unit's page reads a table of many units' rows from end to end (issue 19).

The scale generator fills the database at a small scale (twenty units with two years each),
ANALYZE gives the planner its statistics, and every statement each unit-scoped page runs is
explained (EXPLAIN (FORMAT JSON)) with sequential scans priced out: a whole read of a table holding
many units' rows that remains (a sequential scan, or an index scan with no condition) means the
statement has no other way, and the page's time grows with other units' data (scale/bench/plans.py).
On a small database the planner's own choice is not the measure: at sixty units of three years
the episodes filled some fifty pages, a scan of them cost about what one unit's rows by index did,
and which won changed from one build of the same data to the next (a clean-clone run of 7 December
2026 found five pages "scanning" episodes that the run before had not). `make bench` runs the check on the national database with the
planner's own plans (the goals table of docs/benchmarks/latest.md).

What this check cannot see: a statement that reads a window of every unit's rows through an index
on a date (its index condition is the window). The unit dashboard's 12-month occupancy trend
(reporting/figures.py::occupancy_series) is one, known and left: it reads the window's episodes of
every unit (a bitmap scan nationally, which `make bench`'s check of sequential scans does not
count either). Until sequential scans were priced out here, this test listed it as an exception.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from krami.dates import add_months, month_start
from krami.models import Unit
from scale.bench.context import discover
from scale.bench.measure import resolve
from scale.bench.pages import PAGES
from scale.bench.plans import big_tables, blocks_read, plan_of, scans_of_big_tables, seq_scans
from scale.closing import close_ended_months
from scale.generate import Sizes, generate
from tests.fixtures import shared_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db, pytest.mark.slow]

# With sequential scans priced out, the plan does not depend on how big the tables are, only on
# which indexes a statement can use: twenty units of two years at 20 a year are enough (sixty units
# of three years took 70 s to build and close), with a table counted as big from 200 rows.
SIZES = Sizes(units=20, years=2, per_year=20, access_log_per_participant=5)
MIN_ROWS = 200

# Unit-scoped pages beyond the benchmark's: (URL name, persona, URL arguments from the bench context).
MORE_PAGES = [
    ("participants:team", "vagledare", {}),
    ("participants:employer_list", "vagledare", {}),
    ("intake:overview", "vagledare", {}),
    ("intake:followups", "vagledare", {"unit_id": "unit_id"}),
    ("intake:meetings", "vagledare", {"unit_id": "unit_id"}),
    ("intake:groups", "vagledare", {"unit_id": "unit_id"}),
    ("privacy:log_review", "samordnare", {"unit_id": "unit_id"}),
    ("reporting:places", "avtal", {"unit_id": "unit_id"}),
]


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    def build():
        today = timezone.localdate()
        # The months the dashboards read are closed, as in use (their trend reads the snapshots): the
        # first unit's, whose pages are checked (closing every unit's, with its small-number
        # protection, would take most of the suite's time; `make bench` closes them all).
        result = generate(sizes=SIZES, seed=19, today=today, log=lambda *_: None, analyze=False, close_months=False)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics, as a settled database has them
        first_unit = Unit.objects.order_by("pk").values_list("pk", flat=True).first()
        close_ended_months(today=today, log=lambda *_: None, since=add_months(month_start(today), -13), unit_ids={first_unit})
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics, as a settled database has them
        return result

    with shared_data(django_db_blocker, build) as result:
        yield result


def _statements(client, url: str, *, htmx: bool = False) -> list[str]:
    headers = {"HX-Request": "true"} if htmx else {}
    client.get(url, headers=headers)  # the session settles
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return [q["sql"] for q in captured.captured_queries]


def test_the_check_sees_a_scan_of_a_big_table(generated):
    """The check itself: a statement that must read every participant is found."""
    tables = big_tables(MIN_ROWS)
    assert {"participants_participant", "intake_assessment", "intake_episode"} <= tables
    assert "krami_membership" not in tables and "agreements_costshare" not in tables
    whole = "SELECT count(*) FROM participants_participant WHERE last_name LIKE '%a%'"
    assert seq_scans(plan_of(whole), tables) == ["participants_participant"]
    assert scans_of_big_tables([whole], tables, only_way=True) == [("participants_participant", whole)]
    # Priced out of a sequential scan, the planner walks an index from end to end: still a whole read.
    walk = "SELECT id FROM participants_participant WHERE last_name LIKE '%a%' ORDER BY id"
    plan = plan_of(walk, only_way=True)
    assert plan["Node Type"] == "Index Scan" and "Index Cond" not in plan
    assert scans_of_big_tables([walk], tables, only_way=True) == [("participants_participant", walk)]
    # One unit's rows by index are not.
    unit = f"SELECT id FROM participants_participant WHERE unit_id = {Unit.objects.order_by('pk').first().pk}"
    assert scans_of_big_tables([unit], tables, only_way=True) == []
    # Blocks read (make bench SCALE=2): the whole read touches every page of the table, one unit's rows fewer.
    (table, whole_blocks), (_table, unit_blocks) = blocks_read([whole, unit])
    assert table == "participants_participant" and whole_blocks > unit_blocks > 0


def test_no_unit_scoped_page_reads_other_units_rows_end_to_end(generated, client, settings):
    settings.ROOT_URLCONF = "scale.urls"
    ctx = discover()
    tables = big_tables(MIN_ROWS)
    pages = [(p.key, resolve(p, ctx)[0], p.persona, p.htmx) for p in PAGES if p.unit_scoped]
    for name, persona, kwargs in MORE_PAGES:
        pages.append((name, reverse(name, kwargs={k: ctx.value(v) for k, v in kwargs.items()}), persona, False))
    found = {}
    for key, url, persona, htmx in pages:
        assert url is not None, key
        client.force_login(ctx.users[persona])
        scans = sorted({table for table, _sql in scans_of_big_tables(_statements(client, url, htmx=htmx), tables, only_way=True)})
        if scans:
            found[key] = scans
    assert found == {}, found
