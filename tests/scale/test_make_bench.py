"""`make bench` end to end at a tiny scale (issue 7): the commands, in their own processes, on
their own database, write the report. No timing assertions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

from scale.bench.pages import PAGES
from scale.bench.report import pack_ratio, render_pack_ratio
from tests.template_db import create_from_template, database_url, drop_database, server_params

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def bench_database():
    # Named after this run's own database: a fixed name was shared by every suite on the server,
    # and one run's DROP ... WITH (FORCE) ended another's benchmark. Both start as copies of the
    # suite's migrated template (tests/template_db.py): the command's `migrate` then has nothing to
    # apply, where applying every migration twice was most of this test's time.
    name = f"{settings.DATABASES['default']['NAME']}_scale_ci_bench"
    create_from_template(name)
    create_from_template(f"{name}_log")
    yield name
    drop_database(name)
    drop_database(f"{name}_log")


def test_bench_command_generates_measures_and_writes_the_report(bench_database, tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url(bench_database), "PYTHONWARNINGS": "ignore"}
    manage = Path(settings.BASE_DIR) / "manage.py"
    result = subprocess.run(
        [sys.executable, str(manage), "bench", "--settings=krami.settings_bench", "--skip-national",
         "--small-db", bench_database, "--repeat", "2", "--warmup", "1", "--out", str(tmp_path), "--name", "ci",
         "--log-db", f"{bench_database}_log", "--log-rows", "300,3000"],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((tmp_path / "ci.json").read_text())
    small = report["runs"]["small"]
    assert small["rows"]["units"] == 1 and small["rows"]["participants"] == 100
    measured = {p["key"] for p in small["pages"] if "skipped" not in p}
    assert {"participant_list", "participant_detail", "priority_queue", "home"} <= measured
    # Blocks read per SELECT of each unit-scoped page (make bench SCALE=2 pairs them by position).
    for page in small["pages"]:
        if "skipped" in page or not next(p for p in PAGES if p.key == page["key"]).unit_scoped:
            continue
        assert page["blocks"] and all(isinstance(n, int) and n >= 0 for _table, n in page["blocks"]), page["key"]
    detail = next(p for p in small["pages"] if p["key"] == "participant_detail")
    assert len(detail["blocks"]) == detail["queries"] - 1  # every statement but the access log's INSERT
    assert {"participants_participant", "intake_episode"} <= {table for table, _n in detail["blocks"]}
    text = (tmp_path / "ci.md").read_text()
    assert "Framework floor" in text and "Django admin changelist" in text
    for page in PAGES:
        assert page.title in text
    # The meeting pack's time as a ratio to the dashboard's (issue 17, item 5), from this run's medians.
    pack = render_pack_ratio({"small": small})
    assert pack_ratio(small) is not None and any(line.startswith("| Small |") for line in pack)
    assert "\n".join(pack) in text
    # The access log at two sizes of a unit's log (issue 19), topped up in a database of its own.
    log = report["runs"]["log"]
    rows = log["log_rows_by_unit"]
    assert min(rows.values()) >= 300 and max(rows.values()) >= 3000
    assert {p["key"] for p in log["pages"] if "skipped" not in p} == {"access_log_40k", "access_log_4m"}
    assert "The access log by size of the unit's log" in text and "Goals of issue 19, run by run" in text
    goals = json.loads((tmp_path / "ci-goals.json").read_text())
    assert len(goals) == 1 and {g["goal"] for g in goals[0]["goals"]} >= {"Query counts", "Participant list × admin changelist"}

    # make bench-import on the same database: a register file checked and applied twice, then undone.
    result = subprocess.run(
        [sys.executable, str(manage), "bench_import", "--settings=krami.settings_bench", "--people", "20"],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    first, again = (line for line in result.stdout.splitlines() if line.startswith(("first import", "same file again")))
    assert "new participants 20, new episodes 40, unchanged 0" in first
    assert "new participants 0, new episodes 0, unchanged 40" in again
    conn = psycopg2.connect(dbname=bench_database, **server_params())
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM participants_participant")
        assert cur.fetchone()[0] == 100  # rolled back: the import left nothing behind
    conn.close()
