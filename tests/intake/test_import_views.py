"""The import pages: upload, chunked checking with progress (htmx and without JS), apply, discard, template."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from intake.models import ImportStatus, RegisterImport, RegisterImportProgress
from intake.registerimport import services
from intake.registerimport.parse import read_table
from krami.models import AuditEvent, Role
from participants.models import Participant
from tests.intake.factories import today
from tests.intake.importfiles import csv_bytes, person, xlsx_bytes
from tests.krami.factories import staff
from tests.participants.factories import valid_personnummer

pytestmark = pytest.mark.django_db
URL = "/inskrivning/import/"


@pytest.fixture
def coordinator(world, client):
    client.force_login(world.users["kommun_samordnare"])
    return world.users["kommun_samordnare"]


def _rows(world, n):
    kommun = world.unit.municipalities.first().name
    return [person(valid_personnummer(date(1950, 1, 1) + timedelta(days=i), serial=3), first=f"P{i}", hemkommun=kommun,
                   startdatum=today() - timedelta(days=30)) for i in range(n)]


def test_upload_then_check_in_chunks_the_counts_advance_per_chunk(world, client, coordinator, monkeypatch):
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)
    upload = SimpleUploadedFile("register.xlsx", xlsx_bytes(_rows(world, 5)))
    response = client.post(URL, {"unit": world.unit.pk, "file": upload})
    imp = RegisterImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}{imp.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert '<progress id="import-progress-bar" max="5" value="0">' in page and "Continue checking" in page
    assert 'hx-trigger="load' in page  # htmx continues by itself; the button is for no JS

    seen = []
    for _ in range(2):
        partial = client.post(f"{URL}{imp.pk}/kontrollera/", HTTP_HX_REQUEST="true")
        imp.refresh_from_db()
        seen.append((imp.rows_checked, imp.new_participants))
        assert f'value="{imp.rows_checked}"' in partial.content.decode()
    assert seen == [(2, 2), (4, 4)]
    last = client.post(f"{URL}{imp.pk}/kontrollera/", HTTP_HX_REQUEST="true")
    assert last["HX-Redirect"] == f"{URL}{imp.pk}/"
    imp.refresh_from_db()
    assert (imp.status, imp.rows_checked, imp.new_participants, imp.can_apply) == (ImportStatus.CHECKED, 5, 5, True)


def test_without_javascript_the_button_checks_the_next_chunk_and_returns_to_the_report(world, client, coordinator):
    imp = services.import_upload(unit=world.unit, by=coordinator, file_name="r.csv", content=csv_bytes(_rows(world, 3)))
    response = client.post(f"{URL}{imp.pk}/kontrollera/")
    assert response.status_code == 302 and response["Location"] == f"{URL}{imp.pk}/"
    page = client.get(f"{URL}{imp.pk}/").content.decode()
    assert "Import into the register" in page and "3 rows checked" in page


def test_apply_and_discard_through_the_pages(world, client, coordinator):
    imp = services.import_upload(unit=world.unit, by=coordinator, file_name="r.csv", content=csv_bytes(_rows(world, 2)))
    services.import_check_next(register_import=imp, by=coordinator)
    response = client.post(f"{URL}{imp.pk}/genomfor/", follow=True)
    assert "The register has been imported." in response.content.decode()
    assert Participant.objects.filter(first_name__in=["P0", "P1"]).count() == 2
    assert client.post(f"{URL}{imp.pk}/kasta/", follow=True).status_code == 200  # already finished: a message
    assert RegisterImport.objects.get(pk=imp.pk).status == ImportStatus.APPLIED

    other = services.import_upload(unit=world.unit, by=coordinator, file_name="s.csv", content=csv_bytes(_rows(world, 1)))
    client.post(f"{URL}{other.pk}/kasta/")
    other.refresh_from_db()
    assert (other.status, other.content) == (ImportStatus.DISCARDED, None)
    history = client.get(URL).content.decode()
    assert "r.csv" in history and "s.csv" in history


def test_a_file_that_cannot_be_imported_is_refused_next_to_the_field(world, client, coordinator):
    response = client.post(URL, {"unit": world.unit.pk, "file": SimpleUploadedFile("r.csv", b"namn;adress\nA;B\n")})
    assert response.status_code == 200
    assert "Columns are missing: personnummer" in response.content.decode()
    assert not RegisterImport.objects.exists()
    response = client.post(URL, {"unit": world.unit.pk, "file": SimpleUploadedFile("r.txt", b"x")})
    assert "Upload an Excel file (.xlsx) or a CSV file (.csv)." in response.content.decode()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_template_has_every_column_and_an_example_row_that_imports(world, client, coordinator, fmt):
    response = client.get(f"{URL}mall.{fmt}")
    assert response.status_code == 200
    table = read_table(response.content, f"mall.{fmt}")
    assert len(table.rows) == 1 and table.ignored == []
    assert table.rows[0].values["first_name"] == "Exempel"
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert sheet["L1"].value == "startdatum" and sheet["L2"].is_date  # a real date cell


def test_the_upload_is_audited_without_its_content(world, client, coordinator):
    client.post(URL, {"unit": world.unit.pk, "file": SimpleUploadedFile("r.csv", csv_bytes(_rows(world, 1)))})
    event = AuditEvent.objects.get(action="register_import.uploaded")
    assert event.data["file_name"] == "r.csv" and event.data["rows"] == 1 and len(event.data["sha256"]) == 64
    assert "P0" not in str(event.data)


def test_other_coordinators_and_case_workers_get_404(world, client):
    imp = services.import_upload(unit=world.unit, by=world.users["kommun_samordnare"], file_name="r.csv",
                                 content=csv_bytes(_rows(world, 1)))
    outsiders = [
        staff(role=Role.SAMORDNARE, unit=world.unit, organisation=world.orgs["kv"], username="kv_sam"),  # other org
        staff(role=Role.SAMORDNARE, unit=world.other_unit, organisation=world.orgs["other_kommun"], username="o_sam"),
        world.users["kommun_vagledare"], world.users["styrgrupp"],
    ]
    for user in outsiders:
        client.force_login(user)
        assert client.get(f"{URL}{imp.pk}/").status_code == 404
        assert client.post(f"{URL}{imp.pk}/genomfor/").status_code == 404
        if user.username.endswith("sam"):  # their own import page lists nothing of the kommun's
            assert f'href="{URL}{imp.pk}/"' not in client.get(URL).content.decode()
    imp.refresh_from_db()
    assert imp.status == ImportStatus.CHECKING and imp.content is not None


def test_the_history_and_the_report_run_as_many_queries_for_one_row_as_for_many(world, client, coordinator):
    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def checked(n):
        imp = services.import_upload(unit=world.unit, by=coordinator, file_name=f"r{n}.csv",
                                     content=csv_bytes(_rows(world, n)))
        return services.import_check_next(register_import=imp, by=coordinator)

    one = checked(1)
    history_small, report_small = queries(URL), queries(f"{URL}{one.pk}/")
    many = checked(6)
    for _n in range(4):
        checked(2)
    assert queries(URL) == history_small
    assert queries(f"{URL}{many.pk}/") == report_small


def _interrupted(world, coordinator):
    """An import whose server stopped while it ran: status "applying", the heartbeat long still."""
    imp = services.import_upload(unit=world.unit, by=coordinator, file_name="r.csv", content=csv_bytes(_rows(world, 2)))
    services.import_check_next(register_import=imp, by=coordinator)
    services.import_apply_start(register_import=imp, by=coordinator)
    long_ago = timezone.now() - RegisterImportProgress.STALE_AFTER - timedelta(seconds=1)
    RegisterImportProgress.objects.filter(register_import=imp).update(started_at=long_ago, heartbeat_at=long_ago)
    return imp


def test_a_running_import_is_shown_with_its_progress_and_cannot_be_started_twice(world, client, coordinator):
    imp = services.import_upload(unit=world.unit, by=coordinator, file_name="r.csv", content=csv_bytes(_rows(world, 2)))
    services.import_check_next(register_import=imp, by=coordinator)
    services.import_apply_start(register_import=imp, by=coordinator)
    page = client.get(f"{URL}{imp.pk}/").content.decode()
    assert "Importing the file" in page and "Waiting to start" in page
    assert f'hx-get="{URL}{imp.pk}/forlopp/"' in page and "/genomfor/" not in page and "/kasta/" not in page
    again = client.post(f"{URL}{imp.pk}/genomfor/", follow=True).content.decode()
    assert "Only a checked file without errors can be imported, and only once." in again
    assert client.post(f"{URL}{imp.pk}/kasta/", follow=True).content.decode().count("being imported right now") == 1
    assert RegisterImport.objects.get(pk=imp.pk).status == ImportStatus.APPLYING
    assert not Participant.objects.filter(first_name__in=["P0", "P1"]).exists()


def test_an_interrupted_import_wrote_nothing_and_can_be_started_again(world, client, coordinator):
    imp = _interrupted(world, coordinator)
    page = client.get(f"{URL}{imp.pk}/").content.decode()
    assert "The import stopped" in page and "Nothing was written to the register." in page
    assert "hx-get" not in page.split('id="import-applying"')[1].split(">")[0]  # no more polling
    response = client.post(f"{URL}{imp.pk}/genomfor/", follow=True)
    assert "The register has been imported." in response.content.decode()
    assert Participant.objects.filter(first_name__in=["P0", "P1"]).count() == 2
    started = AuditEvent.objects.filter(action="register_import.apply_started", object_id=imp.pk).order_by("pk")
    assert [e.data["after_interruption"] for e in started] == [False, True]


def test_an_interrupted_import_can_be_discarded(world, client, coordinator):
    imp = _interrupted(world, coordinator)
    client.post(f"{URL}{imp.pk}/kasta/")
    imp.refresh_from_db()
    assert (imp.status, imp.content) == (ImportStatus.DISCARDED, None)


def test_the_progress_address_sends_a_finished_or_scriptless_reader_to_the_report(world, client, coordinator):
    imp = services.import_upload(unit=world.unit, by=coordinator, file_name="r.csv", content=csv_bytes(_rows(world, 1)))
    services.import_check_next(register_import=imp, by=coordinator)
    assert client.get(f"{URL}{imp.pk}/forlopp/")["Location"] == f"{URL}{imp.pk}/"
    assert client.get(f"{URL}{imp.pk}/forlopp/", HTTP_HX_REQUEST="true")["HX-Redirect"] == f"{URL}{imp.pk}/"
    services.import_apply_start(register_import=imp, by=coordinator)
    partial = client.get(f"{URL}{imp.pk}/forlopp/", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and 'id="import-applying"' in partial.content.decode()


def test_the_report_says_how_long_the_import_took(world, client, coordinator):
    imp = services.import_upload(unit=world.unit, by=coordinator, file_name="r.csv", content=csv_bytes(_rows(world, 1)))
    services.import_check_next(register_import=imp, by=coordinator)
    client.post(f"{URL}{imp.pk}/genomfor/")
    progress = RegisterImportProgress.objects.get(register_import=imp)
    assert progress.heartbeat_at >= progress.started_at
    assert f"The import took {progress.seconds} second" in client.get(f"{URL}{imp.pk}/").content.decode()
