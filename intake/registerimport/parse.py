"""Reading an uploaded file into rows: CSV (UTF-8, with or without BOM, `;` or `,`) or Excel (.xlsx).

Nothing here knows about participants: the result is the file's headers matched to the
columns (`columns.py`) and, per data row, its row number as the spreadsheet shows it (the
header is row 1) and the raw cell values by column key. Problems with the file as a whole
(not a spreadsheet, a required column missing, too many rows) raise `FileProblem`; a cell that
cannot be imported as it is (a character the database cannot store, a formula without a saved
value) becomes a `CellProblem`, which the check reports by row and column (validate.py).

Within bounded time and memory, whatever the file (issue 13): every row of the sheet counts
against `MAX_ROWS`, empty ones too, and reading stops at the first run of `EMPTY_RUN` empty
rows, so at most `MAX_ROWS` + 1 rows are ever read; Excel files are streamed (xlsx.py). The file
is read once, on upload, into stored rows (`stored_values`); the checks read those.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intake.registerimport import xlsx
from intake.registerimport.columns import match_headers

MAX_BYTES = 5 * 1024 * 1024  # a register of a few thousand people is well under 1 MB
MAX_ROWS = 10_000  # rows below the header, empty ones included
EMPTY_RUN = 1_000  # this many empty rows one after another end the data: reading stops there
MAX_COLUMNS = 60  # cells beyond this are not read (a sheet with thousands of empty columns)
MAX_UNPACKED = 100 * 1024 * 1024  # an .xlsx is a zip: refuse one that unpacks to more (a zip bomb)
FORMATS = ("csv", "xlsx")


# What PostgreSQL cannot store in text: NUL, and halves of UTF-16 pairs (lone surrogates, from a
# badly encoded file), which are no characters at all.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class FileProblem(Exception):
    """The file cannot be imported at all; the message says why, for the person who uploaded it."""


@dataclass(frozen=True)
class CellProblem:
    """A cell that cannot be imported as it is: `kind` FORMULA (`where` is the cell, e.g. "C14")
    or CHARACTER (`where` is the character's code, e.g. "U+0000")."""

    kind: str
    where: str

    FORMULA = "formula"
    CHARACTER = "character"


@dataclass
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1
    values: dict[str, object]  # column key -> str, date, CellProblem, or None


@dataclass
class Table:
    columns: dict[str, str]  # column key -> the header as written in the file (for error messages)
    rows: list[Row]
    ignored: list[str] = field(default_factory=list)
    stopped_at: int | None = None  # the last row of the run of empty rows that stopped the reading


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
    first = next(records, None)
    if first is None:
        raise FileProblem(_("The file is empty."))
    if first[0] != 1:  # the sheet's first row is empty: no header
        return _table([], chain([first], records))
    return _table(first[1], records)


def _table(header: list, records) -> Table:
    found, ignored, missing, twice = match_headers([_header(h) for h in header])
    if missing:
        raise FileProblem(
            _("Columns are missing: %(columns)s. Download the template to see the columns.")
            % {"columns": ", ".join(c.header for c in missing)}
        )
    if twice:
        raise FileProblem(_("These columns appear twice: %(columns)s.") % {"columns": ", ".join(twice)})
    rows, last, stopped_at = [], 1, None  # last: the last row with a value (the header is row 1)
    for number, cells in records:
        if number - last > EMPTY_RUN:
            stopped_at = last + EMPTY_RUN
            break  # the data has ended; the rest of the sheet is not read
        if number > MAX_ROWS + 1:
            raise FileProblem(
                ngettext(
                    "The file has more than %(max)s row, counting empty rows. Split it into several files, or "
                    "delete the empty rows.",
                    "The file has more than %(max)s rows, counting empty rows. Split it into several files, or "
                    "delete the empty rows.",
                    MAX_ROWS,
                ) % {"max": _number(MAX_ROWS)}
            )
        values = {col.key: _value(cells[i]) if i < len(cells) else None for i, col in found.items()}
        if all(v is None for v in values.values()):
            continue  # an empty line between blocks of rows is not a row
        rows.append(Row(number=number, values=values))
        last = number
    if not rows and stopped_at:
        raise FileProblem(
            _("The file has a header but no rows: rows 2–%(last)s are empty, and reading stops after %(run)s empty "
              "rows one after another.") % {"last": _number(stopped_at), "run": _number(EMPTY_RUN)}
        )
    if not rows:
        raise FileProblem(_("The file has a header but no rows."))
    columns = {col.key: _header(header[i]) for i, col in found.items()}
    return Table(columns=columns, rows=rows, ignored=ignored, stopped_at=stopped_at)


def _number(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _csv_records(content: bytes):
    try:
        # surrogatepass: a file that encodes characters as UTF-16 halves (CESU-8) reads, and the
        # check names each cell that has one, instead of refusing the whole file.
        text = content.decode("utf-8-sig", "surrogatepass")
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
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileProblem(_("The file is not an Excel workbook (.xlsx).")) from None
    if unpacked > MAX_UNPACKED:
        raise FileProblem(_("The workbook is too large when unpacked. Save it again in Excel, or as CSV."))
    try:
        yield from xlsx.first_sheet_rows(archive, max_columns=MAX_COLUMNS)
    except xlsx.WorkbookProblem as exc:
        raise FileProblem(str(exc)) from None


def _header(value) -> str:
    """A header as written, for matching and for the report; what cannot be stored shown as �."""
    return UNSTORABLE.sub("\ufffd", _text(value)).strip()


def _text(value) -> str:
    if value is None or isinstance(value, (xlsx.FormulaWithoutValue, CellProblem)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed into a cell, e.g. a personnummer without the dash
    return str(value)


def _value(cell) -> object:
    """A cell as text, or as a date when the spreadsheet holds a real date; empty cells are None;
    a CellProblem for a formula without a saved value or a character the database cannot store."""
    if isinstance(cell, xlsx.FormulaWithoutValue):
        return CellProblem(CellProblem.FORMULA, cell.cell)
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = _text(cell).strip()
    # Exports neutralise text that a spreadsheet would take as a formula with a leading apostrophe
    # (krami/exports.py); reading such a file back gives the text as it was.
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    unstorable = UNSTORABLE.search(text)
    if unstorable:
        return CellProblem(CellProblem.CHARACTER, f"U+{ord(unstorable.group()):04X}")
    return text or None


def stored_values(values: dict[str, object]) -> dict:
    """A row's values as JSON, for `RegisterImportFileRow.values` (empty cells left out)."""
    stored = {}
    for key, value in values.items():
        if isinstance(value, date):
            stored[key] = {"date": value.isoformat()}
        elif isinstance(value, CellProblem):
            stored[key] = {"problem": value.kind, "where": value.where}
        elif value is not None:
            stored[key] = value
    return stored


def values_from_stored(stored: dict) -> dict[str, object]:
    """The values `stored_values` stored, as `read_table` gave them."""
    values: dict[str, object] = {}
    for key, value in stored.items():
        if isinstance(value, dict) and "date" in value:
            values[key] = date.fromisoformat(value["date"])
        elif isinstance(value, dict):
            values[key] = CellProblem(value["problem"], value["where"])
        else:
            values[key] = value
    return values
