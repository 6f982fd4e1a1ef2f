"""Screenshots of the main pages for the README (docs/screenshots/), made from the demo data.

Runs with the suite, so the pictures follow the templates. Only invented people appear
(krami/demo_data.py, participants/demo_data.py). A picture is rewritten only when it changed
more than a clock or a date would change it, so running the tests does not dirty the tree.
"""

from __future__ import annotations

from io import BytesIO, StringIO
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.conf import settings
from django.core.management import call_command
from PIL import Image, ImageChops

from agreements.models import Agreement, AgreementStatus
from krami.demo import DEMO_PASSWORD
from krami.models import Unit
from participants.models import Participant
from reporting.models import MonthSnapshot
from tests.browser.a11y import DESKTOP, ZOOM_200
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
CASEWORKER = "sthlm.kommun.vagledare"
# Times and dates in the demo data move with the clock; a real change of the page moves more.
CHANGED_PIXELS = 0.01
PHONE = {"width": 390, "height": 844}


def _changed(old: Path, new: bytes) -> bool:
    if not old.exists():
        return True
    with Image.open(old) as before, Image.open(BytesIO(new)) as after:
        if before.size != after.size:
            return True
        diff = ImageChops.difference(before.convert("RGB"), after.convert("RGB")).convert("L")
        changed = sum(diff.point(lambda v: 255 if v else 0).histogram()[255:])
        return changed > CHANGED_PIXELS * before.size[0] * before.size[1]


def shoot(page, name: str, *, full_page: bool = True, element: str | None = None) -> Path:
    """Save the page (or one `element` of it) as docs/screenshots/<name>.png, the pointer parked
    where it hovers nothing."""
    page.mouse.move(0, 0)
    if element:
        image = page.locator(element).screenshot(animations="disabled")
    else:
        image = page.screenshot(full_page=full_page, animations="disabled")
    return save(name, image)


def save(name: str, image: bytes) -> Path:
    """docs/screenshots/<name>.png, rewritten only when the picture changed (_changed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if _changed(path, image):
        path.write_bytes(image)
    return path


def pdf_first_page(pdf: bytes) -> bytes:
    """Page 1 of a PDF as a PNG, drawn by PDFium (pypdfium2) at 110 dpi: what a reader opening it sees."""
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=110 / 72).to_pil()
    finally:
        document.close()
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _demo_participant() -> Participant:
    """One of the case worker's participants with a consent, a journal note and criminal-justice data."""
    return (
        Participant.objects.filter(handler__username=CASEWORKER, consents__isnull=False, notes__isnull=False)
        .order_by("pk")
        .first()
    )


