"""Issue 17, item 6: every Excel download in Swedish, with short sheet names and a contents sheet,
frozen header rows, numbers as numbers in Swedish formats, "x" with its rule, and the targets
of the page.

Each download is fetched as a Swedish user and read back with openpyxl.
"""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import trans_real
from openpyxl import load_workbook

from agreements.models import InflowMeasure, InflowTarget
from krami.models import Municipality, Role
from reporting.cells import Cell
from reporting.exports import excel_cell
from tests.agreements.factories import stockholm_like
from tests.krami.factories import MunicipalityFactory, staff
from tests.reporting.helpers import Team
from tests.reporting.test_dashboard_views import hold_march
from tests.reporting.test_national import close

pytestmark = pytest.mark.django_db

# Words of the English interface that must not be in a Swedish download (whole words).
# ("Period", "Status", "Trend" and "Total" are Swedish words too.)
ENGLISH = (
    "met", "below", "within", "yes", "no", "Active", "Exits", "Unit", "Target", "Table", "Row", "Column", "Value",
    "Field", "Created", "About", "Contents", "Definitions", "Figure", "Share", "Month", "People", "Sheet", "closed",
    "the", "of", "and", "not", "Invoice", "Municipality", "Amount", "changed",
)
ENGLISH_WORD = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)

# The sheet names chosen for the tabs (Swedish, at most 31 characters): nothing else may appear.
CHOSEN_NAMES = {
    "Innehåll", "Om filen", "Definitioner", "Beläggning per månad", "Beläggning", "Inflöde", "Väntetid", "Avslut",
    "Avslutsorsaker", "Uppföljning", "Kön", "Ålder", "Prioritering", "Remittent", "Hemkommun", "Tid i faser",
    "Drogtester", "Ekonomi", "Kostnadsfördelning", "Köpta platser", "Alla enheter", "Trend per enhet", "Fakturaunderlag",
}
SUPPRESSION = "Ett antal på 1–4 personer visas aldrig"
PERCENT, MONEY = re.compile(r'^0(\.0+)?" %"$'), re.compile(r'^#,##0(\.00)? "kr"$')


@pytest.fixture
def march(client):
    """Stockholm-like: 60 % of the completers, an inflow target; March with one "other" exit (a 1: "x")."""
    team = Team()
    agreement = stockholm_like(unit=team.unit, year=2026)
    InflowTarget.objects.create(agreement=agreement, measure=InflowMeasure.ENROLLED, minimum=50)
    hold_march(team)
    team.closed(date(2026, 1, 5), date(2026, 3, 3), "other", False)
    team.enrol(team.person(municipality=MunicipalityFactory(name="Köpkommun")), date(2026, 2, 10))
    return team


