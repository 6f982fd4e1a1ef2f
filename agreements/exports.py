"""The invoice basis for purchased places as CSV and Excel, for the municipality's invoicing.

One row per participant and month: municipality, month, participant reference, which charged
months, place amount, drug tests and their cost, total. References only, never names: the
buying municipality gets what it pays for, not a case file. Text that a spreadsheet would
read as a formula is neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from agreements.pricing import MunicipalityInvoice

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def invoice_rows(invoices: Iterable[MunicipalityInvoice]) -> list[list]:
    header = [
        _("Municipality"), _("Month"), _("Participant reference"), _("Charged months"),
        _("Place amount (kr)"), _("Drug tests"), _("Drug test cost (kr)"), _("Total (kr)"),
    ]
    rows = [header]
    for invoice in invoices:
        for line in invoice.lines:
            rows.append([
                _safe(invoice.municipality), f"{invoice.month:%Y-%m}", _safe(line.reference),
                ", ".join(str(n) for n in line.enrolment_months), line.place_amount, line.drug_tests,
                line.drug_test_amount, line.total,
            ])
    return rows


def invoice_csv(invoices: Iterable[MunicipalityInvoice]) -> str:
    """Semicolon-separated with decimal commas, as Swedish spreadsheet programs expect."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in invoice_rows(invoices):
        writer.writerow([f"{v:.2f}".replace(".", ",") if hasattr(v, "quantize") else v for v in row])
    return out.getvalue()


def invoice_xlsx(invoices: Iterable[MunicipalityInvoice]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Invoice basis")[:31]
    for row in invoice_rows(invoices):
        sheet.append([float(v) if hasattr(v, "quantize") else v for v in row])
    for column in ("E", "G", "H"):
        for cell in sheet[column][1:]:
            cell.number_format = "#,##0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
