"""The dashboard as Excel, CSV and a PDF meeting pack: the same tables, no personal data.

CSV and Excel go through krami/exports.py (formula-injection safe). Hidden cells are written
as "x", exactly as on the page; the definitions travel with the figures.
"""

from __future__ import annotations

from pathlib import Path

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from krami.exports import csv_response, html_to_pdf, xlsx_response
from reporting import kpis
from reporting.dashboard import Dashboard, Headline

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


def dashboard_xlsx(dashboard: Dashboard) -> HttpResponse:
    about = [
        [_("Unit"), dashboard.unit.name],
        [_("Period"), dashboard.period.label],
        [_("Closed month"), _("yes, frozen figures") if dashboard.snapshot else _("no, figures as of today")],
        [_("Created"), timezone.localtime().strftime("%Y-%m-%d %H:%M")],
        [_("x"), str(kpis.BY_KEY["suppression"].counted)],
    ]
    sheets = [(_("About"), [_("Field"), _("Value")], about)]
    for table in dashboard.tables.values():
        rows = [[row.label, *(c.export for c in row.cells)] for row in table.rows]
        sheets.append((table.caption, table.columns, rows))
    sheets.append((
        _("Definitions"), [_("Figure"), _("What is counted"), _("Dates"), _("Denominator")],
        [[str(k.title), str(k.counted), str(k.dates), str(k.denominator)] for k in dashboard.definitions],
    ))
    return xlsx_response(filename=filename(dashboard, "xlsx"), sheets=sheets)



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
