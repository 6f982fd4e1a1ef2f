"""Issue 17, item 3: say what a figure counts.

The funnel shows plain counts, without step percentages: each step counts the period's events by
its own date, not the same people, so "assessed ÷ interviewed" read 150 %. And the reports' one
occupancy measure carries one name, "Aktiva under månaden", in every page and export that shows it
(dashboard headline and tables, meeting pack, Excel, CSV, national view, the steering group's
start page), each saying which measure the occupancy target is compared with, with the other
measure ("Aktiva i dag", intake's) named beside it.
"""

import csv
import io
import re
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from krami.models import Role
from reporting import kpis
from reporting.snapshots import months_close
from tests.agreements.factories import stockholm_like
from tests.krami.factories import staff
from tests.pdf import pdf_words
from tests.reporting.helpers import Team
from tests.reporting.test_dashboard_views import hold_march

pytestmark = pytest.mark.django_db

DURING, TODAY = "Aktiva under månaden", "Aktiva i dag"
COMPARED = f"jämförs med ”{DURING}”"


def _between(text: str, start: str, end: str) -> str:
    begin = text.index(start)
    return text[begin:text.index(end, begin)]


@pytest.fixture
def assessed_more_than_interviewed(client):
    """March 2026: six people interviewed, nine assessed and accepted (interviewed in February):
    the old step percentage of "Assessed" was 9 ÷ 6 = 150 %."""
    team = Team()
    stockholm_like(unit=team.unit, year=2026)
    for _ in range(9):
        person = team.person()
        team.interview(person, date(2026, 2, 10))
        team.assess(person, date(2026, 3, 12))
    for _ in range(6):
        team.interview(team.person(), date(2026, 3, 18))
    client.force_login(team.styrgrupp)
    return team


def _get(client, team, name, period="2026-03"):
    return client.get(reverse(f"reporting:{name}", args=[team.unit.pk]) + f"?period={period}")


def test_the_funnel_table_has_no_step_percentages_on_the_page(client, assessed_more_than_interviewed):
    page = _get(client, assessed_more_than_interviewed, "unit").content.decode()
    table = _between(page, 'id="table-funnel"', "</table>")
    assert re.search(r">\s*9\s*<", table) and re.search(r">\s*6\s*<", table)  # the counts are there
    assert "%" not in table
    note = _between(page[page.index('id="table-funnel"'):], '<p class="hint">', "</p>")
    assert "counted by its own date" in note and "not a share of the one before" in note


def test_the_funnel_has_no_step_percentages_in_csv_excel_and_pdf(client, assessed_more_than_interviewed):
    team = assessed_more_than_interviewed
    rows = list(csv.reader(io.StringIO(_get(client, team, "csv").content.decode("utf-8-sig")), delimiter=";"))
    funnel = [r for r in rows if r[0] == "Inflow in the period"]
    assert {r[2] for r in funnel} == {"Number in the period", "Inflow target for the period"}
    assert ["Inflow in the period", "Assessed", "Number in the period", "9", ""] in funnel

    book = load_workbook(io.BytesIO(_get(client, team, "xlsx").content))
    cells = [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    assert ("Step", "Number in the period", "Inflow target for the period") in cells
    assert any(row[:2] == ("Assessed", 9) and len(row) == 3 for row in cells)

    words = pdf_words(_get(client, team, "pdf").content)
    end = words.index("Waitingtimefromacceptancetostart")
    table = words[words.rindex("Inflowintheperiod", 0, end):end]
    assert "Assessed9" in table and "Interviewed6" in table
    assert "%" not in table


def test_the_funnel_definition_no_longer_speaks_of_conversion():
    funnel = kpis.BY_KEY["funnel"]
    assert funnel.denominator == ""
    assert "no step percentages" in str(funnel.dates)


@pytest.fixture
def march_in_swedish(client):
    """March 2026: 25 active during the month (hold_march), the Stockholm-like target of 80; the
    pages in Swedish, as the steering group reads them."""
    team = Team()
    stockholm_like(unit=team.unit, year=2026)
    hold_march(team)
    client.force_login(team.styrgrupp)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    with translation.override("sv"):
        yield team


def _occupancy_headline(page: str) -> str:
    return _between(page, '<li class="headline" data-headline="occupancy">', "</li>")


def test_the_dashboard_names_its_occupancy_active_during_the_month(client, march_in_swedish):
    page = _get(client, march_in_swedish, "unit").content.decode()
    headline = _occupancy_headline(page)
    assert f'<span class="headline__label">{DURING}</span>' in headline
    assert '<strong class="headline__figure">25</strong>' in headline
    assert f"Mål 80, {COMPARED}" in headline  # which measure the target is compared with, next to it
    table = _between(page, 'id="table-occupancy"', "</table>")
    assert f'<th scope="col" class="num">{DURING}</th>' in table
    assert f"Beläggningsmålet {COMPARED}." in page
    now = _between(page, 'id="table-occupancy_now"', "</table>")
    assert f'<th scope="row">{DURING}</th>' in now
    # Intake's measure is named beside it (not shown: the figure of one day is not published).
    section = _between(page, 'id="occupancy-heading"', "</section>")
    assert f"”{TODAY}”" in section
    definition = _between(section, '<details class="term-help">', "</details>")
    assert DURING in definition and TODAY in definition


def test_a_quarter_names_the_average_of_active_during_the_month(client, march_in_swedish):
    page = _get(client, march_in_swedish, "unit", "2026-K1").content.decode()
    label = f"{DURING}, genomsnitt per månad"
    assert f'<span class="headline__label">{label}</span>' in _occupancy_headline(page)
    assert f"jämförs med ”{label}”" in _occupancy_headline(page)


def test_the_exports_and_the_meeting_pack_use_the_same_name(client, march_in_swedish):
    team = march_in_swedish
    rows = list(csv.reader(io.StringIO(_get(client, team, "csv").content.decode("utf-8-sig")), delimiter=";"))
    assert ["Beläggning under perioden", DURING, "Personer", "25", ""] in rows
    assert any(r[0] == "Beläggning per månad" and r[1] == "2026-03" and r[2] == DURING and r[3] == "25" for r in rows)

    book = load_workbook(io.BytesIO(_get(client, team, "xlsx").content))
    cells = [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    assert ("Månad", DURING, "Beläggningsmål") in cells  # the header of the months' table
    assert any(row[:2] == (DURING, 25) for row in cells)  # the period's figure

    words = pdf_words(_get(client, team, "pdf").content)
    name = "".join(DURING.split())
    assert f"{name}25" in words  # the summary's line: the name, then the figure
    assert f"Mål80,jämförsmed”{name}”" in words


def test_the_national_view_and_the_start_page_use_the_same_name(client, march_in_swedish):
    team = march_in_swedish
    page = client.get(reverse("krami:home")).content.decode()
    assert f'<span class="headline__label">{DURING}</span>' in _occupancy_headline(page)

    months_close(units=[team.unit], months=[date(2026, 3, 1)], by={team.unit.pk: team.styrgrupp})
    client.force_login(staff(role=Role.NSG))
    page = client.get(reverse("reporting:national") + "?period=2026-03").content.decode()
    header = _between(page, 'id="table-national"', "</thead>")
    assert f'<th scope="col" class="num">{DURING}</th>' in header
    assert f"Beläggningsmålet {COMPARED}." in page
    book = load_workbook(io.BytesIO(client.get(reverse("reporting:national_xlsx") + "?period=2026-03").content))
    assert DURING in [c.value for c in book.worksheets[1][1]]  # the first data sheet, after the contents
