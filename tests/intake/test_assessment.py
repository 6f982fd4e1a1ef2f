"""Interview and assessment: eligibility kept with the decision, override with a reason, phases."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from intake.models import Assessment, Decision
from intake.services.assessment import assessment_record, interview_for_assessment, interview_record
from krami.models import AuditEvent
from participants.models import Participant, Phase
from tests.intake.factories import ELIGIBLE, trollhattan_rules
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(world):
    return world.users["kommun_vagledare"]


def record(participant, owner, *, interviewed=True, **kwargs):
    """The team's decision on 2026-03-02, after an interview on 2026-02-24 (unless `interviewed=False`)."""
    if interviewed and not participant.interviews.exists():
        interview_record(participant=participant, by=owner, held_on=date(2026, 2, 24), interviewer=owner)
    defaults = dict(participant=participant, by=owner, decided_on=date(2026, 3, 2), decision=Decision.ACCEPTED, decided_by=owner)
    return assessment_record(**{**defaults, **kwargs})


def test_accepting_an_eligible_applicant_queues_them(world, owner):
    p = make_participant(unit=world.unit, handler=owner, **ELIGIBLE)
    interview_record(participant=p, by=owner, held_on=date(2026, 2, 24), interviewer=owner, notes="Motiverad.")
    a = record(p, owner)
    p.refresh_from_db()
    assert (p.phase, p.phase_since) == (Phase.QUEUED, date(2026, 3, 2))
    assert a.failed_conditions == [] and a.override_reason == ""
    assert AuditEvent.objects.filter(action="assessment.recorded", object_id=a.pk, data__overridden=False).exists()


def test_accepting_someone_who_fails_a_condition_needs_a_reason_and_saves_nothing_without(world, owner):
    p = make_participant(unit=world.unit, handler=owner, drug_free="yes", housing_arranged="no")
    with pytest.raises(ValidationError) as exc:
        record(p, owner)
    assert "override_reason" in exc.value.error_dict
    p.refresh_from_db()
    assert p.phase == Phase.APPLICANT and not Assessment.objects.filter(participant=p).exists()


def test_an_override_keeps_the_failed_conditions_and_the_reason(world, owner):
    p = make_participant(unit=world.unit, handler=owner, drug_free="yes", housing_arranged="no")
    a = record(p, owner, override_reason="Boende ordnas via socialtjänsten inom två veckor.")
    assert [f["code"] for f in a.failed_conditions] == ["housing"]
    assert a.overridden and a.override_reason.startswith("Boende")
    assert AuditEvent.objects.get(action="assessment.recorded", object_id=a.pk).data["overridden"] is True


def test_referral_needs_a_destination_and_not_now_a_reason(world, owner):
    p = make_participant(unit=world.unit, handler=owner, **ELIGIBLE)
    with pytest.raises(ValidationError) as exc:
        record(p, owner, decision=Decision.REFERRED)
    assert "referred_to" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        record(p, owner, decision=Decision.NOT_NOW)
    assert "reason" in exc.value.error_dict
    record(p, owner, decision=Decision.REFERRED, referred_to="Arbetsträning, kommunens arbetsmarknadsenhet")
    p.refresh_from_db()
    assert p.phase == Phase.NOT_ACCEPTED


def test_eligibility_is_evaluated_at_the_decision_date(world, owner, unit_rules):
    unit_rules(eligibility=trollhattan_rules([world.unit.municipalities.first().pk], target_group=()))
    p = make_participant(unit=world.unit, handler=owner, born=date(1985, 6, 1), **ELIGIBLE)  # turns 41 on 2026-06-01
    a = record(p, owner, decided_on=date(2026, 5, 31))
    assert a.failed_conditions == []
    later = make_participant(unit=world.unit, handler=owner, born=date(1985, 6, 1), **ELIGIBLE)
    with pytest.raises(ValidationError):
        record(later, owner, decided_on=date(2026, 6, 1))


