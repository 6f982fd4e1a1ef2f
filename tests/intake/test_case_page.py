"""Issue 16, item 1: one case page per participant, with the Krami path as a task list.

The path's steps and their states are read from the page as a user sees it (`data-step`,
`data-status`), and the next action from the page's main button.
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse

from intake.models import FollowUp
from intake.services.assessment import interview_record
from intake.services.meetings import attendance_add_participant
from participants.models import CriminalJusticeStatus, Phase
from participants.services.employers import employer_create
from participants.services.programme import employment_record, internship_start
from tests.intake.factories import (
    ELIGIBLE,
    TROLLHATTAN_TARGET_GROUP,
    accept,
    exit_,
    make_drug_test,
    make_group,
    make_meeting,
    set_category_data,
    start,
    today,
    trollhattan_rules,
)
from tests.participants.conftest import enrol
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db

STEP = re.compile(r'data-step="(\w+)" data-status="(\w+)"')
NEXT = re.compile(r'<a class="button" href="([^"]+)" data-next-action>([^<]+)</a>')


def case_page(client, p) -> str:
    response = client.get(reverse("participants:detail", args=[p.pk]))
    assert response.status_code == 200
    return response.content.decode()


def states(page: str) -> dict[str, str]:
    return dict(STEP.findall(page))


def next_action(page: str) -> str | None:
    found = NEXT.search(page)
    return found.group(1) if found else None


def step_html(page: str, key: str) -> str:
    start_at = page.index(f'data-step="{key}"')
    return page[start_at: page.index("</li>", start_at)]


@pytest.fixture
def owner(world, client):
    user = world.users["kommun_vagledare"]
    client.force_login(user)
    return user


def test_the_path_walks_from_the_interview_to_the_follow_ups_with_the_next_action_on_top(world, owner, client):
    p = make_participant(unit=world.unit, handler=owner, **ELIGIBLE)
    page = case_page(client, p)
    assert states(page) == {
        "meeting": "to_do", "interview": "to_do", "assessment": "to_do", "queue": "cannot_start",
        "start": "cannot_start", "internship": "cannot_start", "work_or_studies": "cannot_start",
        "exit": "cannot_start", "follow_up_3": "cannot_start", "follow_up_6": "cannot_start",
        "follow_up_12": "cannot_start",
    }
    # The information meeting is optional (no application needed): the interview comes first.
    assert next_action(page) == reverse("intake:interview_create", args=[p.pk])

    interview_record(participant=p, by=owner, held_on=today(), interviewer=owner)
    page = case_page(client, p)
    assert states(page)["interview"] == "done" and states(page)["meeting"] == "not_recorded"
    assert f"Held on {today().isoformat()}" in step_html(page, "interview")
    assert next_action(page) == reverse("intake:assessment_create", args=[p.pk])

    accept(p, by=owner)
    page = case_page(client, p)
    assert (states(page)["assessment"], states(page)["queue"], states(page)["start"]) == ("done", "in_progress", "to_do")
    assert next_action(page) == reverse("intake:start", args=[p.pk])

    group = make_group(world.unit, by=owner, name="Vägledningskurs vår")
    start(p, by=owner, group=group)
    page = case_page(client, p)
    assert (states(page)["queue"], states(page)["start"], states(page)["internship"]) == ("done", "done", "to_do")
    assert "Group start in Vägledningskurs vår" in step_html(page, "start")
    assert next_action(page) == reverse("participants:internship_create", args=[p.pk])

    employer = employer_create(unit=world.unit, by=owner, name="Älvstadens Storkök AB")
    internship_start(participant=p, employer=employer, by=owner, start_date=today(),
                     planned_end_date=today() + timedelta(days=60), supervisor_name="Cecilia Nord")
    page = case_page(client, p)
    assert states(page)["internship"] == "in_progress" and "Älvstadens Storkök AB" in step_html(page, "internship")
    assert next_action(page) == reverse("participants:employment_create", args=[p.pk])

    employment_record(participant=p, employer=employer, by=owner, employment_type="permanent", start_date=today())
    page = case_page(client, p)
    assert states(page)["work_or_studies"] == "in_progress"
    assert next_action(page) == reverse("intake:exit", args=[p.pk])

    exit_(p, by=owner, outcome="work")
    page = case_page(client, p)
    assert states(page)["exit"] == "done" and "Work without subsidy" in step_html(page, "exit")
    assert [states(page)[f"follow_up_{m}"] for m in (3, 6, 12)] == ["planned", "planned", "planned"]
    assert next_action(page) is None  # nothing is due yet

    three = FollowUp.objects.get(episode__participant=p, months=3)
    FollowUp.objects.filter(pk=three.pk).update(due_on=today() - timedelta(days=2))
    page = case_page(client, p)
    assert states(page)["follow_up_3"] == "overdue"
    assert next_action(page) == reverse("intake:followup_record", args=[p.pk, three.pk])


def test_a_booked_interview_and_a_coming_meeting_read_as_booked_and_nothing_is_asked_before_them(world, owner, client):
    p = make_participant(unit=world.unit, handler=owner, **ELIGIBLE)
    coming = make_meeting(world.unit, by=owner, on=today() + timedelta(days=6))
    attendance_add_participant(meeting=coming, by=owner, participant=p)
    interview_record(participant=p, by=owner, held_on=today() + timedelta(days=9), interviewer=owner)
    page = case_page(client, p)
    assert (states(page)["meeting"], states(page)["interview"]) == ("booked", "booked")
    assert f"Booked for {(today() + timedelta(days=6)).isoformat()}" in step_html(page, "meeting")
    assert f"Booked for {(today() + timedelta(days=9)).isoformat()}" in step_html(page, "interview")
    assert "Came" not in step_html(page, "meeting")
    assert next_action(page) is None  # the assessment waits for the interview


def test_unknown_conditions_block_the_assessment_with_a_fix_that_leads_back_to_the_step(world, owner, client):
    p = make_participant(unit=world.unit, handler=owner)  # drug-free and housing: not known yet
    interview_record(participant=p, by=owner, held_on=today(), interviewer=owner)
    page = case_page(client, p)
    assert states(page)["assessment"] == "needs_info"
    assessment = step_html(page, "assessment")
    assert "Whether the person is drug-free is not known yet." in assessment
    back = quote(reverse("participants:detail", args=[p.pk]) + "#step-assessment", safe="")
    assert f'href="{reverse("participants:edit", args=[p.pk])}?next={back}"' in assessment
    assert next_action(page) == reverse("intake:assessment_create", args=[p.pk])


def test_a_party_that_may_not_change_the_record_gets_no_fix_link(world, client):
    p = world.participants["consent_all"]  # owned by the kommun; KV sees it by consent
    interview_record(participant=p, by=world.users["kommun_vagledare"], held_on=today(), interviewer=world.users["kommun_vagledare"])
    client.force_login(world.users["kv_vagledare"])
    assessment = step_html(case_page(client, p), "assessment")
    assert "not known yet" in assessment and reverse("participants:edit", args=[p.pk]) not in assessment


def test_the_target_group_condition_is_read_only_by_whom_criminal_justice_data_is_released(world, client, unit_rules):
    unit_rules(eligibility=trollhattan_rules([world.unit.municipalities.first().pk], target_group=TROLLHATTAN_TARGET_GROUP))
    owner = world.users["kommun_vagledare"]
    p = world.participants["consent_kv_core"]  # KV sees the core record only: its own criminal-justice data too
    set_category_data(p, status=CriminalJusticeStatus.NONE)
    interview_record(participant=p, by=owner, held_on=today(), interviewer=owner)
    client.force_login(owner)  # the kommun sees no criminal-justice data of this person
    kommun = step_html(case_page(client, p), "assessment")
    assert "Not in the target group" not in kommun and "data you may not see" in kommun
    client.force_login(world.users["kv_vagledare"])  # KV's own data: it reads the condition and may fix it
    kv = step_html(case_page(client, p), "assessment")
    assert "Not in the target group by criminal-justice situation" in kv
    assert reverse("participants:category_edit", args=[p.pk, "criminal_justice"]) in kv


def test_the_drug_policy_block_is_named_only_to_whom_the_drug_tests_are_released(world, client):
    owner = world.users["kommun_vagledare"]
    p = world.participants["consent_kv_core"]  # KV sees the person, not the kommun's drug tests
    p.drug_free, p.housing_arranged = "yes", "yes"
    p.save()
    accept(p, by=owner, on=today() - timedelta(days=40))
    start(p, by=owner, on=today() - timedelta(days=30))
    exit_(p, by=owner, on=today() - timedelta(days=3), outcome="drug_test")
    make_drug_test(p, by=owner, on=today() - timedelta(days=5), result="refused", result_on=today() - timedelta(days=4))
    accept(p, by=owner, on=today() - timedelta(days=1))

    client.force_login(owner)
    start_step = step_html(case_page(client, p), "start")
    assert "drug policy" in start_step and states(case_page(client, p))["start"] == "cannot_start"
    client.force_login(world.users["kv_vagledare"])
    page = case_page(client, p)
    assert "drug" not in step_html(page, "start").lower() and "data you may not see" in step_html(page, "start")
    assert "drug" not in step_html(page, "exit").lower()
    assert next_action(page) is None


def test_the_block_counts_every_test_and_so_does_a_later_clearing_one_the_user_cannot_see(world, client):
    """The case page reads the block's two dates with the record (issue 19): of every test of the
    participant, as when a start is saved, named only to whom the tests are released."""
    owner = world.users["kommun_vagledare"]
    p = world.participants["consent_kv_core"]  # KV sees the person, not the kommun's drug tests
    p.drug_free, p.housing_arranged = "yes", "yes"
    p.save()
    make_drug_test(p, by=owner, on=today() - timedelta(days=10), result="refused", result_on=today() - timedelta(days=9))
    make_drug_test(p, by=owner, on=today() - timedelta(days=20), result="negative", result_on=today() - timedelta(days=19))
    accept(p, by=owner, on=today() - timedelta(days=1))
    client.force_login(world.users["kv_vagledare"])
    page = case_page(client, p)
    assert states(page)["start"] == "cannot_start" and "data you may not see" in step_html(page, "start")

    make_drug_test(p, by=owner, on=today() - timedelta(days=3), result="negative", result_on=today() - timedelta(days=2))
    page = case_page(client, p)
    assert states(page)["start"] != "cannot_start" and "data you may not see" not in step_html(page, "start")


def test_the_former_intake_page_redirects_to_the_case_page_and_stays_404_outside_reach(world, owner, client):
    p = world.participants["no_consent"]
    response = client.get(reverse("intake:participant", args=[p.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:detail", args=[p.pk]) + "#intake"
    client.force_login(world.users["kv_vagledare"])
    assert client.get(reverse("intake:participant", args=[p.pk])).status_code == 404


def test_the_steps_return_to_the_case_page(world, owner, client):
    p = make_participant(unit=world.unit, handler=owner, **ELIGIBLE)
    response = client.post(reverse("intake:interview_create", args=[p.pk]),
                           {"held_on": today().isoformat(), "interviewer": owner.pk, "notes": ""})
    assert response["Location"] == reverse("participants:detail", args=[p.pk])
    response = client.post(reverse("intake:assessment_create", args=[p.pk]),
                           {"decided_on": today().isoformat(), "decision": "accepted", "decided_by": owner.pk})
    assert response["Location"] == reverse("participants:detail", args=[p.pk])
    p.refresh_from_db()
    assert p.phase == Phase.QUEUED


def test_the_records_of_intake_are_a_folded_section_of_the_case_page(world, owner, client):
    p = make_participant(unit=world.unit, handler=owner, **ELIGIBLE)
    interview_record(participant=p, by=owner, held_on=today(), interviewer=owner, notes="Vill arbeta inom lager.")
    page = case_page(client, p)
    assert '<details class="card fold" id="intake"' in page and "Vill arbeta inom lager." in page
    for section in ("core", "programme", "consent", "journal", "case-worker"):
        assert f'<details class="card fold" id="{section}"' in page
    # The path and the next action come before every section; a new note is one click from the top.
    assert page.index('id="path"') < page.index('id="core"')
    assert page.index("data-next-action") < page.index('id="path"')
    assert page.index(reverse("participants:note_create", args=[p.pk])) < page.index('id="path"')


def test_a_person_in_the_programme_without_recorded_intake_goes_on_from_the_programme(world, owner, client):
    p = enrol(world, days_ago=30)  # in the guidance course, as a register kept before Krami says
    page = case_page(client, p)
    assert [states(page)[k] for k in ("meeting", "interview", "assessment", "queue", "start")] == ["not_recorded"] * 5
    assert states(page)["internship"] == "to_do"
    assert next_action(page) == reverse("participants:internship_create", args=[p.pk])


def test_an_interview_booked_for_someone_in_the_programme_does_not_hold_up_the_programme(world, owner, client):
    p = make_participant(unit=world.unit, handler=owner, **ELIGIBLE)
    interview_record(participant=p, by=owner, held_on=today() - timedelta(days=9), interviewer=owner)
    accept(p, by=owner, on=today() - timedelta(days=8))
    start(p, by=owner)
    interview_record(participant=p, by=owner, held_on=today() + timedelta(days=4), interviewer=owner)  # a talk ahead
    page = case_page(client, p)
    assert states(page)["interview"] == "done"
    assert f"Booked for {(today() + timedelta(days=4)).isoformat()}" in step_html(page, "interview")
    assert next_action(page) == reverse("participants:internship_create", args=[p.pk])
