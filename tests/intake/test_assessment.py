"""Interview and assessment: eligibility kept with the decision, override with a reason, phases."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from intake.models import Assessment, Decision
from intake.services.assessment import assessment_record, interview_record
from krami.models import AuditEvent
from participants.models import Phase
from tests.intake.factories import ELIGIBLE, trollhattan_rules
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(world):
    return world.users["kommun_vagledare"]


def record(participant, owner, **kwargs):
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
    unit_rules(eligibility=trollhattan_rules([world.unit.municipalities.first().pk]))
    p = make_participant(unit=world.unit, handler=owner, born=date(1985, 6, 1), **ELIGIBLE)  # turns 41 on 2026-06-01
    a = record(p, owner, decided_on=date(2026, 5, 31))
    assert a.failed_conditions == []
    later = make_participant(unit=world.unit, handler=owner, born=date(1985, 6, 1), **ELIGIBLE)
    with pytest.raises(ValidationError):
        record(later, owner, decided_on=date(2026, 6, 1))
