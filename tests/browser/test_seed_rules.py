"""Where a user acts on the seed rules of issue 18: the team assesses someone who was never
interviewed and is outside the target group (a reason for each), a unit with group starts only
offers only group starts, and a no-show at a drug test waits for the team's decision.

Short on purpose: the rules themselves are table-tested in tests/intake and tests/agreements.
Selectors use URLs and field names, not text, so the tests survive the Swedish catalogue.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from agreements.models import AgreementStatus
from intake.models import Assessment, DrugTest, Episode, NoShowDecision
from participants.models import Phase
from tests.agreements.factories import AgreementFactory
from tests.browser.conftest import login
from tests.fixtures import build_world
from tests.intake.factories import ELIGIBLE, accept, make_drug_test, make_group, start
from tests.participants.factories import make_participant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page):
    page.locator("main form.form button[type=submit]").first.click()
    page.wait_for_load_state()


def agreement_in_force(unit, **rules):
    year = timezone.localdate().year
    return AgreementFactory(unit=unit, status=AgreementStatus.ACTIVE, period_start=date(year, 1, 1),
                            period_end=date(year, 12, 31), **rules)


def test_assessing_without_an_interview_and_outside_the_target_group_asks_for_both_reasons(page, live_server):
    world = build_world()
    agreement_in_force(world.unit, target_convicted="everyone", target_at_risk="women")
    owner = world.users["kommun_vagledare"]
    p = make_participant(unit=world.unit, handler=owner, born=date(1990, 1, 1), **ELIGIBLE)  # no criminal-justice status
    login(page, live_server, "kommun_vl")
    page.goto(f"{live_server.url}/inskrivning/deltagare/{p.pk}/bedomning/ny/")
    page.check("input[name=decision][value=accepted]")
    submit(page)
    assert page.locator("#id_no_interview_reason").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_override_reason").get_attribute("aria-invalid") == "true"
    assert not Assessment.objects.filter(participant=p).exists()
    page.fill("#id_no_interview_reason", "Intervjuad av frivården på anstalten")
    page.fill("#id_override_reason", "Dömd 2021 enligt domen; Kriminalvårdens uppgifter uppdateras")
    submit(page)
    assessment = Assessment.objects.get(participant=p)
    assert (assessment.no_interview_reason, [f["code"] for f in assessment.failed_conditions]) == (
        "Intervjuad av frivården på anstalten", ["target_group"],
    )
    assert page.url.endswith(f"/deltagare/{p.pk}/")  # back on the case page


def test_a_unit_with_group_starts_only_offers_only_group_starts(page, live_server):
    world = build_world()
    agreement_in_force(world.unit, intake_mode="group")
    owner = world.users["kommun_vagledare"]
    p = accept(make_participant(unit=world.unit, handler=owner, **ELIGIBLE), by=owner, on=timezone.localdate() - timedelta(days=5))
    group = make_group(world.unit, by=owner)
    login(page, live_server, "kommun_vl")
    page.goto(f"{live_server.url}/inskrivning/deltagare/{p.pk}/start/")
    assert page.locator("input[name=kind]").count() == 1
    assert page.locator("input[name=kind][value=individual]").count() == 0
    page.check("input[name=kind][value=group]")
    page.check(f"input[name=group][value='{group.pk}']")
    submit(page)
    assert Episode.objects.get(participant=p).group == group
    # The exit says which studies: full time.
    page.goto(f"{live_server.url}/inskrivning/deltagare/{p.pk}/avslut/")
    assert page.locator("input[name=outcome][value=studies]").count() == 0
    page.check("input[name=outcome][value=studies_full_time]")
    page.check("input[name=completed_guidance_programme][value=yes]")
    submit(page)
    assert Episode.objects.get(participant=p).exit_outcome == "studies_full_time"


def test_a_no_show_waits_for_the_teams_decision(page, live_server):
    world = build_world()
    owner = world.users["kommun_vagledare"]
    today = timezone.localdate()
    p = accept(make_participant(unit=world.unit, handler=owner, **ELIGIBLE), by=owner, on=today - timedelta(days=30))
    start(p, by=owner, on=today - timedelta(days=20))
    test = make_drug_test(p, by=owner, on=today - timedelta(days=2))
    login(page, live_server, "kommun_vl")
    page.goto(f"{live_server.url}/inskrivning/deltagare/{p.pk}/drogtest/{test.pk}/resultat/")
    page.check("input[name=result][value=no_show]")
    submit(page)
    test.refresh_from_db()
    assert test.no_show_decision == NoShowDecision.PENDING and p.episodes.get().is_open
    # The task is on the home page; the decision is recorded with its reason.
    page.goto(f"{live_server.url}/")
    page.locator(f"a[href='/inskrivning/deltagare/{p.pk}/drogtest/{test.pk}/beslut/']").first.click()
    page.wait_for_load_state()
    page.check("input[name=decision][value=discharge]")
    page.fill("#id_reason", "Uteblev utan att höra av sig; andra gången i månaden")
    submit(page)
    test.refresh_from_db()
    p.refresh_from_db()
    assert (test.no_show_decision, test.no_show_reason) == (
        NoShowDecision.DISCHARGE, "Uteblev utan att höra av sig; andra gången i månaden",
    )
    assert p.phase == Phase.CLOSED and Episode.objects.get(participant=p).exit_outcome == "drug_test"
    assert DrugTest.objects.filter(participant=p, no_show_decision=NoShowDecision.PENDING).count() == 0
