"""Start, exit, re-enrolment and follow-ups: episodes keep the history; phases follow."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from intake.models import Episode, ExitOutcome, FollowUp, FollowUpResult, GroupAudience, StartKind
from intake.services.programme import StartRefused, followup_record
from krami.models import Gender
from participants.models import Phase, PhaseChange
from tests.intake.factories import accept, exit_, make_group, start, today
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(world):
    return world.users["kommun_vagledare"]


def queued(world, owner, **fields):
    return accept(make_participant(unit=world.unit, handler=owner, **fields), by=owner, on=today() - timedelta(days=10))


def test_a_group_start_opens_an_episode_and_moves_to_the_guidance_course(world, owner):
    p = queued(world, owner)
    group = make_group(world.unit, by=owner)
    episode = start(p, by=owner, group=group)
    p.refresh_from_db()
    assert (episode.kind, episode.group, episode.ended_on) == (StartKind.GROUP, group, None)
    assert (p.phase, p.phase_since) == (Phase.GUIDANCE, group.starts_on)
    assert list(PhaseChange.objects.filter(participant=p).order_by("pk").values_list("phase", flat=True)) == [
        Phase.APPLICANT, Phase.QUEUED, Phase.GUIDANCE,
    ]


def test_a_full_group_refuses_the_start_with_a_clear_message(world, owner):
    group = make_group(world.unit, by=owner, capacity=1)
    start(queued(world, owner), by=owner, group=group)
    late = queued(world, owner)
    with pytest.raises(StartRefused) as exc:
        start(late, by=owner, group=group)
    assert exc.value.code == "full" and "full" in exc.value.messages[0]
    late.refresh_from_db()
    assert late.phase == Phase.QUEUED and not Episode.objects.filter(participant=late).exists()


@pytest.mark.parametrize(
    "audience, gender, identifies_as_woman, allowed",
    [
        (GroupAudience.WOMEN, Gender.WOMAN, False, True),
        (GroupAudience.WOMEN, Gender.OTHER, True, True),
        (GroupAudience.WOMEN, Gender.MAN, False, False),
        (GroupAudience.MEN, Gender.MAN, False, True),
        (GroupAudience.MEN, Gender.WOMAN, False, False),
        (GroupAudience.MIXED, Gender.WOMAN, False, True),
    ],
)
def test_womens_and_mens_groups(world, owner, audience, gender, identifies_as_woman, allowed):
    group = make_group(world.unit, by=owner, audience=audience)
    p = queued(world, owner, gender=gender, identifies_as_woman=identifies_as_woman)
    if allowed:
        assert start(p, by=owner, group=group).group == group
    else:
        with pytest.raises(StartRefused) as exc:
            start(p, by=owner, group=group)
        assert exc.value.code == "audience"


def test_only_accepted_applicants_start_and_never_twice(world, owner):
    applicant = make_participant(unit=world.unit, handler=owner)
    with pytest.raises(StartRefused) as exc:
        start(applicant, by=owner)
    assert exc.value.code == "phase"
    p = queued(world, owner)
    start(p, by=owner)
    with pytest.raises(StartRefused) as exc:
        start(p, by=owner)
    assert exc.value.code == "enrolled"


def test_group_start_date_must_fall_in_the_course(world, owner):
    group = make_group(world.unit, by=owner, starts_on=today())
    with pytest.raises(ValidationError) as exc:
        start(queued(world, owner), by=owner, group=group, on=today() + timedelta(weeks=5))
    assert "started_on" in exc.value.error_dict


def test_exit_closes_the_episode_and_plans_follow_ups_at_3_6_12_months(world, owner):
    p = queued(world, owner)
    start(p, by=owner, on=date(2025, 11, 30))
    episode = exit_(p, by=owner, on=date(2025, 11, 30), outcome=ExitOutcome.WORK_WITH_SUBSIDY, completed=True)
    p.refresh_from_db()
    assert p.phase == Phase.CLOSED
    assert (episode.exit_outcome, episode.completed_guidance_programme) == (ExitOutcome.WORK_WITH_SUBSIDY, True)
    assert list(episode.follow_ups.values_list("months", "due_on")) == [
        (3, date(2026, 2, 28)), (6, date(2026, 5, 30)), (12, date(2026, 11, 30)),
    ]


def test_exit_date_before_the_start_is_refused(world, owner):
    p = queued(world, owner)
    start(p, by=owner, on=today())
    with pytest.raises(ValidationError) as exc:
        exit_(p, by=owner, on=today() - timedelta(days=1))
    assert "ended_on" in exc.value.error_dict


def test_re_enrolment_opens_a_new_episode_and_keeps_the_old_one(world, owner):
    p = queued(world, owner)
    start(p, by=owner, on=today() - timedelta(days=200))
    first = exit_(p, by=owner, on=today() - timedelta(days=100), outcome=ExitOutcome.DROPPED_OUT, completed=False)
    second = start(p, by=owner, on=today())
    assert second.pk != first.pk
    first.refresh_from_db()
    assert (first.ended_on, first.exit_outcome) == (today() - timedelta(days=100), ExitOutcome.DROPPED_OUT)
    assert Episode.objects.filter(participant=p).count() == 2
    p.refresh_from_db()
    assert p.phase == Phase.GUIDANCE


def test_follow_up_result_is_recorded_once(world, owner):
    p = queued(world, owner)
    start(p, by=owner, on=today() - timedelta(days=120))
    episode = exit_(p, by=owner, on=today() - timedelta(days=95))
    three = episode.follow_ups.get(months=3)
    followup_record(follow_up=three, by=owner, result=FollowUpResult.WORKING, checked_on=today())
    three.refresh_from_db()
    assert (three.result, three.checked_on, three.recorded_by) == (FollowUpResult.WORKING, today(), owner)
    with pytest.raises(ValidationError):
        followup_record(follow_up=three, by=owner, result=FollowUpResult.NEITHER, checked_on=today())
    with pytest.raises(ValidationError) as exc:
        followup_record(follow_up=episode.follow_ups.get(months=6), by=owner, result="working",
                        checked_on=today() - timedelta(days=200))
    assert "checked_on" in exc.value.error_dict
    assert FollowUp.objects.filter(episode=episode, result="").count() == 2
