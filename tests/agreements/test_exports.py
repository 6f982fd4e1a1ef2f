"""Invoice basis as CSV and Excel: one row per participant and month, formulas neutralised."""

import io
from datetime import date
from decimal import Decimal as D

from openpyxl import load_workbook

from agreements.exports import invoice_csv, invoice_xlsx
from agreements.pricing import DrugTest, EnrolmentSpan, PlacePrice, invoice_basis


def invoices():
    spans = [
        EnrolmentSpan("D-000007", "Huddinge", date(2023, 3, 1), date(2023, 4, 30)),
        EnrolmentSpan("=HYPERLINK(1)", "Nacka", date(2023, 3, 5), None),
    ]
    return invoice_basis(
        spans=spans, drug_tests=[DrugTest("D-000007", date(2023, 3, 9), D("850.50"))],
        price=PlacePrice(D(4900), 5), agreement_municipalities={"Stockholm"}, as_of=date(2023, 3, 31),
    )


def test_csv():
    lines = invoice_csv(invoices()).splitlines()
    assert lines[0] == "Municipality;Month;Participant reference;Charged months;Place amount (kr);Drug tests;Drug test cost (kr);Total (kr)"
    assert lines[1] == "Huddinge;2023-03;D-000007;1;4900,00;1;850,50;5750,50"
    assert lines[2] == "Nacka;2023-03;'=HYPERLINK(1);1;4900,00;0;0,00;4900,00"


def test_xlsx():
    sheet = load_workbook(io.BytesIO(invoice_xlsx(invoices()))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("Huddinge", "2023-03", "D-000007", "1", 4900.0, 1, 850.5, 5750.5)
    assert rows[2][2] == "'=HYPERLINK(1)"
