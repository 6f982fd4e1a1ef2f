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
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

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


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: a short tab name (at most 31 characters, never cut: Excel's limit),
    the full title listed on the contents sheet, the header row and the rows."""

    name: str
    title: str
    header: Sequence
    rows: Iterable[Sequence]


@dataclass(frozen=True)
class ExcelCell:
    """A cell with its number format (a number stays a number: Excel shows it with the reader's
    own separators) and a note shown as a cell comment (why a cell says "x", a later change)."""

    value: object
    number_format: str = ""
    note: str = ""


# Number formats: codes are written with "." and "," and shown with the reader's locale
# ("1 234", "66,7 %" in Swedish Excel). A percentage is stored as the screen shows it (66.7),
# so its "%" is a literal, not Excel's percent sign (which would multiply by 100).
INTEGER = "#,##0"
MONEY = '#,##0 "kr"'
MONEY_ORE = '#,##0.00 "kr"'
DATE_TIME = "yyyy-mm-dd hh:mm"


def decimal_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def percent_format(decimals: int) -> str:
    return "0" + ("." + "0" * decimals if decimals else "") + '" %"'


EXCEL_NAME_LIMIT = 31
FORBIDDEN_IN_NAMES = set("[]:*?/\\'")


def xlsx_response(*, filename: str, sheets: Sequence, contents: Sheet | None = None, notes: Sequence[str] = ()) -> HttpResponse:
    """An Excel workbook: one sheet per `Sheet` (or (name, header, rows), named by its name);
    user text never becomes a formula, header rows are frozen, numbers stay numbers.

    With `contents` (its name, title and header), a contents sheet comes first: each sheet's
    name, linked to the sheet, and its full title, then the `notes` (what "x" means). A name
    that Excel would refuse is an error, not a cut.
    """
    sheets = [s if isinstance(s, Sheet) else Sheet(s[0], s[0], s[1], s[2]) for s in sheets]
    _check_names([s.name for s in sheets] + ([contents.name] if contents else []))
    workbook = Workbook()
    workbook.remove(workbook.active)
    if contents is not None:
        index = workbook.create_sheet(title=contents.name)
        _fill(index, contents.header, [[s.name, s.title] for s in sheets] + [[]] + [[note] for note in notes])
        for row, s in enumerate(sheets, start=2):
            index.cell(row=row, column=1).hyperlink = Hyperlink(ref=f"A{row}", location=f"'{s.name}'!A1", display=s.name)
            index.cell(row=row, column=1).style = "Hyperlink"
    for s in sheets:
        _fill(workbook.create_sheet(title=s.name), s.header, s.rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = _filename_header(filename)
    return response


def _fill(sheet, header: Sequence, rows: Iterable[Sequence]) -> None:
    """Write the header (bold, frozen) and the rows; style each cell; fit the columns to the text."""
    widths: dict[int, int] = {}
    for row, values in enumerate([list(header), *rows], start=1):
        for column, value in enumerate(values, start=1):
            if value is None:
                continue  # an empty cell, not an empty text
            cell = sheet.cell(row=row, column=column)
            cell.value = neutralise(value.value if isinstance(value, ExcelCell) else value)
            if isinstance(value, ExcelCell):
                _style(cell, value)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever openpyxl guessed
            length = _shown_length(cell.value)
            if length > WRAP_AT:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[column] = max(widths.get(column, 0), min(length, WRAP_AT))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"  # the header row stays in view
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(width + 2, 8)


WRAP_AT = 60  # longer text wraps in a column this wide


def _style(cell, value: ExcelCell) -> None:
    if value.number_format:
        cell.number_format = value.number_format
    if value.note:
        cell.comment = Comment(str(value.note), "Krami", width=300, height=120)


def _shown_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, (int, float, Decimal)):
        return len(f"{value:,}") + 2  # grouping and a unit ("kr", "%")
    if isinstance(value, (date, datetime)):
        return 16
    return max((len(line) for line in str(value).splitlines()), default=0)


def _check_names(names: list[str]) -> None:
    """Excel's rules for sheet names: 1–31 characters, none of []:*?/\\ or an apostrophe, unique ignoring case."""
    seen = set()
    for name in names:
        if not name or len(name) > EXCEL_NAME_LIMIT or FORBIDDEN_IN_NAMES & set(name) or name.lower() in seen:
            raise ValueError(f"Not a sheet name Excel accepts: {name!r}")
        seen.add(name.lower())


_pdf_tools = threading.local()


def _fonts_and_stylesheet(stylesheet):
    """The thread's font configuration and `stylesheet` parsed with it, kept between documents.

    A new font configuration per document made Pango load and shape every font anew: keeping one
    per thread made the meeting pack 6 % and the agreement PDF 18 % faster, the same bytes (Pango's
    font map is not shared between threads). A stylesheet is parsed again when its file changes."""
    from weasyprint import CSS  # noqa: PLC0415 - loading pango takes a moment, and only PDFs need it
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 - as above

    if not hasattr(_pdf_tools, "fonts"):
        _pdf_tools.fonts, _pdf_tools.sheets = FontConfiguration(), {}
    path = Path(stylesheet)
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _pdf_tools.sheets:
        _pdf_tools.sheets = {k: v for k, v in _pdf_tools.sheets.items() if k[0] != key[0]}
        _pdf_tools.sheets[key] = CSS(filename=key[0], font_config=_pdf_tools.fonts)
    return _pdf_tools.fonts, _pdf_tools.sheets[key]


def html_to_pdf(html: str, stylesheet) -> bytes:
    """A PDF document (WeasyPrint) of `html` printed with the CSS file at `stylesheet`."""
    from weasyprint import HTML  # noqa: PLC0415 - loading pango takes a moment, and only PDFs need it

    fonts, sheet = _fonts_and_stylesheet(stylesheet)
    return HTML(string=html).write_pdf(stylesheets=[sheet], font_config=fonts)