def swedish(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"


def workbook(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return load_workbook(io.BytesIO(response.content))


def dashboard(client, team, period="2026-03"):
    swedish(client, team.styrgrupp)
    return workbook(client, reverse("reporting:xlsx", args=[team.unit.pk]) + f"?period={period}")


def national(client, team):
    close(team)
    swedish(client, staff(role=Role.NSG))
    return workbook(client, reverse("reporting:national_xlsx") + "?period=2026-03")


def places(client, team):
    swedish(client, staff(role=Role.AGREEMENT_ADMIN, unit=team.unit, organisation=team.unit.parties.get(kind="kommun")))
    return workbook(client, reverse("reporting:places_xlsx", args=[team.unit.pk]) + "?period=2026-03")


DOWNLOADS = {
    "month": dashboard, "quarter": lambda c, t: dashboard(c, t, "2026-K1"), "national": national, "places": places,
}


def cells(book):
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value not in (None, "")]


@pytest.mark.parametrize("download", list(DOWNLOADS))
def test_every_excel_download_is_swedish_with_chosen_names_frozen_headers_and_numbers(client, march, download):
    """One fetch per download (each is a whole dashboard), every check on it."""
    book = DOWNLOADS[download](client, march)
    no_english_word(book, march)
    chosen_short_names_and_contents_first(book)
    assert {sheet.title: sheet.freeze_panes for sheet in book} == {sheet.title: "A2" for sheet in book}
    numbers_with_a_number_format(book)


def no_english_word(book, team) -> None:
    """The status column said "met"; every text cell is Swedish text of the catalogue or data."""
    texts = [c.value for c in cells(book) if isinstance(c.value, str)]
    notes = [c.comment.text for c in cells(book) if c.comment]
    assert [t for t in texts + notes if ENGLISH_WORD.search(t)] == []
    patterns = swedish_texts()
    assert [t for t in texts if not is_data(t, team) and not any(p.match(t) for p in patterns)] == []


def chosen_short_names_and_contents_first(book) -> None:
    """The tabs were the captions cut at 28 characters ("Aktiva deltagare under perio")."""
    assert set(book.sheetnames) <= CHOSEN_NAMES, set(book.sheetnames) - CHOSEN_NAMES
    assert all(len(name) <= 31 for name in book.sheetnames)
    assert book.sheetnames[0] == "Innehåll"
    listed = [row for row in book["Innehåll"].iter_rows(min_row=2) if row[0].value and row[0].hyperlink]
    assert [row[0].value for row in listed] == book.sheetnames[1:]
    assert [row[0].hyperlink.location for row in listed] == [f"'{name}'!A1" for name in book.sheetnames[1:]]
    assert all(row[1].value for row in listed)  # each with its full title


def numbers_with_a_number_format(book) -> None:
    numbers = [c for c in cells(book) if isinstance(c.value, (int, float, Decimal)) and c.row > 1]
    assert numbers
    assert [(c.parent.title, c.coordinate, c.value) for c in numbers if c.number_format == "General"] == []
    texts = [c for c in cells(book) if isinstance(c.value, str) and c.row > 1]
    # (The invoice basis's charged months are a list, "1, 2": text.)
    as_text = [c.value for c in texts if re.fullmatch(r"[\d\s\xa0,.]+( %| kr)?", c.value)
               and (c.parent.title, c.column_letter) != ("Fakturaunderlag", "D")]
    assert as_text == []


def swedish_texts() -> list[re.Pattern]:
    """Every Swedish text of the catalogue as a pattern, its placeholders matching anything."""
    catalogue = trans_real.translation("sv")._catalog
    patterns = set()
    for _key, text in catalogue.items():
        for one in (text if isinstance(text, tuple) else (text,)):
            parts = [p.replace("%%", "%") for p in re.split(r"%\(\w+\)[sd]|%[sd]", one)]
            patterns.add("^" + ".+".join(re.escape(p) for p in parts) + "$")
    return [re.compile(p, re.S) for p in patterns]


def is_data(text: str, team) -> bool:
    """Names and numbers that come from the data, not from the interface."""
    names = {team.unit.name, "x", "–", *Municipality.objects.values_list("name", flat=True),
             *team.unit.parties.values_list("name", flat=True),
             *team.unit.agreements.get().cost_categories.values_list("name", flat=True)}
    return text in names or re.fullmatch(r"[\d\s\xa0,.:–-]+|\d{4}-[KH]\d|D-\d+", text) is not None


def test_hidden_cells_are_x_with_the_rule_and_figures_in_swedish_formats(client, march):
    book = dashboard(client, march)
    hidden = [c for c in cells(book) if c.value == "x" and c.parent.title != "Om filen"]  # (there "x" is explained)
    assert hidden and all(c.data_type == "s" for c in hidden)
    assert all(c.comment is not None and SUPPRESSION in c.comment.text for c in hidden)
    reasons = {row[0]: row[1] for row in book["Avslutsorsaker"].iter_rows(min_row=2, values_only=True)}
    assert reasons["Övrigt"] == "x"
    assert any(SUPPRESSION in str(c.value) for c in cells([book["Innehåll"]]))
    reasons = {row[0].value: row[1] for row in book["Avslutsorsaker"].iter_rows(min_row=2)}
    assert reasons["Alla avslut"].value == 26 and reasons["Alla avslut"].number_format == "#,##0"
    outcomes = {row[0].value: row for row in book["Avslut"].iter_rows(min_row=2)}
    share = outcomes["Avslut efter fullföljt vägledningsprogram"][3]
    assert share.value == pytest.approx(66.7) and PERCENT.match(share.number_format)
    assert share.number_format == '0.0" %"'  # as the page: 66,7 %
    amounts = [c for row in book["Ekonomi"].iter_rows(min_row=2) for c in row[1:]]
    assert amounts and all(isinstance(c.value, (int, float)) and MONEY.match(c.number_format) for c in amounts)


def _page_targets(html: str, table_id: str, column: int) -> dict[str, str]:
    table = html[html.index(f'id="table-{table_id}"'):]
    table = table[:table.index("</table>")]
    result = {}
    for label, row in re.findall(r'<th scope="row">(?:<strong>)?(.*?)(?:</strong>)?</th>(.*?)</tr>', table, re.S):
        texts = [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        result[label] = texts[column]
    return result


def _as_shown(value) -> str:
    if isinstance(value, (int, float, Decimal)):
        return f"{Decimal(str(value)).normalize():f}"
    return str(value)


def test_the_targets_are_the_dashboards(client, march):
    """"Alla avslut" had the target 60 in Excel and "–" on the page: the target counts the completers."""
    book = dashboard(client, march)
    html = client.get(reverse("reporting:unit", args=[march.unit.pk]) + "?period=2026-03").content.decode()
    for table_id, sheet, column in (("outcomes", "Avslut", 3), ("funnel", "Inflöde", 1)):
        page = _page_targets(html, table_id, column)
        excel = {row[0]: _as_shown(row[column + 1]) for row in book[sheet].iter_rows(min_row=2, values_only=True)}
        assert excel == {label: text.replace(" %", "").replace("\xa0", "") for label, text in page.items()}, table_id
    outcomes = {row[0]: row[4] for row in book["Avslut"].iter_rows(min_row=2, values_only=True)}
    assert outcomes == {"Alla avslut": "–", "Avslut efter fullföljt vägledningsprogram": 60}


@pytest.mark.parametrize(("cell", "value", "number_format"), [
    (Cell("–", Decimal(60)), "–", ""),  # a target where it does not apply: the page's "–", not the value
    (Cell("Målet nått", "met"), "Målet nått", ""),  # a status: its words, not its key
    (Cell("66,7 %", Decimal("66.7")), Decimal("66.7"), '0.0" %"'),
    (Cell("60 %", Decimal("60.00")), Decimal("60.00"), '0" %"'),
    (Cell("1\xa0234", 1234), 1234, "#,##0"),
    (Cell("12,5", Decimal("12.5")), Decimal("12.5"), "#,##0.0"),
    (Cell("4\xa0900,00\xa0kr", Decimal("4900.00")), Decimal("4900.00"), '#,##0 "kr"'),
    (Cell("12,5 av 50", None), "12,5 av 50", ""),
])
def test_a_cell_in_excel_is_what_the_page_shows(cell, value, number_format):
    assert (excel_cell(cell).value, excel_cell(cell).number_format) == (value, number_format)
