"""`make bench SCALE=2` measures the two databases in turns, round by round (scale/bench/turns.py),
and compares the medians directly when it did."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import pytest

from scale.bench import measure
from scale.bench.pages import PAGES
from scale.bench.report import scale2_rows
from scale.bench.turns import PartnerGone, Turns


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
