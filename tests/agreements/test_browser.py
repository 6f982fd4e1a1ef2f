"""In the browser: an admin copies last year's agreement, changes the occupancy target and activates it.

Afterwards `rules_for_unit` (what intake's queue reads) gives the new target, and the queue page
follows it: with no agreement in force the longest wait goes first; once the target is reached,
the agreement's priority order puts a person on a prison release measure first.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from agreements.models import Agreement, AgreementStatus
from agreements.selectors import rules_for_unit
from participants.models import CriminalJusticeStatus as CJ
from tests.agreements.conftest import build_stockholm
from tests.agreements.factories import stockholm_like
from tests.intake.factories import accept, set_category_data, start
from tests.participants.factories import make_participant

PASSWORD = "ett-langt-losenord-2026"


def log_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


def queue_names(page, live_server, unit) -> list[str]:
    page.goto(f"{live_server.url}/inskrivning/enhet/{unit.pk}/ko/")
    return [name.split(",")[1].strip() for name in page.locator("main table tbody th[scope=row] a").all_inner_texts()]


def one_active_and_two_waiting(s, today):
    """One participant in the guidance course; Olle (no priority category) has waited 90 days,
    Ivar (prison release measure, the first category) one day."""
    owner = s.users["vagledare"]
    active = accept(make_participant(unit=s.unit, handler=owner, first_name="Aktiv"), by=owner, on=today - timedelta(days=100))
    start(active, by=owner)
    for name, days, status in (("Olle", 90, CJ.NONE), ("Ivar", 1, CJ.PRISON_RELEASE_MEASURE)):
        p = make_participant(unit=s.unit, handler=owner, first_name=name, last_name="Kö")
        set_category_data(p, status=status, kv=status != CJ.NONE)
        accept(p, by=owner, on=today - timedelta(days=days))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_copy_change_target_and_activate(page, live_server, settings):
    settings.LANGUAGE_CODE = "en"  # the test finds buttons by their English names ("Save", not Django's "Spara")
    s = build_stockholm()
    today = timezone.localdate()
    last_year = stockholm_like(unit=s.unit, year=today.year - 1, occupancy_target=80)
    assert rules_for_unit(unit=s.unit, on=today).agreement_id is None  # nothing in force this year yet
    one_active_and_two_waiting(s, today)
    log_in(page, live_server, s.users["vagledare"])
    assert queue_names(page, live_server, s.unit) == ["Olle", "Ivar"]  # no target: waiting time

    log_in(page, live_server, s.users["admin"])

    page.get_by_role("link", name="Agreements", exact=True).click()
    page.get_by_role("link", name=last_year.title).click()
    page.get_by_role("button", name=re.compile("Copy to next year")).click()
    page.wait_for_selector("text=A draft for")
    draft = Agreement.objects.get(unit=s.unit, period_start__year=today.year)
    assert draft.status == AgreementStatus.DRAFT

    page.get_by_role("link", name="Edit “Targets”").click()
    page.fill("#id_occupancy_target", "1")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=“Targets” has been saved.")

    page.get_by_role("link", name="Activate…").click()
    # Check your answers: the copy is not signed yet, and the new target is shown beside the old.
    assert "3 parties have not signed." in page.content()
    changes = page.locator("section[aria-labelledby=changes-heading]").inner_text()
    assert "80 participants" in changes and "1 participant" in changes
    page.get_by_label("Activate although not every party has signed").check()
    page.get_by_role("button", name="Activate the agreement").click()
    page.wait_for_selector("text=The agreement is active.")
    assert "1 participant" in page.content()

    rules = rules_for_unit(unit=s.unit, on=today)
    assert (rules.agreement_id, rules.occupancy_target) == (draft.pk, 1)

    # The queue follows the new target at once: one active of one, so the priority order applies.
    log_in(page, live_server, s.users["vagledare"])
    assert queue_names(page, live_server, s.unit) == ["Ivar", "Olle"]
    assert "1 of the occupancy target 1" in page.locator("main").inner_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_add_a_row_of_inflow_targets_with_javascript(page, live_server, settings):
    """Issue 21, finding 7: "Add a row" adds a line in the page itself (no round trip), numbered and
    counted, with the focus in it; both lines are saved."""
    settings.LANGUAGE_CODE = "en"
    s = build_stockholm()
    draft = stockholm_like(unit=s.unit, year=timezone.localdate().year + 1, status=AgreementStatus.DRAFT)
    log_in(page, live_server, s.users["admin"])
    page.goto(f"{live_server.url}/overenskommelser/{draft.pk}/avsnitt/targets/")
    rows = page.locator("[data-formset-rows=inflow] tr")
    assert rows.count() == 1
    page.select_option("#id_inflow-0-measure", "interviewed")
    page.fill("#id_inflow-0-minimum", "50")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.get_by_role("button", name="Add a row to inflow targets").click()
    assert rows.count() == 2 and requests == []  # added in the page
    assert page.evaluate("document.activeElement.id") == "id_inflow-1-measure"
    assert page.input_value("#id_inflow-TOTAL_FORMS") == "2"
    assert page.get_by_label("At least (line 2)").count() == 1
    assert page.get_by_role("button", name="Add a row to inflow targets").is_hidden()  # one line per measure
    page.select_option("#id_inflow-1-measure", "enrolled")
    page.fill("#id_inflow-1-minimum", "35")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_selector("text=“Targets” has been saved.")
    assert sorted(draft.inflow_targets.values_list("measure", "minimum")) == [("enrolled", 35), ("interviewed", 50)]