# DOMAIN.md, "Intake" (seeds/003, "Rekryteringsprocessen"): information meeting, interview, then the
# team's assessment. An assessment rests on an interview held on or before the team meeting and
# after the previous assessment; without one the team gives the reason, as for an override.
@pytest.mark.parametrize(
    "interviews, previous, decided_on, needs_reason",
    [
        pytest.param([], None, date(2026, 3, 2), True, id="never interviewed"),
        pytest.param([date(2026, 2, 24)], None, date(2026, 3, 2), False, id="interviewed the week before"),
        pytest.param([date(2026, 3, 2)], None, date(2026, 3, 2), False, id="interviewed the same day"),
        pytest.param([date(2026, 3, 9)], None, date(2026, 3, 2), True, id="interview booked after the meeting"),
        pytest.param([date(2026, 1, 10)], date(2026, 1, 20), date(2026, 3, 2), True, id="interview before the last assessment"),
        pytest.param([date(2026, 1, 10), date(2026, 2, 24)], date(2026, 1, 20), date(2026, 3, 2), False,
                     id="a new interview since the last assessment"),
    ],
)
def test_an_assessment_rests_on_an_interview(world, owner, interviews, previous, decided_on, needs_reason):
    p = make_participant(unit=world.unit, handler=owner, **ELIGIBLE)
    for held_on in interviews:
        interview_record(participant=p, by=owner, held_on=held_on, interviewer=owner)
    if previous:
        record(p, owner, interviewed=False, decided_on=previous, decision=Decision.NOT_NOW, reason="Inte nu",
               no_interview_reason="Bedömd på underlag")
    assert (interview_for_assessment(p, decided_on) is None) is needs_reason
    if needs_reason:
        with pytest.raises(ValidationError) as exc:
            record(p, owner, interviewed=False, decided_on=decided_on)
        assert "no_interview_reason" in exc.value.error_dict
    a = record(p, owner, interviewed=False, decided_on=decided_on, no_interview_reason="Intervjuad på anstalten av frivården")
    assert a.without_interview is needs_reason
    assert AuditEvent.objects.get(action="assessment.recorded", object_id=a.pk).data["without_interview"] is needs_reason


def test_accepting_a_person_never_interviewed_needs_a_reason_and_saves_nothing_without(world, owner):
    p = make_participant(unit=world.unit, handler=owner, **ELIGIBLE)
    with pytest.raises(ValidationError) as exc:
        record(p, owner, interviewed=False)
    assert list(exc.value.error_dict) == ["no_interview_reason"]
    p.refresh_from_db()
    assert p.phase == Phase.APPLICANT and not Assessment.objects.filter(participant=p).exists()


def test_the_assessment_page_warns_and_asks_for_the_reason(world, owner, client):
    p = make_participant(unit=world.unit, handler=owner, **ELIGIBLE)
    client.force_login(owner)
    url = reverse("intake:assessment_create", args=[p.pk])
    assert "No interview was held before" in client.get(url).content.decode()
    data = {"decided_on": date.today().isoformat(), "decision": "accepted", "decided_by": owner.pk}
    response = client.post(url, data)
    assert response.status_code == 200 and "give the reason for assessing without one" in response.content.decode()
    response = client.post(url, {**data, "no_interview_reason": "Intervjuad på anstalten av frivården"})
    assert response.status_code == 302
    assert Assessment.objects.get(participant=p).no_interview_reason == "Intervjuad på anstalten av frivården"
    assert "Assessed without an interview" in client.get(reverse("participants:detail", args=[p.pk])).content.decode()


# Seeds/003's target group: the condition derives from Kriminalvården's data, so only those who may see
# that data read it; the others are told that a condition they may not see is not met.
@pytest.mark.parametrize(
    "participant_key, reads_the_condition",
    [("no_consent", False), ("consent_all", True)],
)
def test_the_target_group_condition_shows_only_to_those_who_see_criminal_justice_data(
    world, owner, client, unit_rules, participant_key, reads_the_condition
):
    unit_rules(eligibility=trollhattan_rules([world.unit.municipalities.first().pk]))
    p = world.participants[participant_key]  # an otherwise eligible person with no criminal-justice status
    Participant.objects.filter(pk=p.pk).update(**ELIGIBLE, childcare_arranged="n/a", birth_date=date(1995, 1, 1))
    client.force_login(owner)
    page = client.get(reverse("intake:assessment_create", args=[p.pk])).content.decode()
    assert ("Not in the target group by criminal-justice situation" in page) is reads_the_condition
    assert ("A condition derived from data you may not see is not met" in page) is not reads_the_condition
    interview_record(participant=p, by=owner, held_on=date(2026, 2, 24), interviewer=owner)
    with pytest.raises(ValidationError) as exc:
        record(p, owner)
    assert "override_reason" in exc.value.error_dict
    a = record(p, owner, override_reason="Dömd 2019, domen finns i akten från frivården.")
    assert [f["code"] for f in a.failed_conditions] == ["target_group"]
