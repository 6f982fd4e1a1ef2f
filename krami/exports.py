"""CSV and Excel exports that a spreadsheet cannot turn into formulas; PDF documents from HTML.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula (or DDE
payload) to Excel and LibreOffice. Every text cell from users passes through `neutralise`,
which prefixes such text with an apostrophe; numbers and dates are written as numbers and
dates, so arithmetic in the sheet still works. openpyxl writes a cell starting with `=` as a
live formula, so Excel files are written through `xlsx_response` only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value as safe for a spreadsheet cell: dangerous text gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, (int, float, Decimal, date, datetime)):
        return value
    text = str(value)
    if text.startswith(DANGEROUS_PREFIXES):
        return "'" + text
    return text


def _filename_header(filename: str) -> str:
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "-_.")
    return f'attachment; filename="{safe}"'


def csv_response(*, filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV file (semicolon-separated, UTF-8 with BOM: what Swedish Excel opens correctly)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(neutralise(v)) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _filename_header(filename)
    return response


def _csv_cell(value) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, float):
        return f"{value}".replace(".", ",")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def xlsx_response(*, filename: str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> HttpResponse:
    """An Excel workbook: one sheet per (title, header, rows); user text never becomes a formula."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in _valid_titles(sheets):
        sheet = workbook.create_sheet(title=title)
        sheet.append([neutralise(h) for h in header])
        for row in rows:
            sheet.append([neutralise(v) for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, column in enumerate(sheet.columns, start=1):
            width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever openpyxl guessed
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = _filename_header(filename)
    return response


def _valid_titles(sheets):
    """Excel's rules for sheet names: at most 31 characters, none of []:*?/ or a backslash, unique ignoring case."""
    seen: dict[str, int] = {}
    for title, header, rows in sheets:
        title = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title))[:28].strip()
        seen[title.lower()] = seen.get(title.lower(), 0) + 1
        count = seen[title.lower()]
        yield (title if count == 1 else f"{title} {count}", header, rows)


def html_to_pdf(html: str, stylesheet) -> bytes:
    """A PDF document (WeasyPrint) of `html` printed with the CSS file at `stylesheet`."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 - loading pango takes a moment, and only PDFs need it

    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(stylesheet))])
