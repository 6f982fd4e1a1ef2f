"""Interview and assessment at the team meeting (DOMAIN.md, "Intake", steps 2 and 3)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements import selectors as agreement_selectors
from intake import eligibility
from intake.models import Assessment, Decision, Episode, Interview
from krami.services import audit
from participants.models import Participant, Phase
from participants.services.phase import participant_set_phase

DECISION_PHASE = {
    Decision.ACCEPTED: Phase.QUEUED,
    Decision.REFERRED: Phase.NOT_ACCEPTED,
    Decision.NOT_NOW: Phase.NOT_ACCEPTED,
}


@transaction.atomic
def interview_record(*, participant: Participant, by, held_on: date, interviewer, notes: str = "") -> Interview:
    """Record (or book) an interview; audit ``interview.recorded``."""
    interview = Interview.objects.create(
        participant=participant, held_on=held_on, interviewer=interviewer, notes=notes, recorded_by=by
    )
    audit(user=by, action="interview.recorded", obj=interview, unit=participant.unit, participant=participant.pk)
    return interview


def evaluate_for(participant: Participant, on: date) -> list[eligibility.Failure]:
    """The unit's eligibility rules in force on `on`, evaluated for the participant at that date."""
    rules = agreement_selectors.rules_for_unit(unit=participant.unit, on=on)
    return eligibility.evaluate(eligibility.facts_for(participant, on), rules.eligibility)


@transaction.atomic
def assessment_record(
    *,
    participant: Participant,
    by,
    decided_on: date,
    decision: str,
    decided_by,
    referred_to: str = "",
    reason: str = "",
    override_reason: str = "",
) -> Assessment:
    """Record the team's decision and move the participant to the matching phase.

    Side effects, in order: the participant row is locked; the eligibility rules are evaluated
    at `decided_on` and kept with the assessment; accepting someone who fails a condition needs
    `override_reason`; the assessment row; the phase (accepted → queued, otherwise not accepted)
    through `participant_set_phase`; audit ``assessment.recorded`` (with ``overridden``).
    """
    locked = Participant.objects.select_for_update().select_related("unit", "municipality").get(pk=participant.pk)
    if Episode.objects.filter(participant=locked, ended_on__isnull=True).exists():
        raise ValidationError(_("The participant is enrolled now; exit the enrolment before a new assessment."))
    if decision == Decision.REFERRED and not referred_to.strip():
        raise ValidationError({"referred_to": _("Write where the person was referred.")})
    if decision == Decision.NOT_NOW and not reason.strip():
        raise ValidationError({"reason": _("Write why not now.")})
    failures = evaluate_for(locked, decided_on)
    overridden = decision == Decision.ACCEPTED and bool(failures)
    override_reason = override_reason.strip()
    if overridden and not override_reason:
        raise ValidationError(
            {"override_reason": _("The person does not meet every condition: give the reason for accepting anyway.")}
        )
    assessment = Assessment(
        participant=locked,
        decided_on=decided_on,
        decision=decision,
        decided_by=decided_by,
        referred_to=referred_to.strip() if decision == Decision.REFERRED else "",
        reason=reason.strip(),
        failed_conditions=[f.as_json() for f in failures],
        override_reason=override_reason if overridden else "",
        recorded_by=by,
    )
    assessment.full_clean(exclude=["participant", "decided_by", "recorded_by"])
    assessment.save()
    participant_set_phase(
        participant=participant, phase=DECISION_PHASE[decision], on=decided_on, by=by,
        reason=f"assessment:{assessment.pk}",
    )
    audit(
        user=by, action="assessment.recorded", obj=assessment, unit=locked.unit, participant=locked.pk,
        decision=decision, failed=[f.code for f in failures], overridden=overridden,
    )
    return assessment


def latest_accepted(participant: Participant) -> Assessment | None:
    return (
        Assessment.objects.filter(participant=participant, decision=Decision.ACCEPTED)
        .order_by("-decided_on", "-pk")
        .first()
    )
