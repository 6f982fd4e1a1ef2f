"""Build import files (CSV, Excel) for the register-import tests: rows as dicts by Swedish header."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

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


# Workbooks written by hand, to say exactly what the sheet holds (openpyxl always writes a
# <dimension> and cannot write a formula's saved value).
_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook {_NS.decode()} xmlns:r="{_REL}"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets>'
        '</workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
}


def _xml_text(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;")


def sheet_row(number: int, values: list, *, shared: list[str] | None = None) -> bytes:
    """A `<row>` of text cells (inline strings; shared ones when `shared` is given, which collects
    them); a value given as bytes is put in as the cell's XML, e.g. b'<f>A2</f>' for a formula."""
    cells = []
    for column, value in enumerate(values, start=1):
        reference = f"{get_column_letter(column)}{number}"
        if value is None or value == "":
            continue
        if isinstance(value, bytes):
            cells.append(f'<c r="{reference}"'.encode() + value)
        elif shared is not None:
            shared.append(str(value))
            cells.append(f'<c r="{reference}" t="s"><v>{len(shared) - 1}</v></c>'.encode())
        else:
            text = value.isoformat() if isinstance(value, date) else str(value)
            cells.append(f'<c r="{reference}" t="inlineStr"><is><t>{_xml_text(text)}</t></is></c>'.encode())
    return f'<row r="{number}">'.encode() + b"".join(cells) + b"</row>"


def register_rows(rows: list[dict], *, headers=HEADERS, shared: list[str] | None = None) -> list[bytes]:
    """The header and `rows` as `<row>` elements, rows 1, 2, ..."""
    return [sheet_row(1, headers, shared=shared)] + [
        sheet_row(n, [r.get(h) for h in headers], shared=shared) for n, r in enumerate(rows, start=2)
    ]


def raw_xlsx(sheet_data, *, shared: list[str] = (), before=()) -> bytes:
    """A minimal workbook without a <dimension> element: `sheet_data` is what goes inside
    <sheetData>, as bytes or as an iterable of bytes (streamed into the zip, so it may be huge);
    `before`, an iterable of bytes, goes before <sheetData>."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in _PARTS.items():
            archive.writestr(name, xml)
        strings = "".join(f"<si><t>{_xml_text(s)}</t></si>" for s in shared)
        archive.writestr("xl/sharedStrings.xml", f'<sst {_NS.decode()}>{strings}</sst>')
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b"<worksheet " + _NS + b">")
            for chunk in before:
                sheet.write(chunk)
            sheet.write(b"<sheetData>")
            for chunk in [sheet_data] if isinstance(sheet_data, bytes) else sheet_data:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def empty_rows_xlsx(rows: list[dict] = (), *, empty_rows: int = 16_000_000) -> bytes:
    """The workbook of issue 13: no <dimension>, the header (and `rows`), then millions of empty
    rows written as `<row/>`, 6 bytes each: 16 million unpack to 96 MB, under the limit, and pack
    into about 140 KB."""
    per_block = 100_000

    def data():
        yield from register_rows(list(rows))
        for _ in range(empty_rows // per_block):
            yield b"<row/>" * per_block
        yield b"<row/>" * (empty_rows % per_block)

    return raw_xlsx(data())
