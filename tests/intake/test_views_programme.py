"""Interview → assessment → start → exit → follow-up, and drug tests, through the pages."""

from datetime import timedelta

import pytest
from django.urls import reverse

from intake.models import Assessment, DrugTest, Episode, GroupSession, GuidanceGroup, Interview, SessionAttendance
from intake.services.drugtests import drugtest_record_result
from participants.models import Phase
from tests.intake.factories import ELIGIBLE, accept, make_drug_test, make_group, start, today
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(world, client):
    user = world.users["kommun_vagledare"]
    client.force_login(user)
    return user


def test_interview_and_assessment(world, owner, client):
    p = make_participant(unit=world.unit, handler=owner, drug_free="yes", housing_arranged="no")
    response = client.post(
        reverse("intake:interview_create", args=[p.pk]),
        {"held_on": today().isoformat(), "interviewer": owner.pk, "notes": "Vill jobba inom bygg."},
    )
    assert response.status_code == 302 and Interview.objects.get(participant=p).notes == "Vill jobba inom bygg."

    url = reverse("intake:assessment_create", args=[p.pk])
    page = client.get(url).content.decode()
    assert "Has no arranged housing." in page  # each failed condition is shown

    data = {"decided_on": today().isoformat(), "decision": "accepted", "decided_by": owner.pk, "override_reason": ""}
    response = client.post(url, data)
    assert response.status_code == 200 and not Assessment.objects.exists()
    assert "give the reason for accepting anyway" in response.content.decode()

    data["override_reason"] = "Boende klart nästa vecka."
    assert client.post(url, data).status_code == 302
    p.refresh_from_db()
    assert p.phase == Phase.QUEUED
    record = client.get(reverse("participants:detail", args=[p.pk])).content.decode()
    assert "Accepted despite this" in record and "Boende klart nästa vecka." in record


