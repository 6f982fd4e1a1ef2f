"""Build import files (CSV, Excel) for the register-import tests: rows as dicts by Swedish header."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook

from intake.registerimport.columns import COLUMNS

HEADERS = [c.header for c in COLUMNS]


def person(pnr: str, first="Anna", last="Exempel", **cells) -> dict:
    """One row of a person (participant columns filled in); episode columns from `cells`."""
    row = {
        "personnummer": pnr, "förnamn": first, "efternamn": last, "kön": "Kvinna", "hemkommun": None,
        "remitterad av": "Arbetsförmedlingen",
    }
    row.update({k.replace("_", " "): v for k, v in cells.items()})
    return row


def csv_bytes(rows: list[dict], *, delimiter=";", bom=True, headers=HEADERS) -> bytes:
    def cell(value):
        text = value.isoformat() if isinstance(value, date) else str(value if value is not None else "")
        return f'"{text}"' if delimiter in text or '"' in text else text

    lines = [delimiter.join(headers)]
    lines += [delimiter.join(cell(r.get(h)) for h in headers) for r in rows]
    return (("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n").encode("utf-8")


def xlsx_bytes(rows: list[dict], *, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for r in rows:
        sheet.append([r.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
