"""Blocks read per statement at 60 and at 120 units (make bench SCALE=2): a statement of a unit's page
that reads 1,5 × its blocks at twice the units is named in the report, whatever the times did."""

from __future__ import annotations

from scale.bench.pages import PAGES
from scale.bench.report import grown_statements, render_scale2, scale2_rows


def _run(units: int, blocks: dict[str, list]) -> dict:
    pages = []
    for page in PAGES:
        row = {"key": page.key, "title": page.title, "median_ms": 10.0, "p95_ms": 12.0}
        if page.key in blocks:
            row["blocks"] = blocks[page.key]
        pages.append(row)
    return {"database": f"db{units}", "rows": {"units": units}, "pages": pages,
            "baselines": {"framework_floor": {"median_ms": 2.0}}}


def test_a_statement_reading_twice_the_blocks_at_twice_the_units_is_named():
    at_60 = _run(60, {"participant_detail": [["participants_participant", 22], ["intake_episode", 10]],
                      "unit_dashboard": [["reporting_monthsnapshot", 122], ["intake_followup", 5029], ["intake_episode", 325]]})
    at_120 = _run(120, {"participant_detail": [["participants_participant", 23], ["intake_episode", 7]],
                        "unit_dashboard": [["reporting_monthsnapshot", 21], ["intake_followup", 10570], ["intake_episode", 431]]})
    rows = {r["key"]: r for r in scale2_rows(at_60, at_120)}
    assert rows["participant_detail"]["grown"] == []
    assert rows["participant_detail"]["blocks"] == (32, 30)
    assert rows["unit_dashboard"]["grown"] == [(1, "intake_followup", 5029, 10570)]  # 431 / 325 is below 1,5
    text = "\n".join(render_scale2(at_60, at_120))
    assert "Unit dashboard, one month, statement 2 (`intake_followup`): 5029 → 10570 blocks" in text
    assert "| 5476 / 11022 |" in text


def test_few_blocks_more_or_other_statements_are_not_counted():
    assert grown_statements([["a", 2]], [["a", 60]]) == []  # under 100 blocks: an index level, not other data
    assert grown_statements([["a", 0]], [["a", 150]]) == [(0, "a", 0, 150)]
    assert grown_statements([["a", 10], ["b", 10]], [["b", 10], ["a", 10]]) is None  # not the same statements
    assert grown_statements(None, [["a", 10]]) is None
