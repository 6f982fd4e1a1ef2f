"""Browser journey of the register import: upload → dry run with an error → corrected file → import.

The check runs in chunks that htmx asks for by itself (two rows per chunk here, so the progress
takes more than one step). Selectors use URLs and ids, so the test survives the Swedish catalogue.
"""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from intake.models import ImportStatus, RegisterImport
from intake.registerimport import services
from intake.registerimport.progress import ApplyProgress
from participants.models import Participant
from tests.browser.a11y import axe_problems
from tests.browser.conftest import login
from tests.fixtures import build_world
from tests.intake.importfiles import csv_bytes, person
from tests.intake.test_import_background import Held
from tests.participants.factories import valid_personnummer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


def _file(world, bad: bool) -> bytes:
    kommun = world.unit.municipalities.first().name
    start = timezone.localdate() - timedelta(days=200)
    rows = [
        person(valid_personnummer(date(1981, 1, 1), serial=4), first="Webb", last="Ett", hemkommun=kommun),
        person(valid_personnummer(date(1982, 2, 2), serial=4), first="Webb", last="Två", hemkommun=kommun,
               startdatum=start, avslutsdatum="2024-13-01" if bad else start + timedelta(days=90),
               avslutsorsak="studies", **{"genomfört vägledningsprogrammet": "ja"}),
        person(valid_personnummer(date(1983, 3, 3), serial=4), first="Webb", last="Tre", hemkommun=kommun,
               startdatum=start),
    ]
    return csv_bytes(rows)


def _upload(page, content: bytes, name: str):
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": "text/csv", "buffer": content}])
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    # htmx checks chunk after chunk, then reloads the report.
    page.locator("#rows-caption").wait_for(timeout=15000)
    page.locator("#import-progress").wait_for(state="detached", timeout=15000)


def test_upload_dry_run_with_an_error_then_a_corrected_file_is_imported(page, live_server, monkeypatch, settings):
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)
    background = settings.KRAMI_BACKGROUND_JOBS = connection.vendor == "postgresql"
    world = build_world()
    login(page, live_server, "kommun_sam")
    page.locator("nav.site-nav a[href='/inskrivning/import/']").click()
    page.wait_for_load_state()

    _upload(page, _file(world, bad=True), "register.csv")
    errors = page.locator("main table tbody").inner_text()
    assert re.search(r"(Rad|Row) 3, (kolumn|column) avslutsdatum: ", errors)
    assert page.locator("form[action$='/genomfor/']").count() == 0  # no apply button with an error
    assert RegisterImport.objects.get().rows_checked == 3
    assert not Participant.objects.filter(first_name="Webb").exists()

    page.locator("main a.button[href='/inskrivning/import/']").click()
    page.wait_for_load_state()
    _upload(page, _file(world, bad=False), "register-rattad.csv")
    # While the import runs (a large file takes a while), the page says so and a second submit is
    # ignored. The first submit is stopped here after the page's own handler has run, so the
    # page can be looked at in that state; a synthetic submit event then shows the page refuses it.
    page.evaluate("window.holdSubmit = e => e.preventDefault(); document.addEventListener('submit', window.holdSubmit)")
    apply_button = page.locator("form[action$='/genomfor/'] button")
    apply_button.click()
    status = page.locator("#apply-status")
    assert re.search(r"(Importing|Importerar) 3 ", status.inner_text())
    assert apply_button.get_attribute("aria-disabled") == "true"
    refused = page.evaluate(
        """() => {
            document.removeEventListener('submit', window.holdSubmit);
            const again = new SubmitEvent('submit', {bubbles: true, cancelable: true});
            document.querySelector("form[action$='/genomfor/']").dispatchEvent(again);
            return again.defaultPrevented;
        }"""
    )
    assert refused  # the second submit is cancelled by the page itself
    assert not Participant.objects.filter(first_name="Webb").exists()

    page.reload()
    # On PostgreSQL the import runs in the background and the report shows how far it has come
    # (the first person is held until the test has seen that); on SQLite it runs in the request.
    held = Held(services.participant_create, after=1) if background else None
    if held:
        monkeypatch.setattr(services, "participant_create", held)
        monkeypatch.setattr(ApplyProgress, "EVERY", 0)
    page.locator("form[action$='/genomfor/'] button").click()
    page.wait_for_load_state()
    if held:
        assert held.reached.wait(30)
        progress = page.locator("#import-applying [role=status]")
        progress.wait_for(timeout=15000)
        page.wait_for_timeout(2500)  # one more poll, after the first person is written
        assert re.search(r"(Checking|Kontrollerar|Writing|Skriver).* 1 (of|av) 3", progress.inner_text()), progress.inner_text()
        assert axe_problems(page, "import running") == []
        held.release.set()
    page.locator("#import-applying").wait_for(state="detached", timeout=30000)
    page.locator("#totals-heading").wait_for()

    applied = RegisterImport.objects.get(file_name="register-rattad.csv")
    assert applied.status == ImportStatus.APPLIED and applied.content is None and not applied.file_rows.exists()
    assert Participant.objects.filter(first_name="Webb", unit=world.unit).count() == 3
    assert page.locator("form[action$='/genomfor/']").count() == 0
