"""The case worker's week on the home page."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.models import MeetingSlot
from intake.services.assessment import interview_record
from krami.dates import week_bounds
from krami.models import AccessLog
from tests.intake.factories import accept, exit_, make_drug_test, make_group, start, today
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db


def _section(response, template: str) -> dict:
    return next(context for name, context in response.context["sections"] if name == template)


@pytest.fixture
def week(world):
    owner = world.users["kommun_vagledare"]
    monday, _sunday = week_bounds(today())
    MeetingSlot.objects.create(unit=world.unit, weekday=3, starts_at=time(13, 0), place="Krami, plan 2", created_by=owner)
    interviewed = make_participant(unit=world.unit, handler=owner, first_name="Intervjuad")
    # held today: an interview later in the week is not yet one to assess (on a Monday, Tuesday is the future)
    interview_record(participant=interviewed, by=owner, held_on=today(), interviewer=owner)
    make_group(world.unit, by=owner, starts_on=monday + timedelta(days=7), name="Kurs nästa vecka")
    exited = accept(make_participant(unit=world.unit, handler=owner, first_name="Avslutad"), by=owner,
                    on=today() - timedelta(days=200))
    start(exited, by=owner, on=today() - timedelta(days=150))
    exit_(exited, by=owner, on=today() - timedelta(days=95))
    tested = make_participant(unit=world.unit, handler=owner, first_name="Testad")
    make_drug_test(tested, by=owner)
    hidden = world.participants["no_consent"]  # the kommun's; the KV case worker does not see this person
    interview_record(participant=hidden, by=owner, held_on=monday, interviewer=world.users["kv_vagledare"])
    return owner


def test_the_week_shows_what_needs_doing(world, week, client):
    client.force_login(world.users["kommun_vagledare"])
    response = client.get(reverse("krami:home"))
    html = response.content.decode()
    section = _section(response, "intake/home_section.html")
    assert {p.first_name for p in section["to_assess"]} == {"Sentinelno_consent", "Intervjuad"}
    assert "Krami, plan 2" in html  # the week's information meeting
    assert "Kurs nästa vecka" in html  # group starts
    assert [f.episode.participant.first_name for f in section["follow_ups"]] == ["Avslutad"]  # 3 months due
    assert [t.participant.first_name for t in section["drug_tests"]] == ["Testad"]
    assert {i.participant.first_name for i in section["interviews"]} == {"Intervjuad", "Sentinelno_consent"}
    logged = set(AccessLog.objects.filter(action=AccessLog.Action.LIST).values_list("participant_id", flat=True))
    assert {p.pk for p in section["people"]} <= logged


def test_the_week_lists_only_people_the_user_may_see(world, week, client):
    client.force_login(world.users["kv_vagledare"])
    html = client.get(reverse("krami:home")).content.decode()
    assert "Sentinelno_consent" not in html and "Intervjuad" not in html
    assert "Krami, plan 2" in html  # the unit's meeting is for the whole team


def test_other_units_see_nothing_of_this_unit(world, week, client):
    client.force_login(world.users["other_unit_vagledare"])
    html = client.get(reverse("krami:home")).content.decode()
    assert "Krami, plan 2" not in html and "Kurs nästa vecka" not in html and "Avslutad" not in html


def test_the_menu_has_intake_for_case_workers_only(world, client):
    client.force_login(world.users["kommun_vagledare"])
    assert reverse("intake:overview") in client.get(reverse("krami:home")).content.decode()
    client.force_login(world.users["styrgrupp"])
    assert reverse("intake:overview") not in client.get(reverse("krami:home")).content.decode()


def test_both_sections_are_logged_in_one_write(world, week, client):
    """"Att göra", the week and "my participants" each log whom they list; the page writes them together."""

    owner = world.users["kommun_vagledare"]
    client.force_login(owner)
    client.get(reverse("krami:home"))  # the session settles
    before = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("krami:home"))
    inserts = [q for q in captured.captured_queries if q["sql"].startswith('INSERT INTO "krami_accesslog"')]
    assert len(inserts) == 1
    todo = [p.pk for p in _section(response, "intake/home_todo.html")["todo"].people]
    week_people = {p.pk for p in _section(response, "intake/home_section.html")["people"]}
    mine = {p.pk for group in _section(response, "participants/home_section.html")["by_phase"] for p in group["rows"]}
    logged = list(AccessLog.objects.filter(pk__gt=before, user=owner, action=AccessLog.Action.LIST)
                  .values_list("participant_id", flat=True))
    assert week_people and mine
    assert sorted(logged) == sorted([*todo, *week_people, *mine])


def test_the_team_meeting_list_and_my_to_do_come_from_one_read(world, week, client):
    """Who waits for the team's assessment is read once (issue 19): the week lists the unit's, the
    to-do list the user's own cases among them."""
    owner = world.users["kommun_vagledare"]
    colleague = world.users["kommun_samordnare"]
    theirs = make_participant(unit=world.unit, handler=colleague, first_name="Kollegans")
    interview_record(participant=theirs, by=colleague, held_on=today(), interviewer=colleague)
    client.force_login(owner)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("krami:home"))
    week_list = {p.first_name for p in _section(response, "intake/home_section.html")["to_assess"]}
    mine = {i.participant.first_name for i in _section(response, "intake/home_todo.html")["todo"].of("assessment")}
    assert week_list == {"Sentinelno_consent", "Intervjuad", "Kollegans"}
    assert mine == {"Sentinelno_consent", "Intervjuad"}
    assert sum('AS "last_interview"' in q["sql"] for q in captured.captured_queries) == 1
