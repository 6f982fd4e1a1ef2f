"""The rows of the first sheet of an Excel workbook (.xlsx), read within bounded time and memory.

Why not openpyxl's reader: it is made for workbooks one trusts. Without a `<dimension>` element
its read-only mode parses the whole sheet once only to size it, and its parser keeps every row
element it has passed (emptied, but still attached to the tree): a 145 KB file of 16 million
empty rows took 146 s and 1.6 GB before the first row came out (issue 13). Here the parts are
streamed through expat and nothing is kept but the values the import uses: the caller takes the
rows one at a time and stops whenever it likes, after which nothing more is read (parse.py
stops at the row limit and at a long run of empty rows).

The values are those openpyxl gives with `data_only=True`: shared and inline strings, numbers,
booleans, error values as text, dates in cells with a date format (and `t="d"` ISO dates), in the
workbook's date system. Two differences, both to tell the truth about a cell: Excel's escapes
of characters XML cannot hold (`_x0001_`) are undone, and a formula cell without a saved value
gives `FormulaWithoutValue` (openpyxl gives None, which read as an empty cell).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

MAX_CELL_CHARS = 32_767  # Excel's own limit for the text of a cell
MAX_SHARED_STRINGS = 20 * 1024 * 1024  # unpacked bytes: a register of 10 000 rows needs a few MB
MAX_STYLES = 200_000  # cell formats and number formats; Excel allows 64 000
MAX_RELATIONSHIPS = 10_000  # of the workbook (its sheets, styles, strings, ...)
# XML elements read from the whole workbook. Each costs a call into Python, about a microsecond:
# without a limit, 96 MB of tiny elements where nothing stops the reading (before the rows, or
# cells far to the right) took minutes. The first 10 001 rows of 60 columns are under 2 million.
MAX_ELEMENTS = 4_000_000
CHUNK = 64 * 1024  # bytes of XML given to the parser at a time

_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_OFFICE_DOCUMENT, _WORKSHEET, _SHARED_STRINGS, _STYLES = "/officeDocument", "/worksheet", "/sharedStrings", "/styles"


class WorkbookProblem(Exception):
    """The workbook cannot be read; the message says why, for the person who uploaded it."""


@dataclass(frozen=True)
class FormulaWithoutValue:
    """A formula cell whose result was never saved (the file was written by a program, not Excel)."""

    cell: str  # e.g. "C14"


def first_sheet_rows(archive: zipfile.ZipFile, *, max_columns: int) -> Iterator[tuple[int, list]]:
    """(row number, cells) of the first worksheet in order; `cells[i]` is column i + 1, up to
    `max_columns`. Rows the file leaves out (empty ones) are not given: the numbers jump."""
    budget = _Budget()
    try:
        workbook = _root_target(archive, _OFFICE_DOCUMENT, budget) or "xl/workbook.xml"
        relationships = _relationships(archive, workbook, budget)
        sheet, date1904 = _first_worksheet(archive, workbook, relationships, budget)
        strings = _shared_strings(archive, _first_of_type(relationships, _SHARED_STRINGS), budget)
        dates = _date_styles(archive, _first_of_type(relationships, _STYLES), budget)
        epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        reader = _SheetReader(strings, dates, epoch, max_columns, budget)
        yield from reader.rows(archive.open(sheet))
    except (KeyError, IndexError, TypeError, ValueError, expat.ExpatError, zipfile.BadZipFile, zlib.error,
            EOFError, OSError):
        raise WorkbookProblem(_("The file is not an Excel workbook (.xlsx).")) from None


def _local(name: str) -> str:
    """The element's or attribute's name without its namespace (expat gives "uri name")."""
    return name[name.rfind(" ") + 1:]


def _refuse(*_args) -> None:
    # A workbook has no DTD; one could only be there to define entities (billion laughs).
    raise WorkbookProblem(_("The file is not an Excel workbook (.xlsx)."))


def _too_much() -> str:
    return _("The workbook holds far more than a register needs (millions of cells or other content). Save the "
             "sheet to import again in Excel as a workbook of its own, or as CSV.")


class _Budget:
    """The elements the workbook's parts may still hold between them (MAX_ELEMENTS)."""

    def __init__(self):
        self.left = MAX_ELEMENTS

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise WorkbookProblem(_too_much())

    def counted(self, start: Callable) -> Callable:
        def counting_start(name, attrs):
            self.spend()
            start(name, attrs)

        return counting_start