def test_screenshots_of_the_main_pages(page, live_server):
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    base = live_server.url
    written = []

    page.goto(f"{base}/konto/logga-in/")
    written.append(shoot(page, "login"))

    login(page, live_server, CASEWORKER, DEMO_PASSWORD)
    written.append(shoot(page, "home-vagledare"))
    page.goto(f"{base}/inskrivning/att-gora/")
    written.append(shoot(page, "todo"))
    page.goto(f"{base}/deltagare/")
    written.append(shoot(page, "participants-list"))
    page.set_viewport_size(ZOOM_200)
    written.append(shoot(page, "participants-list-200-percent", full_page=False))
    page.set_viewport_size(DESKTOP)

    participant = _demo_participant()
    page.goto(f"{base}/deltagare/{participant.pk}/")
    written.append(shoot(page, "case-page"))  # the next action, the path, the folded sections
    written.append(shoot(page, "case-task-list", element="#path"))
    page.locator("#core > summary").click()
    page.locator("#core .term-help summary").first.click()
    written.append(shoot(page, "participant-detail"))
    page.emulate_media(media="print")
    written.append(shoot(page, "participant-detail-print"))
    page.emulate_media(media="screen")
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/deltagare/{participant.pk}/")
    written.append(shoot(page, "case-page-phone", full_page=False))
    page.set_viewport_size(DESKTOP)

    page.goto(f"{base}/deltagare/ny/")
    page.fill("#id_first_name", "Maja")
    page.fill("#id_personnummer", "19900101-1234")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    written.append(shoot(page, "participant-register-errors"))

    page.goto(f"{base}/deltagare/{participant.pk}/samtycke/nytt/")
    written.append(shoot(page, "consent-form"))
    page.goto(f"{base}/hjalp/begrepp/")
    written.append(shoot(page, "glossary"))

    # Intake and the programme after the start.
    page.goto(f"{base}/inskrivning/")
    written.append(shoot(page, "intake-overview"))
    page.locator("main a[href$='/ko/']").first.click()
    page.wait_for_load_state()
    written.append(shoot(page, "intake-queue"))
    page.goto(f"{base}/inskrivning/")
    page.locator("main a[href$='/grupper/']").first.click()
    page.locator("main table a[href^='/inskrivning/grupp/']").first.click()
    page.wait_for_load_state()
    written.append(shoot(page, "intake-group"))
    page.goto(f"{base}/deltagare/team/")
    written.append(shoot(page, "team-view"))
    page.goto(f"{base}/deltagare/arbetsgivare/")
    written.append(shoot(page, "employers"))

    page.context.clear_cookies()
    login(page, live_server, "sthlm.samordnare", DEMO_PASSWORD)
    page.locator("main a[href$='/logg/']").first.click()
    page.wait_for_load_state()
    # Filtered to the records opened: a short table that does not change with every list shown.
    page.select_option("#id_action", "view")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    written.append(shoot(page, "access-log"))
    stockholm = Unit.objects.get(name="Krami Stockholm")
    # Last month's review: the flagged reads with the facts behind each flag and a check to fill in.
    page.goto(f"{base}/integritet/enhet/{stockholm.pk}/loggkontroll/")
    written.append(shoot(page, "log-review"))
    page.goto(f"{base}/integritet/enhet/{stockholm.pk}/registerutdrag/")
    written.append(shoot(page, "extract-requests"))

    # The yearly agreement: the admin's view of the one in force, and the settlement of costs.
    page.context.clear_cookies()
    login(page, live_server, "sthlm.avtal", DEMO_PASSWORD)
    page.goto(f"{base}/overenskommelser/")
    written.append(shoot(page, "agreements-list"))
    in_force = Agreement.objects.filter(unit__name="Krami Stockholm", status=AgreementStatus.ACTIVE).get()
    page.goto(f"{base}/overenskommelser/{in_force.pk}/")
    written.append(shoot(page, "agreement-detail", full_page=False))  # the top: status, parties
    page.locator("main a[href$='/avrakning/']").first.click()
    page.wait_for_load_state()
    written.append(shoot(page, "agreement-settlement"))
    draft = Agreement.objects.filter(unit__name="Krami Stockholm", status=AgreementStatus.DRAFT).get()
    page.goto(f"{base}/overenskommelser/{draft.pk}/aktivera/")
    written.append(shoot(page, "agreement-activate"))

    page.context.clear_cookies()
    login(page, live_server, "sthlm.kv.styrgrupp", DEMO_PASSWORD)
    written.append(shoot(page, "home-styrgrupp"))
    page.goto(f"{base}/rapporter/enhet/{stockholm.pk}/")
    written.append(shoot(page, "reporting-dashboard", full_page=False))  # the first screen: the headline figures
    page.goto(f"{base}/rapporter/enhet/{stockholm.pk}/ar/")
    written.append(shoot(page, "reporting-year"))
    pack = page.request.get(f"{base}/rapporter/enhet/{stockholm.pk}/motespaket.pdf")  # the browser's session
    assert pack.ok and pack.headers["content-type"] == "application/pdf"
    written.append(save("reporting-pack-page-1", pdf_first_page(pack.body())))

    page.context.clear_cookies()
    login(page, live_server, "sthlm.samordnare", DEMO_PASSWORD)
    page.goto(f"{base}/rapporter/enhet/{stockholm.pk}/")
    page.locator("a[href*='/stang-manad/granska/']").click()
    page.wait_for_load_state()
    written.append(shoot(page, "reporting-close-month"))

    # NSG: the national view's first screen, the status matrix, for the last month the demo closed.
    page.context.clear_cookies()
    login(page, live_server, "nsg", DEMO_PASSWORD)
    last_closed = MonthSnapshot.objects.order_by("-month").values_list("month", flat=True).first()
    page.goto(f"{base}/rapporter/nationellt/?period={last_closed:%Y-%m}")
    written.append(shoot(page, "reporting-national", full_page=False))

    for path in written:
        assert path.stat().st_size > 5_000, f"{path.name} looks empty"
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    unlinked = [path.name for path in written if f"docs/screenshots/{path.name}" not in readme]
    assert unlinked == [], f"screenshots the README does not show: {unlinked}"
