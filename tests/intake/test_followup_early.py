"""A follow-up recorded more than two weeks before it is due (issue 21, finding 6): the form warns and
asks for the reason, which is kept with the result; closer to the due date nothing is asked."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from intake.models import Episode, FollowUp, StartKind
from krami.dates import add_months
from krami.models import AuditEvent

TODAY = timezone.localdate


def _follow_up(world, *, due_in_days: int) -> FollowUp:
    p = world.participants["consent_all"]
    due = TODAY() + timedelta(days=due_in_days)
    episode = Episode.objects.create(
        participant=p, kind=StartKind.INDIVIDUAL, started_on=add_months(due, -5), started_by=world.users["kommun_vagledare"],
        ended_on=add_months(due, -3), exit_outcome="work", completed_guidance_programme=True,
    )
    return FollowUp.objects.create(episode=episode, unit_id=episode.participant.unit_id, months=3, due_on=due)


def _url(follow_up) -> str:
    return f"/inskrivning/deltagare/{follow_up.episode.participant_id}/uppfoljning/{follow_up.pk}/"


def test_an_early_follow_up_is_warned_about_and_needs_a_reason(world, client):
    follow_up = _follow_up(world, due_in_days=40)
    client.force_login(world.users["kommun_vagledare"])
    page = client.get(_url(follow_up)).content.decode()
    warning = f"This follow-up is due {follow_up.due_on:%Y-%m-%d}, 40 days after {TODAY():%Y-%m-%d}"
    assert warning in page and 'name="early_reason"' in page

    answer = {"result": "working", "checked_on": TODAY().isoformat(), "note": "Har kvar jobbet."}
    response = client.post(_url(follow_up), answer)
    html = response.content.decode()
    assert response.status_code == 200 and "data-error-summary" in html
    assert 'id="id_early_reason_error"' in html and "Give the reason for recording it early." in html
    assert "Har kvar jobbet." in html  # what was typed is kept
    follow_up.refresh_from_db()
    assert not follow_up.is_done

    response = client.post(_url(follow_up), {**answer, "early_reason": "Flyttar utomlands nästa månad."})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.result, follow_up.early_reason) == ("working", "Flyttar utomlands nästa månad.")
    assert AuditEvent.objects.get(action="follow_up.recorded", object_id=follow_up.pk).data["early"] is True


def test_a_follow_up_within_two_weeks_of_its_due_date_needs_no_reason(world, client):
    follow_up = _follow_up(world, due_in_days=14)
    client.force_login(world.users["kommun_vagledare"])
    page = client.get(_url(follow_up)).content.decode()
    assert "This follow-up is due" not in page and 'name="early_reason"' not in page
    response = client.post(_url(follow_up), {"result": "working", "checked_on": TODAY().isoformat()})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.result, follow_up.early_reason) == ("working", "")


def test_typing_an_early_check_date_brings_the_question(world, client):
    """Due in ten days, but checked three weeks ago: more than two weeks early, so the reason is asked."""
    follow_up = _follow_up(world, due_in_days=10)
    client.force_login(world.users["kommun_vagledare"])
    checked = TODAY() - timedelta(days=21)
    response = client.post(_url(follow_up), {"result": "neither", "checked_on": checked.isoformat()})
    html = response.content.decode()
    assert response.status_code == 200 and 'name="early_reason"' in html
    assert f"This follow-up is due {follow_up.due_on:%Y-%m-%d}, 31 days after {checked:%Y-%m-%d}" in html
    follow_up.refresh_from_db()
    assert not follow_up.is_done