def _parser(start: Callable, end: Callable | None = None, text: Callable | None = None):
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    return parser


class _Done(Exception):
    """Raised by a handler once it has what it needs from a part."""


def _parse(archive: zipfile.ZipFile, path: str, parser) -> None:
    """Feed a whole part to the parser, a chunk at a time, unless a handler raises _Done."""
    try:
        with archive.open(path) as source:
            while chunk := source.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Done:
        pass


def _relationships(archive: zipfile.ZipFile, part: str, budget: _Budget) -> dict[str, tuple[str, str]]:
    """The part's relationships: id -> (type, the target's path in the archive)."""
    found: dict[str, tuple[str, str]] = {}
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")

    def start(name, attrs):
        if _local(name) == "Relationship" and attrs.get("TargetMode") != "External":
            if len(found) >= MAX_RELATIONSHIPS:
                raise WorkbookProblem(_("The file is not an Excel workbook (.xlsx)."))
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(posixpath.dirname(part), target)
            found[attrs.get("Id", "")] = (attrs.get("Type", ""), posixpath.normpath(path))

    _parse(archive, rels, _parser(budget.counted(start)))
    return found


def _root_target(archive: zipfile.ZipFile, kind: str, budget: _Budget) -> str | None:
    found = {}

    def start(name, attrs):
        if _local(name) == "Relationship" and attrs.get("Type", "").endswith(kind) and not found:
            found["target"] = posixpath.normpath(attrs.get("Target", "").lstrip("/"))

    _parse(archive, "_rels/.rels", _parser(budget.counted(start)))
    return found.get("target")


def _first_of_type(relationships: dict[str, tuple[str, str]], kind: str) -> str | None:
    return next((target for kind_, target in relationships.values() if kind_.endswith(kind)), None)


def _first_worksheet(archive: zipfile.ZipFile, workbook: str, relationships, budget: _Budget) -> tuple[str, bool]:
    """The path of the first worksheet (chart sheets skipped, as openpyxl's `worksheets[0]`) and
    whether the workbook counts dates from 1904."""
    found = {"date1904": False}

    def start(name, attrs):
        local = _local(name)
        if local == "workbookPr":
            found["date1904"] = attrs.get("date1904", "").lower() in ("1", "true")
        elif local == "sheet":
            rel = next((value for key, value in attrs.items() if key.endswith(" id")), None)
            kind, target = relationships.get(rel, ("", ""))
            if kind.endswith(_WORKSHEET):
                found["sheet"] = target
                raise _Done

    _parse(archive, workbook, _parser(budget.counted(start)))
    if "sheet" not in found:
        raise WorkbookProblem(_("The workbook has no sheet."))
    return found["sheet"], found["date1904"]


def unescape(text: str) -> str:
    """Excel's `_xHHHH_` escapes undone: each is a UTF-16 code unit, so a pair makes one character."""
    if "_x" not in text:
        return text
    undone = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    return undone.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


class _Text:
    """The text of an `<si>` or `<is>` element: its `<t>` elements, phonetic runs (`<rPh>`) left out."""

    def __init__(self):
        self.parts: list[str] | None = None
        self.length = 0
        self.in_t = False
        self.phonetic = 0

    def begin(self) -> None:
        self.parts, self.length, self.in_t, self.phonetic = [], 0, False, 0

    def start(self, local: str) -> None:
        if local == "rPh":
            self.phonetic += 1
        elif local == "t" and not self.phonetic:
            self.in_t = True

    def end(self, local: str) -> None:
        if local == "rPh":
            self.phonetic -= 1
        elif local == "t":
            self.in_t = False

    def add(self, data: str) -> None:
        if self.in_t and self.parts is not None:
            self.length += len(data)
            if self.length > MAX_CELL_CHARS:
                raise WorkbookProblem(_too_long())
            self.parts.append(data)

    def finish(self) -> str:
        text = unescape("".join(self.parts or ()))
        self.parts = None
        return text


