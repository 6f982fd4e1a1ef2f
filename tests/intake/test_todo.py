""""Att göra" (issue 16, item 3): what is due for a case worker, first on the start page and on a page of
its own with filters; only people the user may see and categories released to them; a constant number
of queries; the coordinator sees what is overdue per case worker."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.models import AttendanceState, Episode, FollowUp, Interview, InterviewStatus, MeetingAttendance, StartKind
from krami.models import DataCategory
from participants.models import ConsentMethod, Employer, Employment, Internship, Reminder
from participants.services.consent import consent_record
from tests.intake.factories import make_drug_test, make_meeting, today
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db


def _follow_up(participant, *, by, due_in: int, months: int = 3):
    day = today()
    episode = Episode.objects.create(
        participant=participant, kind=StartKind.INDIVIDUAL, started_on=day - timedelta(days=200), started_by=by,
        ended_on=day - timedelta(days=150), exit_outcome="work", completed_guidance_programme=True,
    )
    return FollowUp.objects.create(episode=episode, unit_id=episode.participant.unit_id, months=months, due_on=day + timedelta(days=due_in))


def _everything_due(world, owner, n: int = 1):
    """`n` items of every kind on the owner's own cases."""
    employer = Employer.objects.create(unit=world.unit, name="Todo Bygg AB", created_by=owner)
    meeting = make_meeting(world.unit, by=owner)
    for i in range(n):
        p = make_participant(unit=world.unit, handler=owner, first_name=f"Todo{i}", last_name="Person")
        _follow_up(p, by=owner, due_in=11)
        Internship.objects.create(
            participant=p, employer=employer, start_date=today() - timedelta(days=50), planned_end_date=today() + timedelta(days=10),
            supervisor_name="Handledare", created_by=owner, owner_organisation=world.orgs["kommun"],
        )
        Employment.objects.create(
            participant=p, employer=employer, employment_type="fixed_term", start_date=today() - timedelta(days=90),
            end_date=today() + timedelta(days=12), created_by=owner, owner_organisation=world.orgs["kommun"],
        )
        consent_record(participant=p, by=owner, given_on=today() - timedelta(days=300), method=ConsentMethod.WRITTEN,
                       scopes=[(world.orgs["af"], DataCategory.CORE)], valid_until=today() + timedelta(days=25))
        Interview.objects.create(participant=p, held_on=today() + timedelta(days=1), starts_at=time(10), interviewer=owner,
                                 recorded_by=owner, status=InterviewStatus.BOOKED)
        MeetingAttendance.objects.create(meeting=meeting, participant=p, state=AttendanceState.BOOKED, recorded_by=owner)
        make_drug_test(p, by=owner)
        Interview.objects.create(participant=p, held_on=today() - timedelta(days=2), interviewer=owner, recorded_by=owner)
        Reminder.objects.create(participant=p, author=owner, due_on=today() + timedelta(days=2), text=f"Ring arbetsgivaren {i}")


def test_the_start_page_shows_my_follow_up_due_in_11_days_first(client, world):
    """The issue: "no follow-ups due" while the worker's own 3-month follow-up was due in 11 days."""
    owner = world.users["kommun_vagledare"]
    person = make_participant(unit=world.unit, handler=owner, first_name="Elva", last_name="Dagarsson")
    follow_up = _follow_up(person, by=owner, due_in=11)
    later = _follow_up(make_participant(unit=world.unit, handler=owner, first_name="Tjugo", last_name="Dagarsson"),
                       by=owner, due_in=20)
    client.force_login(owner)
    html = client.get(reverse("krami:home")).content.decode()
    link = reverse("intake:followup_record", args=[person.pk, follow_up.pk])
    assert link in html and (today() + timedelta(days=11)).isoformat() in html
    assert reverse("intake:followup_record", args=[later.episode.participant_id, later.pk]) not in html
    roles = html.index("roles-heading")
    assert html.index("home-todo-heading") < html.index(link) and html.index("home-todo-heading") > roles
    # The to-do section comes before every other section of the page.
    assert html.index("home-todo-heading") < html.index("week-heading")


