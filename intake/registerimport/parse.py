"""Reading an uploaded file into rows: CSV (UTF-8, with or without BOM, `;` or `,`) or Excel (.xlsx).

Nothing here knows about participants: the result is the file's headers matched to the
columns (`columns.py`) and, per data row, its row number as the spreadsheet shows it (the
header is row 1) and the raw cell values by column key. Problems with the file as a whole
(not a spreadsheet, a required column missing, too many rows) raise `FileProblem`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intake.registerimport.columns import Column, match_headers

MAX_BYTES = 5 * 1024 * 1024  # a register of a few thousand people is well under 1 MB
MAX_ROWS = 10_000
MAX_COLUMNS = 60  # cells beyond this are not read (a sheet with thousands of empty columns)
MAX_UNPACKED = 100 * 1024 * 1024  # an .xlsx is a zip: refuse one that unpacks to more (a zip bomb)
FORMATS = ("csv", "xlsx")


class FileProblem(Exception):
    """The file cannot be imported at all; the message says why, for the person who uploaded it."""


@dataclass
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1
    values: dict[str, object]  # column key -> str, date, or None


@dataclass
class Table:
    columns: dict[str, str]  # column key -> the header as written in the file (for error messages)
    rows: list[Row]
    ignored: list[str] = field(default_factory=list)


def file_format(file_name: str) -> str:
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in FORMATS:
        raise FileProblem(_("Upload an Excel file (.xlsx) or a CSV file (.csv)."))
    return suffix


def read_table(content: bytes, file_name: str) -> Table:
    """The file's rows; raises FileProblem for a file that cannot be imported as a whole."""
    if len(content) > MAX_BYTES:
        raise FileProblem(
            _("The file is larger than %(mb)s MB. Split it into several files.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    records = _xlsx_records(content) if file_format(file_name) == "xlsx" else _csv_records(content)
    header = next(records, None)
    if header is None:
        raise FileProblem(_("The file is empty."))
    return _table(header[1], records)


def _table(header: list, records) -> Table:
    found, ignored, missing, twice = match_headers([_text(h) or "" for h in header])
    if missing:
        raise FileProblem(
            _("Columns are missing: %(columns)s. Download the template to see the columns.")
            % {"columns": ", ".join(c.header for c in missing)}
        )
    if twice:
        raise FileProblem(_("These columns appear twice: %(columns)s.") % {"columns": ", ".join(twice)})
    rows = []
    for number, cells in records:
        values = {col.key: _value(cells[i]) if i < len(cells) else None for i, col in found.items()}
        if all(v is None for v in values.values()):
            continue  # an empty line between blocks of rows is not a row
        rows.append(Row(number=number, values=values))
        if len(rows) > MAX_ROWS:
            raise FileProblem(
                ngettext(
                    "The file has more than %(max)s row. Split it into several files.",
                    "The file has more than %(max)s rows. Split it into several files.",
                    MAX_ROWS,
                ) % {"max": f"{MAX_ROWS:,}".replace(",", " ")}
            )
    if not rows:
        raise FileProblem(_("The file has a header but no rows."))
    columns = {col.key: _text(header[i]).strip() for i, col in found.items()}
    return Table(columns=columns, rows=rows, ignored=ignored)


def _csv_records(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            _("The CSV file is not in UTF-8. In Excel, save it as “CSV UTF-8 (comma delimited)”.")
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, cells[:MAX_COLUMNS]
    except csv.Error as exc:
        raise FileProblem(_("The CSV file cannot be read: %(problem)s") % {"problem": exc}) from None


def _xlsx_records(content: bytes):
    from openpyxl import load_workbook

    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(content)).infolist())
        if unpacked > MAX_UNPACKED:
            raise FileProblem(_("The workbook is too large when unpacked. Save it again in Excel, or as CSV."))
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileProblem(_("The file is not an Excel workbook (.xlsx).")) from None
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
            yield number, list(cells)
    finally:
        workbook.close()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed into a cell, e.g. a personnummer without the dash
    return str(value)


def _value(cell) -> object:
    """A cell as text, or as a date when the spreadsheet holds a real date; empty cells are None."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = _text(cell).strip()
    # Exports neutralise text that a spreadsheet would take as a formula with a leading apostrophe
    # (krami/exports.py); reading such a file back gives the text as it was.
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    return text or None


def column_header(table: Table, column: Column) -> str:
    return table.columns.get(column.key, column.header)
