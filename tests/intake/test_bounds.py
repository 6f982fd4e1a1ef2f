"""Bounds (issue 15, finding 9): dates far from today and endless texts are refused with a message
beside the field, and saving a follow-up that was already recorded says so instead of doing nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from intake.models import DrugTest, FollowUp, Interview, QueuePlacement
from intake.services.programme import followup_record, participant_exit
from participants.models import JournalNote
from tests.intake.factories import ELIGIBLE, accept, make_drug_test, start, today
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db

ENDLESS = "x" * 100_000


@pytest.fixture
def owner(world, client):
    user = world.users["kommun_vagledare"]
    client.force_login(user)
    return user


@pytest.mark.parametrize("held_on", ["9999-12-31", "1899-01-01", "2100-01-01"])
def test_an_interview_far_from_today_is_refused(world, owner, client, held_on):
    p = make_participant(unit=world.unit, handler=owner)
    response = client.post(
        reverse("intake:interview_create", args=[p.pk]), {"held_on": held_on, "interviewer": owner.pk, "notes": "Samtal"}
    )
    assert response.status_code == 200
    assert "Enter a date between" in response.content.decode()
    assert not Interview.objects.exists()


def test_an_interview_a_year_ago_is_saved(world, owner, client):
    p = make_participant(unit=world.unit, handler=owner)
    held_on = (today() - timedelta(days=365)).isoformat()
    response = client.post(reverse("intake:interview_create", args=[p.pk]), {"held_on": held_on, "interviewer": owner.pk})
    assert response.status_code == 302 and Interview.objects.get().held_on.isoformat() == held_on


def _queued(world, owner):
    return accept(make_participant(unit=world.unit, handler=owner, **ELIGIBLE), by=owner, on=today() - timedelta(days=3))


def _enrolled(world, owner):
    p = _queued(world, owner)
    start(p, by=owner, on=today() - timedelta(days=2))
    return p


def _follow_up(world, owner) -> FollowUp:
    p = _enrolled(world, owner)
    episode = participant_exit(participant=p, by=owner, ended_on=today(), outcome="work", completed_guidance_programme=True)
    return episode.follow_ups.get(months=3)


def _endless_posts(world, owner):
    """The six free-text fields of the finding, each with 100 000 characters: (url, data, rows written)."""
    p = make_participant(unit=world.unit, handler=owner)
    queued = _queued(world, owner)
    follow_up = _follow_up(world, owner)
    tested = _enrolled(world, owner)
    test = make_drug_test(tested, by=owner, on=today() - timedelta(days=1))
    no_show = (reverse("intake:drugtest_result", args=[tested.pk, test.pk]), {"result": "no_show", "result_on": today().isoformat()})
    now = today().isoformat()
    return [
        (reverse("participants:note_create", args=[p.pk]), {"noted_on": now, "visibility": "team", "text": ENDLESS},
         lambda: JournalNote.objects.count()),
        (reverse("intake:followup_record", args=[follow_up.episode.participant_id, follow_up.pk]),
         {"result": "working", "checked_on": now, "note": ENDLESS}, lambda: FollowUp.objects.exclude(result="").count()),
        (reverse("intake:interview_create", args=[p.pk]), {"held_on": now, "interviewer": owner.pk, "notes": ENDLESS},
         lambda: Interview.objects.count()),
        (reverse("intake:queue_place", args=[queued.pk]), {"position": 1, "reason": ENDLESS},
         lambda: QueuePlacement.objects.exclude(placed_by=None).filter(reason__startswith="xxx").count()),
        (reverse("intake:drugtest_create", args=[p.pk]), {"referred_on": now, "reason": ENDLESS},
         lambda: DrugTest.objects.count()),
        (reverse("intake:drugtest_decision", args=[tested.pk, test.pk]),
         {"decision": "continue", "reason": ENDLESS, "decided_on": now},
         lambda: DrugTest.objects.exclude(no_show_decision__in=["", "pending"]).count()),
    ], no_show


def test_the_six_free_text_fields_refuse_100_000_characters(world, owner, client):
    posts, no_show = _endless_posts(world, owner)
    assert client.post(*no_show).status_code == 302  # the team now decides on the no-show
    for url, data, written in posts:
        before = written()
        response = client.post(url, data)
        assert response.status_code == 200, url
        assert "Ensure this value has at most" in response.content.decode(), url
        assert written() == before, url


def test_saving_a_recorded_follow_up_again_says_so_and_changes_nothing(world, owner, client):
    follow_up = _follow_up(world, owner)
    followup_record(follow_up=follow_up, by=owner, result="working", checked_on=today(), note="Anställd",
                    early_reason="Flyttar utomlands och kan inte nås senare.")
    url = reverse("intake:followup_record", args=[follow_up.episode.participant_id, follow_up.pk])
    response = client.post(url, {"result": "not_working", "checked_on": today().isoformat(), "note": "Annat"}, follow=True)
    assert "This follow-up was already recorded" in response.content.decode()
    follow_up.refresh_from_db()
    assert (follow_up.result, follow_up.note) == ("working", "Anställd")
