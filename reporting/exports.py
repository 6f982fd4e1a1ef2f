"""The dashboard as Excel, CSV and a PDF meeting pack: the same tables, no personal data.

CSV and Excel go through krami/exports.py (formula-injection safe). Hidden cells are written
as "x", exactly as on the page; the definitions travel with the figures.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from krami.exports import (
    DATE_TIME,
    INTEGER,
    MONEY,
    MONEY_ORE,
    ExcelCell,
    Sheet,
    csv_response,
    decimal_format,
    html_to_pdf,
    percent_format,
    xlsx_response,
)
from reporting import kpis
from reporting.cells import HIDDEN, Cell
from reporting.dashboard import Dashboard, Headline, Table

STYLESHEET = Path(__file__).with_name("pdf.css")
SHARES = ("outcomes", "keeping")  # headlines that are percentages (reporting/dashboard.py::compare_headlines)


def filename(dashboard: Dashboard, extension: str) -> str:
    return f"krami-{slugify(dashboard.unit.name)}-{dashboard.period.slug}.{extension}"


def long_rows(dashboard: Dashboard):
    """One row per published cell: table, row, column, value ("x" when hidden), changed after closing."""
    for table in dashboard.tables.values():
        for row in table.rows:
            for column, cell in zip(table.columns[1:], row.cells, strict=False):
                yield [table.caption, row.label, column, cell.export, cell.adjustment]


def dashboard_csv(dashboard: Dashboard) -> HttpResponse:
    header = [_("Table"), _("Row"), _("Column"), _("Value"), _("Changed after closing")]
    return csv_response(filename=filename(dashboard, "csv"), header=header, rows=long_rows(dashboard))


# Each table's sheet: a short name chosen for the tab (Excel allows 31 characters and would cut
# the caption), the caption itself is the title on the contents sheet. A table without a name
# here gets "Table 7" (tests/reporting/test_excel.py asks for one).
SHEET_NAMES = {
    "occupancy": pgettext_lazy("Excel sheet", "Occupancy by month"),
    "occupancy_now": pgettext_lazy("Excel sheet", "Occupancy"),
    "funnel": pgettext_lazy("Excel sheet", "Inflow"),
    "waiting": pgettext_lazy("Excel sheet", "Waiting time"),
    "outcomes": pgettext_lazy("Excel sheet", "Exits"),
    "exit_reasons": pgettext_lazy("Excel sheet", "Exit reasons"),
    "keeping": pgettext_lazy("Excel sheet", "Follow-ups"),
    "breakdown_gender": pgettext_lazy("Excel sheet", "Gender"),
    "breakdown_age": pgettext_lazy("Excel sheet", "Age"),
    "breakdown_priority": pgettext_lazy("Excel sheet", "Priority"),
    "breakdown_referral": pgettext_lazy("Excel sheet", "Referred by"),
    "breakdown_municipality": pgettext_lazy("Excel sheet", "Municipality"),
    "phase_time": pgettext_lazy("Excel sheet", "Phases"),
    "drug_tests": pgettext_lazy("Excel sheet", "Drug tests"),
    "economy": pgettext_lazy("Excel sheet", "Economy"),
    "economy_split": pgettext_lazy("Excel sheet", "Cost split"),
    "places": pgettext_lazy("Excel sheet", "Purchased places"),
    "national": pgettext_lazy("Excel sheet", "All units"),
    "trend": pgettext_lazy("Excel sheet", "Trend by unit"),
}
ABOUT = pgettext_lazy("Excel sheet", "About")
CONTENTS = pgettext_lazy("Excel sheet", "Contents")
DEFINITIONS = pgettext_lazy("Excel sheet", "Definitions")
NUMBER = re.compile(r"\d(?:[\d\s\xa0,.]*\d)?")


def sheet_name(table: Table, number: int) -> str:
    return str(SHEET_NAMES.get(table.id) or _("Table %(n)s") % {"n": number})


def excel_cell(cell: Cell) -> ExcelCell:
    """The cell as the screen shows it: a figure as a number in the screen's format (its text says
    whether it is a percentage, an amount, and how many decimals), "x" as text with the rule that
    hid it, anything else ("–", a status, "not closed") as its text."""
    note = cell.adjustment
    if cell.hidden:
        return ExcelCell(HIDDEN, note=" ".join(filter(None, [suppression_note(), note])))
    value, number = cell.value, NUMBER.search(cell.text)
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)) or number is None:
        return ExcelCell(cell.text, note=note)
    decimals = re.search(r"[.,](\d{1,2})$", number.group())  # "66,7", "4 900,00"; not "1,234"
    decimals = len(decimals.group(1)) if decimals else 0
    if cell.text.endswith("%"):
        return ExcelCell(value, percent_format(decimals), note)
    if cell.text.endswith("kr"):
        return ExcelCell(value, MONEY if value == int(value) else MONEY_ORE, note)
    return ExcelCell(value, INTEGER if decimals == 0 else decimal_format(decimals), note)


def suppression_note() -> str:
    return str(kpis.BY_KEY["suppression"].counted)


def table_sheets(tables) -> list[Sheet]:
    """A sheet per table: its short name, its caption as the title, its cells as on the screen."""
    return [
        Sheet(sheet_name(table, number), table.caption, table.columns,
              [[row.label, *(excel_cell(c) for c in row.cells)] for row in table.rows])
        for number, table in enumerate(tables, start=1)
    ]


def definitions_sheet(definitions) -> Sheet:
    return Sheet(
        str(DEFINITIONS), _("What each figure counts"), [_("Figure"), _("What is counted"), _("Dates"), _("Denominator")],
        [[str(k.title), str(k.counted), str(k.dates), str(k.denominator)] for k in definitions],
    )


def contents_sheet() -> Sheet:
    return Sheet(str(CONTENTS), _("Contents"), [_("Sheet"), _("What the sheet shows")], [])


def dashboard_xlsx(dashboard: Dashboard) -> HttpResponse:
    about = [
        [_("Unit"), dashboard.unit.name],
        [_("Period"), dashboard.period.label],
        [_("Closed month"), _("yes, frozen figures") if dashboard.snapshot else _("no, figures as of today")],
        [_("Created"), ExcelCell(timezone.localtime().replace(tzinfo=None, second=0, microsecond=0), DATE_TIME)],
        [_("x"), suppression_note()],
    ]
    sheets = [
        Sheet(str(ABOUT), _("About the file"), [_("Field"), _("Value")], about),
        *table_sheets(dashboard.tables.values()),
        definitions_sheet(dashboard.definitions),
    ]
    return xlsx_response(filename=filename(dashboard, "xlsx"), sheets=sheets, contents=contents_sheet(),
                         notes=[_("x: %(rule)s") % {"rule": suppression_note()}])


def headline_value(h: Headline) -> str:
    """A headline's figure against its target in words; with the label before it, one line per
    target: "Active participants | 37 of 80: below the target".

    A count names its target as "of 80", a share as "(target 60 %)"; a hidden figure stays "x"
    and has no status, as on the dashboard; a figure without a target says so."""
    values = {"figure": h.cell.text, "goal": h.goal}
    if not h.goal:
        return _("%(figure)s: no target") % values
    values["verdict"] = {
        "met": _("target met"), "near": _("within 5 points of the target"), "below": _("below the target"),
    }.get(h.status) or (_("hidden, so no status") if h.cell.hidden else _("no figure, so no status"))
    if h.definition in SHARES:
        return _("%(figure)s (target %(goal)s): %(verdict)s") % values
    return _("%(figure)s of %(goal)s: %(verdict)s") % values


def dashboard_pdf(dashboard: Dashboard, *, printed_by: str) -> HttpResponse:
    """The meeting pack: page 1 the headline figures in words with their changes, then the tables."""
    html = render_to_string("reporting/pack.html", {
        "d": dashboard, "printed_by": printed_by, "now": timezone.localtime(), "LANGUAGE_CODE": get_language(),
        "headlines": [(h, headline_value(h)) for h in dashboard.headlines],
    })
    response = HttpResponse(html_to_pdf(html, STYLESHEET), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename(dashboard, "pdf")}"'
    return response
