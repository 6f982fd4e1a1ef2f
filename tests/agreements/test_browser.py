"""In the browser: an admin copies last year's agreement, changes the occupancy target and activates it.

Afterwards `rules_for_unit` (what intake's queue reads) gives the new target. The queue page
itself comes with intake; the integrator extends this test to look at it.
"""

import re

import pytest
from django.utils import timezone

from agreements.models import Agreement, AgreementStatus
from agreements.selectors import rules_for_unit
from tests.agreements.conftest import build_stockholm
from tests.agreements.factories import stockholm_like

PASSWORD = "ett-langt-losenord-2026"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_copy_change_target_and_activate(page, live_server):
    s = build_stockholm()
    today = timezone.localdate()
    last_year = stockholm_like(unit=s.unit, year=today.year - 1, occupancy_target=80)
    assert rules_for_unit(unit=s.unit, on=today).agreement_id is None  # nothing in force this year yet

    page.goto(f"{live_server.url}/konto/logga-in/")
    page.fill("#id_username", s.users["admin"].username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("link", name="Agreements", exact=True).click()
    page.get_by_role("link", name=last_year.title).click()
    page.get_by_role("button", name=re.compile("Copy to next year")).click()
    page.wait_for_selector("text=A draft for")
    draft = Agreement.objects.get(unit=s.unit, period_start__year=today.year)
    assert draft.status == AgreementStatus.DRAFT

    page.get_by_role("link", name="Edit “Targets”").click()
    page.fill("#id_occupancy_target", "95")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=“Targets” has been saved.")

    page.get_by_role("link", name="Activate…").click()
    page.get_by_role("button", name="Activate the agreement").click()
    page.wait_for_selector("text=The agreement is active.")
    assert "95 participants" in page.content()

    rules = rules_for_unit(unit=s.unit, on=today)
    assert (rules.agreement_id, rules.occupancy_target) == (draft.pk, 95)
