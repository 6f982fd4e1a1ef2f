"""Cells the database would refuse, or that would read wrong, are errors of the check (issue 15, item 8).

NUL and halves of UTF-16 pairs cannot be stored in PostgreSQL text: they used to pass the
check and fail the apply with no row or column named. A formula without a saved value used to
read as an empty cell: a misleading "required", or the value silently dropped. Each is now an
error of its row and column, with the cell named for a formula. The tests run on PostgreSQL too.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from openpyxl import Workbook

from intake.models import ImportStatus, RegisterImport, RowOutcome
from intake.registerimport import services
from intake.registerimport.services import ImportRefused
from participants.models import Participant
from tests.intake.importfiles import HEADERS, csv_bytes, person, raw_xlsx, register_rows, sheet_row
from tests.participants.factories import valid_personnummer

pytestmark = pytest.mark.django_db
URL = "/inskrivning/import/"
NUL_MESSAGE = "Cellen innehåller ett nolltecken (U+0000), som inte kan sparas: ta bort det."


@pytest.fixture
def coordinator(world):
    return world.users["kommun_samordnare"]


def rows(world, n=13, **cells_of_last):
    """`n` valid rows of different people (rows 2 to n + 1); the last one with `cells_of_last`."""
    kommun = world.unit.municipalities.first().name
    made = [person(valid_personnummer(date(1980, 1, 1 + i), serial=4), first=f"Cell{i}", hemkommun=kommun)
            for i in range(n)]
    made[-1].update(cells_of_last)
    return made


def checked(world, by, content: bytes, name: str):
    """Uploaded and checked, as a coordinator using Krami in Swedish (the messages are stored)."""
    with translation.override("sv"):
        imp = services.import_upload(unit=world.unit, by=by, file_name=name, content=content)
        while imp.status == ImportStatus.CHECKING:
            imp = services.import_check_next(register_import=imp, by=by)
    return imp


def errors(imp) -> dict:
    return {(row.number, e["column"]): e["message"] for row in imp.rows.all() for e in row.errors}


def report_in_swedish(imp, by) -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    client.force_login(by)
    return client.get(f"{URL}{imp.pk}/?visa=fel").content.decode()


def test_a_nul_in_a_csv_is_an_error_of_its_row_and_column_and_nothing_can_be_applied(world, coordinator):
    imp = checked(world, coordinator, csv_bytes(rows(world, efternamn="Ek\x00lund")), "register.csv")
    assert imp.status == ImportStatus.CHECKED and not imp.can_apply
    assert errors(imp) == {(14, "efternamn"): NUL_MESSAGE}
    assert f"Rad 14, kolumn efternamn: {NUL_MESSAGE}" in report_in_swedish(imp, coordinator)
    with pytest.raises(ImportRefused):
        services.import_apply(register_import=imp, by=coordinator)
    assert not Participant.objects.filter(first_name__startswith="Cell").exists()


def test_a_nul_in_an_excel_cell_is_an_error_too(world, coordinator):
    """Excel writes characters XML cannot hold as _xHHHH_; a NUL comes out as _x0000_."""
    shared: list[str] = []
    sheet = register_rows(rows(world, n=2, efternamn="Ek_x0000_lund"), shared=shared)
    imp = checked(world, coordinator, raw_xlsx(b"".join(sheet), shared=shared), "register.xlsx")
    assert errors(imp) == {(3, "efternamn"): NUL_MESSAGE}


def test_halves_of_character_pairs_from_a_badly_encoded_csv_are_errors_of_their_cells(world, coordinator):
    """A CSV that encodes 😀 as two UTF-16 halves (CESU-8, "modified UTF-8") reads, and the cell is named."""
    content = csv_bytes(rows(world, n=3, förnamn="Smile-X")).replace(b"Smile-X", b"Smile\xed\xa0\xbd\xed\xb8\x80")
    imp = checked(world, coordinator, content, "register.csv")
    assert errors(imp) == {(4, "förnamn"): (
        "Cellen innehåller ett trasigt tecken (U+D83D, ena halvan av ett teckenpar), som inte kan sparas: texten är "
        "felkodad. Rätta cellen eller spara filen som UTF-8 igen.")}


def test_a_header_the_database_cannot_store_is_shown_with_a_replacement_character(world, coordinator):
    content = csv_bytes(rows(world, n=1), headers=[*HEADERS, "anteckning\x00"])
    imp = services.import_upload(unit=world.unit, by=coordinator, file_name="reg\x00ister.csv", content=content)
    imp.refresh_from_db()
    assert (imp.ignored_columns, imp.file_name) == (["anteckning\ufffd"], "reg\ufffdister.csv")


def test_a_formula_without_a_saved_value_is_an_error_naming_the_cell(world, coordinator):
    """openpyxl (like other programs that write workbooks) saves a formula without its value."""
    workbook = Workbook()
    workbook.active.append(HEADERS)
    for row in rows(world, n=13):
        workbook.active.append([row.get(h) for h in HEADERS])
    workbook.active["C14"] = '=UPPER("ek")'  # efternamn, required: it read as empty ("required on every row")
    workbook.active["H14"] = "=A14"  # telefon, optional: it was silently dropped
    buffer = io.BytesIO()
    workbook.save(buffer)
    imp = checked(world, coordinator, buffer.getvalue(), "register.xlsx")
    assert errors(imp) == {
        (14, "efternamn"): "Cell C14 innehåller en formel utan sparat värde: spara filen i Excel igen eller klistra "
                           "in värdena i stället för formeln.",
        (14, "telefon"): "Cell H14 innehåller en formel utan sparat värde: spara filen i Excel igen eller klistra "
                         "in värdena i stället för formeln.",
    }
    assert "Rad 14, kolumn efternamn: Cell C14 innehåller en formel utan sparat värde" in report_in_swedish(imp, coordinator)


def test_a_formula_with_its_saved_value_reads_as_the_value_and_an_empty_text_result_as_empty(world, coordinator):
    """As Excel saves them: the result in <v>, t="str" for text (empty when the formula gives "")."""
    row = rows(world, n=1)[0]
    cells = [row.get(h) for h in HEADERS]
    cells[HEADERS.index("efternamn")] = b' t="str"><f>UPPER("ek")</f><v>EK</v></c>'
    cells[HEADERS.index("telefon")] = b' t="str"><f>IF(TRUE,"","x")</f><v></v></c>'
    imp = checked(world, coordinator, raw_xlsx(register_rows([])[0] + sheet_row(2, cells)), "register.xlsx")
    assert errors(imp) == {} and imp.can_apply
    imp = services.import_apply(register_import=imp, by=coordinator)
    assert Participant.objects.get(first_name="Cell0").last_name == "EK"
    assert imp.rows.get().outcome == RowOutcome.NEW_PARTICIPANT


def test_the_page_shows_the_errors_of_a_file_with_a_nul_after_upload(world, coordinator):
    """Through the pages, on PostgreSQL too: the upload stores the rows, the check names the cell."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    client.force_login(coordinator)
    upload = SimpleUploadedFile("register.csv", csv_bytes(rows(world, n=2, adress="Gatan\x00 1")))
    response = client.post(URL, {"unit": world.unit.pk, "file": upload})
    imp = RegisterImport.objects.get()
    assert response.status_code == 302
    while imp.status == ImportStatus.CHECKING:
        assert client.post(f"{URL}{imp.pk}/kontrollera/").status_code == 302
        imp.refresh_from_db()
    assert f"Rad 3, kolumn adress: {NUL_MESSAGE}" in report_in_swedish(imp, coordinator)
