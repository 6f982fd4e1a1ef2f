"""Spreadsheets are written in one place: `krami/exports.py`, which neutralises formulas.

A CSV or Excel file written anywhere else would miss the formula-injection guard (a cell that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return). Reading spreadsheets (the register
import) is not writing and is allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

APPS = ["krami", "participants", "intake", "agreements", "reporting", "privacy", "scale"]
WRITERS = re.compile(r"\bcsv\.(writer|DictWriter)\(|\bWorkbook\(|\bto_excel\(|\bto_csv\(")
THE_PLACE = Path("krami/exports.py")


def test_only_krami_exports_writes_csv_or_excel():
    base = Path(settings.BASE_DIR)
    found = [
        f"{path.relative_to(base)}: {match.group(0)}"
        for app in APPS for path in sorted((base / app).rglob("*.py"))
        if path.relative_to(base) != THE_PLACE and "migrations" not in path.parts
        for match in WRITERS.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_check_sees_a_writer():
    assert WRITERS.search("writer = csv.writer(out, delimiter=';')")
    assert WRITERS.search("book = Workbook()")
    assert WRITERS.search((Path(settings.BASE_DIR) / THE_PLACE).read_text(encoding="utf-8"))