def _too_long() -> str:
    limit = f"{MAX_CELL_CHARS:,}".replace(",", " ")
    return _("A cell has more than %(n)s characters, more than Excel allows.") % {"n": limit}


def _shared_strings(archive: zipfile.ZipFile, path: str | None, budget: _Budget) -> list[str]:
    """The workbook's shared strings; a table larger than a register needs is refused unread."""
    if path is None or path not in archive.NameToInfo:
        return []
    if archive.getinfo(path).file_size > MAX_SHARED_STRINGS:
        raise WorkbookProblem(_("The workbook holds more text than a register needs (other sheets?). Save the sheet "
                                "to import as a workbook of its own, or as CSV."))
    strings: list[str] = []
    text = _Text()

    def start(name, attrs):
        local = _local(name)
        if local == "si":
            text.begin()
        else:
            text.start(local)

    def end(name):
        local = _local(name)
        if local == "si":
            strings.append(text.finish())
        else:
            text.end(local)

    _parse(archive, path, _parser(budget.counted(start), end, text.add))
    return strings


def _date_styles(archive: zipfile.ZipFile, path: str | None, budget: _Budget) -> set[int]:
    """The indexes of the cell formats that show a number as a date (openpyxl's rule)."""
    if path is None or path not in archive.NameToInfo:
        return set()
    custom: dict[int, str] = {}
    dates: set[int] = set()
    state = {"in_xfs": False, "index": 0}
    is_date: dict[int, bool] = {}

    def start(name, attrs):
        local = _local(name)
        if local == "numFmt":
            if len(custom) >= MAX_STYLES:
                raise WorkbookProblem(_("The file is not an Excel workbook (.xlsx)."))
            custom[_int(attrs.get("numFmtId"))] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            state["in_xfs"] = True
        elif local == "xf" and state["in_xfs"]:
            if state["index"] >= MAX_STYLES:
                raise WorkbookProblem(_("The file is not an Excel workbook (.xlsx)."))
            number_format = _int(attrs.get("numFmtId", "0"))
            if number_format not in is_date:
                is_date[number_format] = is_date_format(custom.get(number_format) or BUILTIN_FORMATS.get(number_format))
            if is_date[number_format]:
                dates.add(state["index"])
            state["index"] += 1

    def end(name):
        if _local(name) == "cellXfs":
            raise _Done

    _parse(archive, path, _parser(budget.counted(start), end))
    return dates


def _int(text) -> int:
    number = float(text)  # raises ValueError for what is no number: not a workbook
    if not number.is_integer():
        raise ValueError(text)
    return int(number)


def _column(reference: str) -> int:
    """The column number of a cell reference ("C14" -> 3)."""
    number = 0
    for char in reference.upper():
        if not "A" <= char <= "Z":
            break
        number = number * 26 + ord(char) - 64
    if number == 0:
        raise ValueError(reference)
    return number