def test_every_kind_is_listed_with_its_date_and_a_link_to_the_step(client, world):
    owner = world.users["kommun_vagledare"]
    _everything_due(world, owner)
    client.force_login(owner)
    response = client.get(reverse("intake:todo"))
    todo = response.context["todo"]
    assert todo.counts == {"follow_up": 1, "programme_end": 2, "consent_end": 1, "booking": 2, "drug_test": 1,
                           "assessment": 1, "reminder": 1, "extract_request": 0}
    html = response.content.decode()
    assert "Ring arbetsgivaren 0" in html and (today() + timedelta(days=25)).isoformat() in html
    for item in todo.items:
        assert item.url in html


def test_overdue_items_are_marked(client, world):
    owner = world.users["kommun_vagledare"]
    person = make_participant(unit=world.unit, handler=owner)
    _follow_up(person, by=owner, due_in=-3)
    client.force_login(owner)
    todo = client.get(reverse("intake:todo")).context["todo"]
    assert [i.overdue for i in todo.items] == [True] and todo.overdue == 1


def test_only_what_the_user_may_see(client, world):
    """KV's case worker sees no item of a participant the kommun owns without consent, no drug test the
    kommun did not release, and nobody's reminders but their own."""
    owner = world.users["kommun_vagledare"]
    _everything_due(world, owner)
    kv = world.users["kv_vagledare"]
    client.force_login(kv)
    team = client.get(reverse("intake:todo") + "?scope=team").context["todo"]
    assert team.items == []
    # With consent to the core record only, KV sees the follow-up, the bookings, … but neither the drug
    # test (health data) nor the kommun's reminder.
    shared = world.participants["consent_kv_core"]
    _follow_up(shared, by=owner, due_in=5)
    make_drug_test(shared, by=owner)
    Reminder.objects.create(participant=shared, author=owner, due_on=today(), text="Kommunens egen påminnelse")
    team = client.get(reverse("intake:todo") + "?scope=team").context["todo"]
    assert [(i.kind, i.participant.pk) for i in team.items] == [("follow_up", shared.pk)]
    other = world.users["other_unit_vagledare"]
    client.force_login(other)
    assert client.get(reverse("intake:todo") + "?scope=team").context["todo"].items == []


def test_mine_or_the_teams_and_one_kind(client, world):
    owner, colleague = world.users["kommun_vagledare"], world.users["kommun_samordnare"]
    _follow_up(make_participant(unit=world.unit, handler=owner), by=owner, due_in=3)
    _follow_up(make_participant(unit=world.unit, handler=colleague), by=colleague, due_in=4)
    client.force_login(colleague)
    assert len(client.get(reverse("intake:todo")).context["todo"].items) == 1
    assert len(client.get(reverse("intake:todo") + "?scope=team&kind=follow_up").context["todo"].items) == 2
    assert client.get(reverse("intake:todo") + "?scope=team&kind=reminder").context["todo"].items == []
    assert len(client.get(reverse("intake:todo") + "?scope=team&window=1").context["todo"].items) == 0


def test_the_coordinator_sees_overdue_items_per_case_worker(client, world):
    owner = world.users["kommun_vagledare"]
    for due in (-10, -2):
        _follow_up(make_participant(unit=world.unit, handler=owner), by=owner, due_in=due)
    _follow_up(make_participant(unit=world.unit, handler=owner), by=owner, due_in=4)  # not overdue
    client.force_login(world.users["kommun_samordnare"])
    rows = client.get(reverse("intake:todo")).context["overdue_rows"]
    assert [(r.handler, r.follow_ups, r.total) for r in rows] == [(owner, 2, 2)]
    client.force_login(owner)
    assert client.get(reverse("intake:todo")).context["overdue_rows"] is None


@pytest.mark.parametrize("url", ["intake:todo", "krami:home"])
def test_the_number_of_queries_does_not_grow_with_the_rows(client, world, url):
    owner = world.users["kommun_vagledare"]
    client.force_login(owner)
    _everything_due(world, owner, n=1)
    client.get(reverse(url))  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        client.get(reverse(url))
    _everything_due(world, owner, n=4)
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse(url))
    assert response.status_code == 200
    assert len(five) == len(one), [q["sql"][:120] for q in five.captured_queries]
