"""Issue 17, item 5: the meeting pack's page 1 is the headline figures, one line per target in
words with the change since last month and a year ago; every value sits on its label's row; a
hidden figure stays "x"; `make bench` reports the pack's time as a ratio to the dashboard's."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from agreements.models import InflowMeasure, InflowTarget
from reporting.cells import HIDDEN, Cell
from reporting.dashboard import Headline
from reporting.exports import headline_value
from scale.bench.report import PACK_GOAL, render_markdown, render_pack_ratio
from tests.agreements.factories import stockholm_like
from tests.pdf import pdf_page_lines, pdf_words
from tests.reporting.helpers import Team

pytestmark = pytest.mark.django_db

AGREEMENT_NOTE = "Targets from the agreement in force"


def growing_unit() -> Team:
    """Six active since March 2025, five more since February 2026, five more in March 2026: 16
    active in March 2026 (+5 since February, +10 since March 2025), all leaving on 20 March,
    eleven to work; an inflow target of 50 starts a year, so four headlines."""
    team = Team()
    agreement = stockholm_like(unit=team.unit, year=2026)
    InflowTarget.objects.create(agreement=agreement, measure=InflowMeasure.ENROLLED, minimum=50)
    for _ in range(6):
        team.closed(date(2025, 3, 3), date(2026, 3, 20), "work", True)
    for _ in range(5):
        team.closed(date(2026, 2, 2), date(2026, 3, 20), "moved", True)
    for _ in range(5):
        team.closed(date(2026, 3, 2), date(2026, 3, 20), "work", True)
    return team


def pack(client, team: Team, period: str = "2026-03"):
    client.force_login(team.styrgrupp)
    response = client.get(reverse("reporting:pdf", args=[team.unit.pk]) + f"?period={period}")
    assert response.status_code == 200
    return response


def headlines_of(client, team: Team, period: str = "2026-03") -> list[Headline]:
    client.force_login(team.styrgrupp)
    return client.get(reverse("reporting:unit", args=[team.unit.pk]) + f"?period={period}").context["d"].headlines


def label_start(h: Headline) -> str:
    """The label's first words: what is on the row's first line even when the label wraps."""
    return " ".join(h.label.split()[:3])


def headline_lines(content: bytes) -> list[str]:
    """Page 1's lines down to the agreement note, which follows the headline figures."""
    lines = pdf_page_lines(content)
    note = next(i for i, line in enumerate(lines) if AGREEMENT_NOTE in line)
    return lines[:note + 1]


def row_line(lines: list[str], h: Headline) -> str:
    found = [line for line in lines if label_start(h) in line]
    assert len(found) == 1, (label_start(h), lines)
    return found[0]


def test_every_value_on_page_one_is_on_its_labels_line(client):
    team = growing_unit()
    headlines = headlines_of(client, team)
    assert len(headlines) == 4  # occupancy, the inflow target, the outcome target, keeping at 6 months
    lines = headline_lines(pack(client, team).content)
    rows = {h.label: row_line(lines, h) for h in headlines}
    for h in headlines:  # the figure on its label's line: not drifted up beside an earlier label
        after = rows[h.label][rows[h.label].index(label_start(h)):]
        assert h.cell.text in after, (h.label, rows[h.label])
        assert not any(label_start(o) in rows[h.label] for o in headlines if o is not h)  # one headline a line
    for h in headlines:  # and its changes beside it
        after = rows[h.label][rows[h.label].index(label_start(h)):]
        for change in (h.since_month, h.since_year):
            assert ("x" if h.cell.hidden else change or "–") in after, (h.label, rows[h.label])
    note = next(line for line in lines if AGREEMENT_NOTE in line)
    assert not any(label_start(h) in note for h in headlines), note  # the note is not a row's value


def test_page_one_says_each_target_in_words_with_the_changes(client):
    team = growing_unit()
    lines = pdf_page_lines(pack(client, team).content)
    text = "\n".join(lines)
    assert "Active during the month 16 of 80: below the target +5 +10" in text
    assert "Started 5 of 4.2: target met" in text  # 50 × 31 days of March ÷ 365 days
    outcome = next(line for line in lines if line.startswith("To work or studies"))
    assert "(target 60 %): target met" in outcome
    assert "Still working or studying –: no target – –" in text  # no follow-ups yet: no share, no change
    assert "Occupancy per month" not in text  # the sections begin on page 2


def test_page_two_begins_the_sections(client):
    lines = pdf_page_lines(pack(client, growing_unit()).content, page=1)
    assert lines[0] == "Occupancy"


def test_a_hidden_headline_stays_x_in_the_pack_with_no_change(client):
    team = Team()
    stockholm_like(unit=team.unit, year=2026)
    team.closed(date(2026, 1, 5), date(2026, 3, 10), "work", True)
    team.closed(date(2026, 1, 5), date(2026, 3, 12), "moved", False)
    lines = pdf_page_lines(pack(client, team).content)
    occupancy = next(line for line in lines if line.startswith("Active during the month"))
    assert occupancy == "Active during the month x of 80: hidden, so no status x x"


def test_a_quarter_has_no_change_columns_and_says_where_they_are(client):
    team = growing_unit()
    content = pack(client, team, period="2026-K1").content
    assert "Since last month" not in "\n".join(pdf_page_lines(content))
    assert "areineachmonth'smeetingpack" in pdf_words(content)


@pytest.mark.parametrize(
    ("headline", "words"),
    [
        (Headline("Beläggning", Cell("37", 37), "occupancy", status="below", goal="80"), "37 av 80: under målet"),
        (Headline("Avslut till arbete eller studier", Cell("52,0 %", 52), "outcomes", status="met", goal="50 %"),
         "52,0 % (mål 50 %): målet nått"),
        (Headline("Avslut", Cell("47,0 %", 47), "outcomes", status="near", goal="50 %"),
         "47,0 % (mål 50 %): inom 5 procentenheter från målet"),
        (Headline("Beläggning", Cell(HIDDEN, None, hidden=True), "occupancy", goal="80"), "x av 80: dold, så ingen status"),
        (Headline("Kvar efter 6 månader", Cell("80,0 %", 80), "keeping"), "80,0 %: inget mål"),
    ],
)
def test_the_words_of_a_headline_in_swedish(headline, words):
    with translation.override("sv"):
        assert headline_value(headline) == words


def _run(dashboard_ms: float, pack_ms: float) -> dict:
    return {"pages": [{"key": "unit_dashboard", "median_ms": dashboard_ms}, {"key": "pdf_pack", "median_ms": pack_ms}],
            "baselines": {}}


def test_the_bench_report_gives_the_pack_as_a_ratio_to_the_dashboard():
    lines = render_pack_ratio({"small": _run(200.0, 700.0), "national": _run(250.0, 1750.0)})
    assert PACK_GOAL in "\n".join(lines)
    assert "| Small | 200.0 | 700.0 | 3.50 | met |" in lines
    assert "| National | 250.0 | 1750.0 | 7.00 | **missed** |" in lines


def test_the_pack_ratio_is_a_section_of_the_markdown_report():
    report = {"generated_at": "2026-12-06 23:00 UTC", "commit": "abc1234", "evaluation": [],
              "runs": {"small": None, "national": _run(200.0, 600.0)}}
    report["runs"]["national"].update(
        rows={"units": 1, "participants": 1, "journal_notes": 0, "grants": 0, "access_log": 0},
        load_average={"before": [0, 0, 0], "after": [0, 0, 0]}, repeat=1, seconds=1, database="krami_scale_national",
    )
    assert "## The meeting pack against the dashboard" in render_markdown(report)