def test_start_exit_and_follow_up(world, owner, client):
    p = accept(make_participant(unit=world.unit, handler=owner, **ELIGIBLE), by=owner, on=today() - timedelta(days=3))
    group = make_group(world.unit, by=owner, capacity=2)
    start_url = reverse("intake:start", args=[p.pk])
    assert group.name in client.get(start_url).content.decode()
    response = client.post(start_url, {"kind": "group", "group": group.pk, "started_on": today().isoformat()})
    assert response.status_code == 302
    assert Episode.objects.get(participant=p).group == group

    exit_url = reverse("intake:exit", args=[p.pk])
    response = client.post(exit_url, {"ended_on": (today() + timedelta(days=1)).isoformat(), "outcome": "work",
                                      "completed_guidance_programme": "yes"})
    assert response.status_code == 200 and "cannot be in the future" in response.content.decode()
    response = client.post(exit_url, {"ended_on": today().isoformat(), "outcome": "work", "completed_guidance_programme": "yes"})
    assert response.status_code == 302
    follow_up = Episode.objects.get(participant=p).follow_ups.get(months=3)
    response = client.post(
        reverse("intake:followup_record", args=[p.pk, follow_up.pk]),
        {"result": "working", "checked_on": today().isoformat(), "note": "Fast anställd.",
         "early_reason": "Flyttar utomlands och kan inte nås senare."},
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.result == "working"


def test_the_last_place_taken_gives_a_clear_message(world, owner, client):
    group = make_group(world.unit, by=owner, capacity=1)
    start(accept(make_participant(unit=world.unit, handler=owner), by=owner), by=owner, group=group)
    late = accept(make_participant(unit=world.unit, handler=owner), by=owner)
    response = client.post(reverse("intake:start", args=[late.pk]),
                           {"kind": "group", "group": group.pk, "started_on": today().isoformat()})
    assert response.status_code == 200
    assert "cannot be chosen: full" in response.content.decode()
    assert not Episode.objects.filter(participant=late).exists()


def test_refused_drug_test_discharges_and_the_start_page_explains_the_block(world, owner, client):
    p = world.participants["consent_all"]
    accept(p, by=owner, on=today() - timedelta(days=30))
    start(p, by=owner, on=today() - timedelta(days=20))
    client.post(reverse("intake:drugtest_create", args=[p.pk]),
                {"referred_on": (today() - timedelta(days=2)).isoformat(), "reason": "Misstänkt påverkan"})
    test = DrugTest.objects.get(participant=p)
    assert test.owner_organisation == world.orgs["kommun"]
    response = client.post(reverse("intake:drugtest_result", args=[p.pk, test.pk]),
                           {"result": "refused", "result_on": (today() - timedelta(days=1)).isoformat()})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.phase == Phase.CLOSED
    record = client.get(reverse("participants:detail", args=[p.pk])).content.decode()
    assert "Discharged after drug test" in record and "Re-enrolment is blocked since" in record
    assert "Re-enrolment is blocked since" in client.get(reverse("intake:start", args=[p.pk])).content.decode()


def test_a_user_who_may_not_see_health_data_gets_a_neutral_message(world, client):
    owner = world.users["kommun_vagledare"]
    p = world.participants["consent_kv_core"]  # KV sees the person, not the kommun's drug tests
    accept(p, by=owner, on=today() - timedelta(days=30))
    start(p, by=owner, on=today() - timedelta(days=20))
    test = make_drug_test(p, by=owner, on=today() - timedelta(days=2))
    drugtest_record_result(test=test, by=owner, result="refused", result_on=today() - timedelta(days=1))
    client.force_login(world.users["kv_vagledare"])
    record = client.get(reverse("participants:detail", args=[p.pk])).content.decode()
    assert "Discharged after drug test" not in record and "data you may not see" in record
    assert client.get(reverse("intake:drugtest_result", args=[p.pk, test.pk])).status_code == 404
    response = client.post(reverse("intake:start", args=[p.pk]), {"kind": "individual", "started_on": today().isoformat()})
    assert "data you may not see" in response.content.decode() and Episode.objects.filter(participant=p).count() == 1


def test_groups_with_sessions_and_attendance(world, owner, client):
    response = client.post(
        reverse("intake:group_create", args=[world.unit.pk]),
        {"name": "Vägledningskurs vecka 12", "starts_on": today().isoformat(), "weeks": "3", "capacity": "5",
         "audience": "women", "place": "Krami", "session_weekdays": ["0", "2"], "session_time": "09:30"},
    )
    group = GuidanceGroup.objects.get()
    assert response["Location"] == reverse("intake:group_detail", args=[group.pk])
    assert group.sessions.count() == 6  # Monday and Wednesday for three weeks
    p = accept(make_participant(unit=world.unit, handler=owner, gender="woman"), by=owner)
    episode = start(p, by=owner, group=group)
    session = group.sessions.first()
    response = client.post(reverse("intake:session_attendance", args=[group.pk, session.pk]), {f"episode_{episode.pk}": "absent"})
    assert response.status_code == 302
    assert SessionAttendance.objects.get(session=session, episode=episode).status == "absent"
    page = client.get(reverse("intake:group_detail", args=[group.pk])).content.decode()
    assert "4 of 5 places left" in page and p.full_name in page
    response = client.post(reverse("intake:group_create", args=[world.unit.pk]),
                           {"name": "Fel", "starts_on": today().isoformat(), "weeks": "4", "capacity": "40", "audience": "mixed"})
    assert response.status_code == 200 and GuidanceGroup.objects.count() == 1
    assert GroupSession.objects.filter(group__name="Fel").count() == 0


def test_styrgrupp_and_outsiders_see_no_intake(world, client):
    for key in ("styrgrupp", "nsg", "no_membership", "agreement_admin"):
        client.force_login(world.users[key])
        assert client.get(reverse("intake:overview")).status_code == 404
        assert "/inskrivning/" not in client.get(reverse("krami:home")).content.decode()


def test_exits_and_follow_ups_tell_full_time_from_part_time_studies(world, owner, client):
    """Seeds/003's target names "heltidsstudier": a new exit or follow-up says which kind of studies;
    exits recorded before as "studies" read "Studies (unspecified)"."""
    p = accept(make_participant(unit=world.unit, handler=owner, **ELIGIBLE), by=owner, on=today() - timedelta(days=30))
    start(p, by=owner, on=today() - timedelta(days=20))
    exit_url = reverse("intake:exit", args=[p.pk])
    offered = [value for value, _label in client.get(exit_url).context["form"].fields["outcome"].choices]
    assert offered[:4] == ["work_subsidy", "work", "studies_full_time", "studies_part_time"] and "studies" not in offered
    response = client.post(exit_url, {"ended_on": today().isoformat(), "outcome": "studies_part_time",
                                      "completed_guidance_programme": "yes"})
    assert response.status_code == 302
    episode = Episode.objects.get(participant=p)
    assert episode.exit_outcome == "studies_part_time"
    follow_up = episode.follow_ups.get(months=3)
    url = reverse("intake:followup_record", args=[p.pk, follow_up.pk])
    offered = [value for value, _label in client.get(url).context["form"].fields["result"].choices]
    assert offered == ["working", "studying_full_time", "studying_part_time", "neither", "not_reached"]

    Episode.objects.filter(pk=episode.pk).update(exit_outcome="studies")  # as recorded before the change
    assert "Studies (unspecified)" in client.get(reverse("participants:detail", args=[p.pk])).content.decode()


def test_a_no_show_goes_to_the_team_and_the_decision_is_recorded_with_its_reason(world, owner, client):
    p = accept(make_participant(unit=world.unit, handler=owner, **ELIGIBLE), by=owner, on=today() - timedelta(days=30))
    start(p, by=owner, on=today() - timedelta(days=20))
    test = make_drug_test(p, by=owner, on=today() - timedelta(days=2))
    response = client.post(reverse("intake:drugtest_result", args=[p.pk, test.pk]),
                           {"result": "no_show", "result_on": today().isoformat()}, follow=True)
    assert "The team decides whether the no-show counts as not cooperating" in response.content.decode()
    decision_url = reverse("intake:drugtest_decision", args=[p.pk, test.pk])
    assert decision_url in response.content.decode()  # the task on the participant's page
    assert decision_url in client.get(reverse("krami:home")).content.decode()  # and on the home page
    assert client.post(decision_url, {"decision": "discharge", "reason": "", "decided_on": today().isoformat()}).status_code == 200
    response = client.post(decision_url, {"decision": "discharge", "reason": "Har uteblivit utan kontakt",
                                          "decided_on": today().isoformat()})
    assert response.status_code == 302
    assert Episode.objects.get(participant=p).exit_outcome == "drug_test"
    page = client.get(reverse("participants:detail", args=[p.pk])).content.decode()
    assert "Discharged: the team counts it as not cooperating" in page and "Har uteblivit utan kontakt" in page
    assert client.get(decision_url).status_code == 404  # decided: nothing waits any more
