"""`make bench` runs a heavy page (a PDF) in a share of its rounds, and with `every_round` (the
comparison at twice the units, a ratio of two medians) in all of them, as many as a page."""

from __future__ import annotations

from scale.bench import measure
from scale.bench.pages import PAGES


def _rounds(monkeypatch, *, every_round: bool) -> dict[str, int]:
    monkeypatch.setattr(measure, "_get", lambda target: None)
    pages = {p.key: p for p in PAGES}
    targets = [measure.Target(page=pages[key], url=f"/{key}/") for key in ("participant_list", "agreement_pdf", "excel_export")]
    measure.run_rounds(targets, repeat=20, every_round=every_round)
    return {t.page.key: len(t.times) for t in targets}


def test_a_pdf_runs_in_its_share_of_the_rounds_unless_every_round(monkeypatch):
    assert _rounds(monkeypatch, every_round=False) == {"participant_list": 20, "agreement_pdf": 4, "excel_export": 10}
    assert _rounds(monkeypatch, every_round=True) == {"participant_list": 20, "agreement_pdf": 20, "excel_export": 20}
