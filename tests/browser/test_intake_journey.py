"""Browser journey of intake: walk-in at an information meeting → interview → assessment → queue →
group start → internship → employment → exit → 3-month follow-up recorded.

Every step starts from the case page (participants:detail) and returns to it. The internship's
employer is not in the register yet: it is added inside the internship form (nothing typed there
is lost), then picked with the autocomplete for the employment. Selectors use URLs and field
names, not text, so the journey survives the Swedish catalogue.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from intake.models import Episode, FollowUp, MeetingAttendance
from participants.models import Employment, Internship, Participant, Phase
from tests.browser.conftest import login
from tests.browser.keyboard import choose_in_autocomplete
from tests.fixtures import build_world
from tests.participants.factories import valid_personnummer

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def submit(page, form="main form.form"):
    page.locator(f"{form} button[type=submit]").first.click()
    page.wait_for_load_state()


def test_walk_in_to_three_month_follow_up(page, live_server):
    world = build_world()
    unit = world.unit
    today = timezone.localdate()
    login(page, live_server, "kommun_vl")

    # Information meeting: set the weekly time, open today's attendance list, add a walk-in.
    page.locator("nav.site-nav a[href='/inskrivning/']").click()
    page.locator(f"a[href='/inskrivning/enhet/{unit.pk}/informationsmoten/']").click()
    page.locator("a[href$='/informationsmoten/tid/ny/']").click()
    page.select_option("#id_weekday", str(today.weekday()))
    page.fill("#id_starts_at", "13:00")
    page.fill("#id_place", "Kramis lokal")
    submit(page)
    page.locator("form[action$='/informationsmoten/ny/'] button").first.click()
    page.wait_for_load_state()
    page.fill("#id_name", "Kim Besök")
    page.fill("#id_contact", "070-555 12 34")
    submit(page, "form[action$='/besokare/']")
    assert "Kim Besök" in page.locator("main table").inner_text()

    # The walk-in becomes a participant: the register form comes pre-filled.
    page.locator("a[href$='/registrera/']").click()
    assert page.input_value("#id_first_name") == "Kim" and page.input_value("#id_phone") == "070-555 12 34"
    page.fill("#id_personnummer", valid_personnummer(date(1995, 5, 5)))
    page.select_option("#id_gender", "woman")
    page.select_option("#id_municipality", str(unit.municipalities.first().pk))
    page.select_option("#id_drug_free", "yes")
    page.select_option("#id_housing_arranged", "yes")
    submit(page)
    kim = Participant.objects.get(first_name="Kim", last_name="Besök")
    assert page.url.endswith(f"/deltagare/{kim.pk}/")
    assert MeetingAttendance.objects.get(participant=kim).name == ""

    # Interview, then the team meeting's assessment: accepted.
    page.locator("a[href$='/intervju/ny/']").first.click()
    page.fill("#id_notes", "Vill arbeta inom lager; börjar gärna direkt.")
    submit(page)
    page.locator("a[href$='/bedomning/ny/']").first.click()
    page.check("input[name=decision][value=accepted]")
    submit(page)
    kim.refresh_from_db()
    assert kim.phase == Phase.QUEUED

    # The queue shows Kim with the reason; no group start fits yet: one is created from the start
    # form, which it returns to, and Kim starts in it.
    page.locator(f"main a[href='/inskrivning/enhet/{unit.pk}/ko/']").first.click()
    assert "Kim" in page.locator("main table").inner_text()
    page.locator(f"a[href='/inskrivning/deltagare/{kim.pk}/start/']").click()
    page.locator("a[href*='/grupper/ny/']").click()
    page.fill("#id_name", "Vägledningskurs, resan")
    page.fill("#id_starts_on", today.isoformat())
    page.fill("#id_capacity", "5")
    page.check("input[name=session_weekdays][value='0']")
    submit(page)
    assert page.url.endswith(f"/inskrivning/deltagare/{kim.pk}/start/")
    page.check("input[name=kind][value=group]")
    assert page.is_checked("input[name=group]")  # the only group that fits
    submit(page)
    episode = Episode.objects.get(participant=kim)
    assert episode.group.name == "Vägledningskurs, resan"

    # An internship at an employer not yet in the register: added inside the internship form.
    assert page.url.endswith(f"/deltagare/{kim.pk}/")
    page.locator("[data-next-action]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/deltagare/{kim.pk}/praktik/ny/")
    page.fill("#id_start_date", today.isoformat())
    page.fill("#id_planned_end_date", (today + timedelta(days=60)).isoformat())
    page.fill("#id_supervisor_name", "Cecilia Nord")
    page.locator("#new-employer > summary").click()
    page.fill("#id_new_employer-name", "Älvstadens Storkök AB")
    page.locator("button[name=add_employer]").click()
    page.wait_for_load_state()
    assert page.input_value("#id_supervisor_name") == "Cecilia Nord"  # nothing typed is lost
    assert page.input_value("#id_employer") == "Älvstadens Storkök AB"  # and the new employer is chosen
    submit(page)
    assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()
    kim.refresh_from_db()
    assert kim.phase == Phase.INTERNSHIP
    assert page.locator("[data-step=internship]").get_attribute("data-status") == "in_progress"

    # Employment at the same employer, picked with the autocomplete (typed, then chosen with the keys).
    page.locator("[data-next-action]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/deltagare/{kim.pk}/anstallning/ny/")
    choose_in_autocomplete(page, "#id_employer", "Storkök", "Älvstadens Storkök AB")
    page.select_option("#id_employment_type", value="fixed_term")
    page.select_option("#id_subsidy", value="wage_subsidy")
    page.fill("#id_start_date", today.isoformat())
    submit(page)
    assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()
    kim.refresh_from_db()
    assert kim.phase == Phase.WORK_OR_STUDIES
    assert Internship.objects.get(participant=kim).actual_end_date == today  # ended by the job
    assert Employment.objects.filter(participant=kim, employer__name="Älvstadens Storkök AB").exists()

    # Exit, then the 3-month follow-up, each from the case page's next action.
    page.locator("[data-next-action]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/avslut/")
    page.check("input[name=outcome][value=work]")
    page.check("input[name=completed_guidance_programme][value=yes]")
    submit(page)
    kim.refresh_from_db()
    assert kim.phase == Phase.CLOSED
    three = FollowUp.objects.get(episode=episode, months=3)
    page.locator(f"a[href$='/uppfoljning/{three.pk}/']").first.click()
    page.check("input[name=result][value=working]")
    # Recorded the day after the exit, months before it is due: the form asks why (issue 21).
    page.fill("textarea[name=early_reason]", "Flyttar utomlands och kan inte nås senare.")
    submit(page)
    three.refresh_from_db()
    assert three.result == "working"
    assert page.url.endswith(f"/deltagare/{kim.pk}/")
    assert page.locator("[data-step=follow_up_3]").get_attribute("data-status") == "done"
