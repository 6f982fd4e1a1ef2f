"""Exports neutralise formula injection in CSV and Excel."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from krami.exports import INTEGER, MONEY, ExcelCell, Sheet, csv_response, neutralise, percent_format, xlsx_response

PAYLOADS = ["=1+1", "+46701234567", "-5", "@SUM(A1)", "\tTAB", "\rCR", '=HYPERLINK("http://evil","x")']


@pytest.mark.parametrize("payload", PAYLOADS)
def test_dangerous_text_gets_an_apostrophe(payload):
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Anna", "Trollhättan", "12 kr", "", "a=b"])
def test_harmless_text_is_unchanged(value):
    assert neutralise(value) == value


def test_numbers_and_dates_stay_numbers_and_dates():
    assert neutralise(Decimal("-12.50")) == Decimal("-12.50")
    assert neutralise(-3) == -3
    assert neutralise(date(2026, 1, 31)) == date(2026, 1, 31)


def test_csv_cells_are_neutralised_and_swedish():
    response = csv_response(filename="x.csv", header=["Namn", "Belopp"], rows=[[p, Decimal("1234.5")] for p in PAYLOADS])
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["'" + p for p in PAYLOADS]
    assert rows[1][1] == "1234,50"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_excel_never_contains_a_formula():
    response = xlsx_response(filename="x.xlsx", sheets=[("Blad", ["Värde", "Tal"], [[p, 7] for p in PAYLOADS])])
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Blad"]
    for row in sheet.iter_rows(min_row=2):
        assert row[0].data_type == "s"
        assert str(row[0].value).startswith("'")
        assert row[1].value == 7


def test_excel_sheet_names_are_never_cut():
    """Names are chosen short (issue 17: "Aktiva deltagare under perio"); a long one is a mistake."""
    with pytest.raises(ValueError, match="sheet name"):
        xlsx_response(filename="x.xlsx", sheets=[("Aktiva deltagare under perioden, i snitt", ["A"], [])])
    with pytest.raises(ValueError, match="sheet name"):
        xlsx_response(filename="x.xlsx", sheets=[("Blad", ["A"], []), ("blad", ["A"], [])])


def test_excel_has_a_contents_sheet_frozen_headers_formats_and_notes():
    sheets = [
        Sheet("Avslut", "Avslut till arbete eller studier", ["Nämnare", "Antal", "Andel", "Belopp"],
              [["Alla", ExcelCell(26, INTEGER), ExcelCell(Decimal("66.7"), percent_format(1)), ExcelCell(Decimal("4900"), MONEY)],
               ["Annat", ExcelCell("x", note="Små tal visas som x."), ExcelCell("=1+1"), None]]),
        Sheet("Definitioner", "Vad varje siffra räknar", ["Siffra"], [["Avslut"]]),
    ]
    contents = Sheet("Innehåll", "Innehåll", ["Blad", "Innehåll"], [])
    book = load_workbook(io.BytesIO(xlsx_response(filename="x.xlsx", sheets=sheets, contents=contents,
                                                  notes=["x: små tal"]).content))
    assert book.sheetnames == ["Innehåll", "Avslut", "Definitioner"]
    index = list(book["Innehåll"].iter_rows(values_only=True))
    assert index[1:3] == [("Avslut", "Avslut till arbete eller studier"), ("Definitioner", "Vad varje siffra räknar")]
    assert ("x: små tal", None) in index
    assert book["Innehåll"]["A2"].hyperlink.location == "'Avslut'!A1"
    assert all(sheet.freeze_panes == "A2" for sheet in book)
    sheet = book["Avslut"]
    assert (sheet["B2"].value, sheet["B2"].number_format) == (26, "#,##0")
    assert (sheet["C2"].value, sheet["C2"].number_format) == (pytest.approx(66.7), '0.0" %"')
    assert (sheet["D2"].value, sheet["D2"].number_format) == (4900, '#,##0 "kr"')
    assert sheet["B3"].value == "x" and sheet["B3"].comment.text == "Små tal visas som x."
    assert sheet["C3"].value == "'=1+1" and sheet["C3"].data_type == "s"
    assert sheet.column_dimensions["A"].width >= len("Nämnare")