class _SheetReader:
    """A worksheet's `<sheetData>`, row by row; handlers put finished rows in `pending`."""

    def __init__(self, strings: list[str], dates: set[int], epoch, max_columns: int, budget: _Budget):
        self.strings, self.dates, self.epoch, self.max_columns = strings, dates, epoch, max_columns
        self.budget = budget
        self.pending: list[tuple[int, list]] = []
        self.done = False
        self.parser = None
        self.row, self.cells, self.column = 0, [], 0
        self.cell: dict | None = None  # the cell being read: None outside a cell or beyond max_columns
        self.value: list[str] | None = None  # the text of the cell's <v>, while inside it
        self.inline = _Text()

    def rows(self, source) -> Iterator[tuple[int, list]]:
        # Until <sheetData> nothing is read: one small handler, no others (half the calls).
        self.parser = parser = _parser(self.before_data)
        with source:
            while not self.done and (chunk := source.read(CHUNK)):
                parser.Parse(chunk, False)
                pending, self.pending = self.pending, []
                yield from pending
            if not self.done:
                parser.Parse(b"", True)
        yield from self.pending

    def before_data(self, name, attrs):
        self.budget.spend()
        if _local(name) == "sheetData":
            self.parser.StartElementHandler = self.start
            self.parser.EndElementHandler = self.end
            self.parser.CharacterDataHandler = self.text

    def start(self, name, attrs):
        self.budget.spend()
        local = _local(name)
        if local == "row":
            self._start_row(attrs.get("r"))
        elif local == "c":
            self._start_cell(attrs)
        elif self.cell is not None:
            if local == "v":
                self.value, self.cell["length"] = [], 0
            elif local == "f":
                self.cell["formula"] = True
            elif local == "is":
                self.inline.begin()
            else:
                self.inline.start(local)

    def _start_row(self, number: str | None) -> None:
        row = _int(number) if number else self.row + 1
        if row <= self.row or row > 1_048_576:  # out of order, or beyond Excel's last row
            raise WorkbookProblem(_("The file is not an Excel workbook (.xlsx)."))
        self.row, self.cells, self.column = row, [], 0

    def _start_cell(self, attrs) -> None:
        reference = attrs.get("r")
        self.column = _column(reference) if reference else self.column + 1
        if self.column > self.max_columns:
            self.cell = None
            return
        style = attrs.get("s")
        self.cell = {"type": attrs.get("t", "n"), "style": _int(style) if style else 0, "formula": False,
                     "reference": reference or f"{get_column_letter(self.column)}{self.row}", "v": None, "is": None}

    def text(self, data: str) -> None:
        if self.value is not None:
            self.cell["length"] += len(data)
            if self.cell["length"] > MAX_CELL_CHARS:
                raise WorkbookProblem(_too_long())
            self.value.append(data)
        elif self.cell is not None:
            self.inline.add(data)

    def end(self, name):
        local = _local(name)
        if local == "row":
            self.pending.append((self.row, self.cells))
        elif local == "sheetData":
            self.done = True  # the rest of the chunk goes by unread
            self.parser.StartElementHandler = self.parser.EndElementHandler = None
            self.parser.CharacterDataHandler = None
        elif self.cell is None:
            return
        elif local == "c":
            self._store(self.cell)
            self.cell = None
        elif local == "v":
            self.cell["v"], self.value = "".join(self.value), None
        elif local == "is":
            self.cell["is"] = self.inline.finish()
        else:
            self.inline.end(local)

    def _store(self, cell: dict) -> None:
        value = self._value(cell)
        if value is None:
            return
        missing = self.column - len(self.cells)
        if missing > 0:
            self.cells.extend([None] * missing)
        self.cells[self.column - 1] = value

    def _value(self, cell: dict):
        kind, text = cell["type"], cell["v"]
        if kind == "inlineStr":
            return cell["is"] or None
        if cell["formula"] and (text is None or (text == "" and kind != "str")):
            # No result saved: no <v>, or an empty one where only a text result (t="str") can be
            # empty; programs that write workbooks (openpyxl among them) write <v/>.
            return FormulaWithoutValue(cell["reference"])
        if not text:
            return None
        if kind == "s":
            return self.strings[_int(text)]
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind in ("str", "e"):
            return unescape(text)
        if kind == "d":
            return from_ISO8601(text)
        number = float(text) if any(c in text for c in ".eE") else int(text)
        if cell["style"] in self.dates:
            try:
                return from_excel(number, self.epoch)
            except (OverflowError, ValueError):
                return "#VALUE!"  # as openpyxl: a date beyond the calendar
        return number
