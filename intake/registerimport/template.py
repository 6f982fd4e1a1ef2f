"""The downloadable template: the columns with an example row of an invented person, and the choices."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.utils import translation

from intake.models import ExitOutcome, StartKind
from intake.registerimport.columns import COLUMNS
from krami.exports import csv_response, xlsx_response
from krami.models import Gender
from participants.models import ReferralSource

# Invented: "Exempel Exempelsson", born 1985-03-12, serial 238 with its check digit.
EXAMPLE = {
    "personnummer": "19850312-2387",
    "first_name": "Exempel",
    "last_name": "Exempelsson",
    "gender": Gender.MAN,
    "identifies_as_woman": "Nej",
    "municipality": "Stockholm",
    "referral_source": ReferralSource.KV_PROBATION,
    "phone": "",
    "email": "",
    "address": "",
    "handler": "",
    "started_on": date(2024, 2, 5),
    "kind": StartKind.INDIVIDUAL,
    "group": "",
    "ended_on": date(2024, 9, 30),
    "exit_outcome": ExitOutcome.STUDIES,
    "completed": "Ja",
}
CHOICES = {"gender": Gender, "referral_source": ReferralSource, "kind": StartKind, "exit_outcome": ExitOutcome}


def _example_row() -> list:
    with translation.override("sv"):
        return [str(CHOICES[c.key](EXAMPLE[c.key]).label) if c.key in CHOICES else EXAMPLE[c.key] for c in COLUMNS]


def _guide_rows() -> list[list]:
    """One row per column: the header, required or not, what to write and, for choices, every label and code."""
    rows = []
    with translation.override("sv"):
        for c in COLUMNS:
            choices = "; ".join(f"{label} ({code})" for code, label in CHOICES[c.key].choices) if c.key in CHOICES else ""
            rows.append([c.header, "ja" if c.required else "", str(c.help), choices])
    return rows


def template_response(file_format: str) -> HttpResponse:
    header = [c.header for c in COLUMNS]
    if file_format == "csv":
        return csv_response(filename="krami-import-mall.csv", header=header, rows=[_example_row()])
    return xlsx_response(
        filename="krami-import-mall.xlsx",
        sheets=[
            ("Register", header, [_example_row()]),
            ("Kolumner", ["kolumn", "krävs", "vad du skriver", "val (etikett och kod)"], _guide_rows()),
        ],
    )
