"""Browser journey (issue 16): a vägledare enters a praktik that starts next week; the participant stays in
the guidance course until that day, and on the day (the clock moved with time-machine, the nightly job run
as its timer would) the page shows the internship phase."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from participants.models import Employer, Phase
from tests.participants.factories import make_participant

PASSWORD = "ett-langt-losenord-2026"


def _log_in(page, live_server, user):
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_future_praktik_changes_the_phase_on_its_date(page, live_server, world):
    today = timezone.localdate()
    start_on = today + timedelta(days=5)
    vagledare = world.users["kommun_vagledare"]
    participant = make_participant(unit=world.unit, handler=vagledare, first_name="Filippa", last_name="Framtid",
                                   phase=Phase.GUIDANCE, phase_since=today - timedelta(days=20))
    Employer.objects.create(unit=world.unit, name="Kvarnbyns Bageri AB", created_by=vagledare)

    _log_in(page, live_server, vagledare)
    page.goto(f"{live_server.url}/deltagare/{participant.pk}/")
    page.get_by_role("link", name="Start an internship").click()
    # The employer field is an autocomplete (issue 16) over the select it keeps, which the form sends:
    # the name typed in the field, the employer chosen in the select (the autocomplete's own journey
    # is tests/participants/test_programme_browser.py).
    page.wait_for_selector("#id_employer-select", state="attached")  # the autocomplete has taken over
    page.fill("#id_employer", "Kvarnbyns Bageri AB")
    page.eval_on_selector(
        "#id_employer-select",
        "(el, name) => { el.value = [...el.options].find(o => o.text.includes(name)).value; }",
        "Kvarnbyns Bageri AB",
    )
    page.fill("#id_start_date", start_on.isoformat())
    page.fill("#id_planned_end_date", (start_on + timedelta(days=60)).isoformat())
    page.fill("#id_supervisor_name", "Greta Deg")
    page.get_by_role("button", name="Start internship").click()
    message = page.locator(".messages").inner_text()
    assert f"moves to the phase “Internship (praktik)” on {start_on.isoformat()}" in message
    assert page.locator("h1 .badge").inner_text() == "Guidance course"
    assert f"Internship (praktik) from {start_on.isoformat()}" in page.locator("[data-planned-phases]").inner_text()

    the_day = timezone.make_aware(datetime.combine(start_on, time(0, 15)))
    with time_machine.travel(the_day, tick=True):
        call_command("apply_planned_phases")  # the nightly timer, just after midnight
        _log_in(page, live_server, vagledare)  # days later: the session has ended
        page.goto(f"{live_server.url}/deltagare/{participant.pk}/")
        assert page.locator("h1 .badge").inner_text() == "Internship (praktik)"
        assert page.locator("[data-planned-phases]").count() == 0
        timeline = page.locator("[data-phase-timeline]").text_content()  # in a folded section of the case page
        assert "Internship (praktik)" in timeline and start_on.isoformat() in timeline
