"""Exports neutralise formula injection in CSV and Excel."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from krami.exports import csv_response, neutralise, xlsx_response

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
