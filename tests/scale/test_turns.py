"""`make bench SCALE=2` measures the two databases in turns, round by round (scale/bench/turns.py),
and compares the medians directly when it did."""

from __future__ import annotations

import os
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.base import CommandError

from scale.bench import measure
from scale.bench.pages import PAGES
from scale.bench.report import scale2_rows
from scale.bench.turns import PartnerGone, Turns
from scale.management.commands.bench import Command as BenchCommand


def test_two_processes_measure_their_rounds_in_turns(tmp_path, monkeypatch):
    monkeypatch.setattr(measure, "_get", lambda target: None)
    path = tmp_path / "turns"
    Turns.start(path)
    order = []
    page = next(p for p in PAGES if p.key == "participant_list")

    def player(me: int) -> None:
        turns = Turns(path, me=me, patience=30)

        @contextmanager
        def noted():
            with turns.turn():
                order.append(me)
                time.sleep(0.01)  # a round takes time: the partner must wait for it, not slip in
                yield

        with noted():  # the warm-up
            pass
        measure.run_rounds([measure.Target(page=page, url=f"/{me}/")], repeat=3, turn=noted)

    threads = [threading.Thread(target=player, args=(me,)) for me in (1, 0)]  # the second player starts first
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert order == [0, 1, 0, 1, 0, 1, 0, 1]
    assert path.read_text() == "8"


def test_a_turn_is_handed_on_when_the_round_fails(tmp_path):
    path = tmp_path / "turns"
    Turns.start(path)
    with pytest.raises(RuntimeError), Turns(path, me=0).turn():
        raise RuntimeError("the page answered 500")
    assert path.read_text() == "1"


def test_a_process_whose_partner_is_gone_gives_up(tmp_path):
    path = tmp_path / "turns"
    Turns.start(path)
    with pytest.raises(PartnerGone), Turns(path, me=1, patience=0.05).turn():
        pass


def _run(ms: float, floor: float, *, in_turns: bool) -> dict:
    return {"in_turns": in_turns, "baselines": {"framework_floor": {"median_ms": floor}},
            "pages": [{"key": "participant_detail", "median_ms": ms}]}


def test_in_turns_the_medians_are_compared_directly():
    # Same page time, but the 120-unit run's floor came out lower: × floor would say 1.25.
    assert scale2_rows(_run(50, 4, in_turns=True), _run(50, 3.2, in_turns=True))[0]["ratio"] == 1.0
    assert scale2_rows(_run(50, 4, in_turns=False), _run(50, 3.2, in_turns=False))[0]["ratio"] == 1.25


# A stand-in for bench_measure: takes its three turns through scale.bench.turns and writes its JSON.
_PLAYER = """
import json, sys
from pathlib import Path
from scale.bench.turns import Turns
json_path, turns_path, me, players, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
turns = Turns(Path(turns_path), me=me, players=players, patience=30)
for _ in range(3):
    with turns.turn(), open(log, "a") as f:
        f.write(f"{me}\\n")
if me == 1 and "fail" in json_path:
    sys.exit(3)
Path(json_path).write_text(json.dumps({"me": me, "in_turns": True}))
"""


def _stand_in(monkeypatch, tmp_path):
    """Command._command runs the stand-in instead of manage.py bench_measure (same arguments)."""
    script = tmp_path / "player.py"
    script.write_text(_PLAYER)
    log = tmp_path / "order.log"

    def command(self, database, *args):
        def value(flag):
            return args[args.index(flag) + 1]

        return ([sys.executable, str(script), *map(value, ("--json", "--turns", "--turn", "--players")), str(log)],
                {**os.environ, "PYTHONPATH": str(Path(settings.BASE_DIR))})

    monkeypatch.setattr(BenchCommand, "_command", command)
    return log


def test_the_bench_runs_its_databases_in_processes_that_take_turns(monkeypatch, tmp_path):
    log = _stand_in(monkeypatch, tmp_path)
    options = {"out": tmp_path, "name": "ci", "repeat": 3, "warmup": 1}

    runs = BenchCommand()._measure_in_turns([("small", "db_a"), ("national", "db_b"), ("national_x2", "db_c")], options,
                                            every_round=True)

    assert {label: run["me"] for label, run in runs.items()} == {"small": 0, "national": 1, "national_x2": 2}
    assert log.read_text().split() == ["0", "1", "2"] * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["order.log", "player.py"]  # turns file and JSONs gone


def test_a_failed_measuring_process_fails_the_bench(monkeypatch, tmp_path):
    _stand_in(monkeypatch, tmp_path)
    with pytest.raises(CommandError, match=r"national on db_b \(exit 3\)"):
        BenchCommand()._measure_in_turns([("small", "db_a"), ("national", "db_b")],
                                         {"out": tmp_path, "name": "fail", "repeat": 3, "warmup": 1}, every_round=False)
    assert not list(tmp_path.glob("fail-*"))  # the small run's JSON is not left beside the report
