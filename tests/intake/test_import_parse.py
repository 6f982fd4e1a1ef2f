"""Reading import files: CSV with either delimiter and with or without BOM, Excel with date cells, limits."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

from intake.registerimport import parse, xlsx
from intake.registerimport.parse import FileProblem, read_table
from tests.intake.importfiles import HEADERS, csv_bytes, person, raw_xlsx, xlsx_bytes


@pytest.fixture(autouse=True)
def english():
    """Messages in English, so that assertions on text survive the Swedish catalogue."""
    with translation.override("en"):
        yield


ROWS = [
    person("19900101-0017", first="Åsa", last="Öberg", startdatum="2024-03-18", grupp="Vår, grupp 1"),
    person("19900101-0025"),
]


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_either_delimiter_and_with_or_without_bom(delimiter, bom):
    table = read_table(csv_bytes(ROWS, delimiter=delimiter, bom=bom), "register.csv")
    assert [r.number for r in table.rows] == [2, 3]
    first = table.rows[0].values
    assert (first["personnummer"], first["first_name"], first["last_name"]) == ("19900101-0017", "Åsa", "Öberg")
    assert first["group"] == "Vår, grupp 1"  # a quoted cell with the delimiter in it
    assert first["started_on"] == "2024-03-18" and table.rows[1].values["started_on"] is None
    assert table.columns["personnummer"] == "personnummer"


def test_excel_with_real_date_cells_and_numbers():
    rows = [person(199001010017, startdatum=datetime(2024, 3, 18), avslutsdatum=date(2024, 6, 1))]
    table = read_table(xlsx_bytes(rows), "register.xlsx")
    values = table.rows[0].values
    assert values["started_on"] == date(2024, 3, 18) and values["ended_on"] == date(2024, 6, 1)
    assert values["personnummer"] == "199001010017"  # a number typed into the cell


def test_english_headers_and_headers_without_diacritics_are_accepted():
    headers = ["Personal identity number", "First name", "Last name", "Gender", "Municipality", "Referred by", "kon"]
    content = ("\n".join([";".join(headers[:6]), "19900101-0017;Anna;Ek;Woman;Testby;af"])).encode()
    table = read_table(content, "x.csv")
    assert table.rows[0].values["gender"] == "Woman"
    assert read_table(content.replace(b"Gender", b"Kon"), "x.csv").rows[0].values["gender"] == "Woman"


def test_empty_lines_are_skipped_but_row_numbers_stay_those_of_the_spreadsheet():
    content = csv_bytes(ROWS).replace(b"\r\n19900101-0025", b"\r\n;;;;\r\n19900101-0025")
    assert [r.number for r in read_table(content, "x.csv").rows] == [2, 4]


def test_unknown_columns_are_ignored_and_named():
    table = read_table(csv_bytes(ROWS, headers=[*HEADERS, "anteckning"]), "x.csv")
    assert table.ignored == ["anteckning"]


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"", "x.csv", "The file is empty."),
        (csv_bytes([]), "x.csv", "The file has a header but no rows."),
        (csv_bytes(ROWS, headers=[h for h in HEADERS if h != "efternamn"]), "x.csv", "Columns are missing: efternamn."),
        (csv_bytes(ROWS, headers=[*HEADERS, "Last name"]), "x.csv", "These columns appear twice: Last name."),
        ("personnummer;förnamn".encode("latin-1"), "x.csv", "The CSV file is not in UTF-8."),
        (b"not a zip", "x.xlsx", "The file is not an Excel workbook (.xlsx)."),
        (b"a;b", "x.pdf", "Upload an Excel file (.xlsx) or a CSV file (.csv)."),
    ],
)
def test_files_that_cannot_be_imported_say_why(content, name, message):
    with pytest.raises(FileProblem) as raised:
        read_table(content, name)
    assert str(raised.value).startswith(message)


def test_limits_on_size_and_rows(monkeypatch):
    monkeypatch.setattr(parse, "MAX_ROWS", 2)
    with pytest.raises(FileProblem, match="more than 2 rows"):
        read_table(csv_bytes(ROWS * 2), "x.csv")
    monkeypatch.setattr(parse, "MAX_BYTES", 100)
    with pytest.raises(FileProblem, match="larger than"):
        read_table(csv_bytes(ROWS), "x.csv")


def test_the_first_sheet_of_a_workbook_is_read():
    workbook = Workbook()
    workbook.active.append(HEADERS)
    workbook.active.append([person("19900101-0017").get(h) for h in HEADERS])
    workbook.create_sheet("Annat").append(["inte", "detta"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert len(read_table(buffer.getvalue(), "x.xlsx").rows) == 1


def test_a_workbook_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(parse, "MAX_UNPACKED", 1000)
    with pytest.raises(FileProblem, match="too large when unpacked"):
        read_table(xlsx_bytes(ROWS), "x.xlsx")


def _replace_part(content: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == name else source.read(info.filename))
    return buffer.getvalue()


def _openpyxl_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content), data_only=True).worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        cells = list(row)
        while cells and cells[-1] is None:
            cells.pop()
        rows.append(cells)
    return rows


def _our_rows(content: bytes) -> list[list]:
    by_number = dict(xlsx.first_sheet_rows(zipfile.ZipFile(io.BytesIO(content)), max_columns=60))
    return [by_number.get(n, []) for n in range(1, max(by_number) + 1)]


@pytest.mark.parametrize("epoch", [CALENDAR_WINDOWS_1900, CALENDAR_MAC_1904])
def test_the_excel_reader_gives_what_openpyxl_gives_for_every_kind_of_cell(epoch):
    workbook = Workbook()
    workbook.epoch = epoch
    sheet = workbook.active
    sheet.append(["text", "Åsa Öberg", 199001010017, 3.5, True, False, datetime(2024, 3, 18), date(1950, 2, 1)])
    sheet.append([None, "  spaces  ", -7, 1e-5, datetime(2024, 3, 18, 12, 30)])
    sheet["C5"] = "after empty rows"
    sheet["B6"] = 5
    sheet["B6"].number_format = "yyyy-mm-dd"  # a number shown as a date is a date
    sheet["C6"] = "#N/A"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _our_rows(buffer.getvalue()) == _openpyxl_rows(buffer.getvalue())


def test_the_excel_reader_undoes_excels_escapes_and_leaves_out_phonetic_runs():
    shared = ["Rad_x000D__x000A_två", "_x005F_x0041_ stays", "pair _xD83D__xDE00_"]
    rich = b'<c r="D1" t="inlineStr"><is><r><t>Ri</t></r><r><t>ch</t></r><rPh sb="0" eb="1"><t>x</t></rPh></is></c>'
    sheet = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>' + rich
    rows = _our_rows(raw_xlsx(sheet + b"</row>", shared=shared))
    assert rows == [["Rad\r\ntvå", "_x0041_ stays", "pair 😀", "Rich"]]


NOT_A_WORKBOOK = "The file is not an Excel workbook (.xlsx)."


@pytest.mark.parametrize(
    "content, message",
    [
        # A DTD, which could only be there to define entities (billion laughs).
        (_replace_part(raw_xlsx(b""), "xl/worksheets/sheet1.xml",
                       b'<!DOCTYPE worksheet [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>'), NOT_A_WORKBOOK),
        (raw_xlsx(b'<row r="3"/><row r="2"/>'), NOT_A_WORKBOOK),  # rows out of order
        (raw_xlsx(b'<row r="1"><c r="A1"><v>1'), NOT_A_WORKBOOK),  # cut off
        (raw_xlsx(b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"x" * 40_000 + b"</t></is></c></row>"),
         "A cell has more than 32 767 characters, more than Excel allows."),
    ],
)
def test_a_workbook_that_is_not_what_excel_writes_is_refused(content, message):
    with pytest.raises(FileProblem) as raised:
        read_table(content, "x.xlsx")
    assert str(raised.value) == message
