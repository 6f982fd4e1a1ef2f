"""Interview and assessment at the team meeting (DOMAIN.md, "Intake", steps 2 and 3).

The steps come in order: information meeting, interview, assessment. An assessment rests on an
interview held on or before the team meeting and after the person's previous assessment (a new
assessment needs a new interview); assessing without one needs a reason, as accepting someone
who fails an eligibility condition does.
"""

from __future__ import annotations

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import selectors as agreement_selectors
from intake import eligibility
from intake.models import Assessment, Decision, Episode, Interview, InterviewStatus
from krami.services import audit
from participants.models import Participant, Phase
from participants.services.phase import participant_set_phase

DECISION_PHASE = {
    Decision.ACCEPTED: Phase.QUEUED,
    Decision.REFERRED: Phase.NOT_ACCEPTED,
    Decision.NOT_NOW: Phase.NOT_ACCEPTED,
}


@transaction.atomic
def interview_record(
    *, participant: Participant, by, held_on: date, interviewer, notes: str = "", starts_at: time | None = None,
    place: str = "",
) -> Interview:
    """Book an interview for a coming day, or record one held today or earlier.

    Side effects: the interview row (BOOKED when `held_on` is after today, else HELD); audit
    ``interview.booked`` or ``interview.recorded``. A booking's outcome is recorded on or after its
    day (`interview_outcome`).
    """
    ahead = held_on > timezone.localdate()
    interview = Interview.objects.create(
        participant=participant, held_on=held_on, starts_at=starts_at, place=place.strip(), interviewer=interviewer,
        notes=notes, recorded_by=by, status=InterviewStatus.BOOKED if ahead else InterviewStatus.HELD,
    )
    audit(
        user=by, action="interview.booked" if ahead else "interview.recorded", obj=interview, unit=participant.unit,
        participant=participant.pk,
    )
    return interview


@transaction.atomic
def interview_outcome(*, interview: Interview, by, held: bool, notes: str = "") -> Interview:
    """On or after a booked interview's day: it was held (with its notes), or the person did not come.

    Side effects: the row locked, its status (HELD or NO_SHOW) and notes saved; audit ``interview.outcome``.
    """
    locked = Interview.objects.select_for_update().select_related("participant__unit").get(pk=interview.pk)
    if locked.status != InterviewStatus.BOOKED:
        raise ValidationError(_("The outcome of this interview has been recorded already."))
    if locked.held_on > timezone.localdate():
        raise ValidationError(
            _("The interview is booked for %(on)s: record its outcome on or after that day.") % {"on": locked.held_on.isoformat()}
        )
    locked.status = InterviewStatus.HELD if held else InterviewStatus.NO_SHOW
    if notes.strip():
        locked.notes = notes.strip()
    locked.save(update_fields=["status", "notes"])
    audit(
        user=by, action="interview.outcome", obj=locked, unit=locked.participant.unit, participant=locked.participant_id,
        status=locked.status,
    )
    return locked


def interview_for_assessment(participant: Participant, on: date) -> Interview | None:
    """The latest interview an assessment on `on` rests on, or None: held (a booking or a no-show
    does not count) on or before `on`, and after the person's previous assessment (if any)."""
    interviews = Interview.objects.filter(participant=participant, held_on__lte=on, status=InterviewStatus.HELD)
    previous = (
        Assessment.objects.filter(participant=participant, decided_on__lte=on).order_by("-decided_on", "-pk").first()
    )
    if previous is not None:
        interviews = interviews.filter(held_on__gt=previous.decided_on)
    return interviews.order_by("-held_on", "-pk").first()


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
    no_interview_reason: str = "",
) -> Assessment:
    """Record the team's decision and move the participant to the matching phase.

    Side effects, in order: the participant row is locked; without an interview to rest on
    (`interview_for_assessment`) the assessment needs `no_interview_reason`; the eligibility
    rules are evaluated at `decided_on` and kept with the assessment; accepting someone who fails
    a condition needs `override_reason`; the assessment row; the phase (accepted → queued,
    otherwise not accepted) through `participant_set_phase`; audit ``assessment.recorded`` (with
    ``overridden`` and ``without_interview``).
    """
    locked = Participant.objects.select_for_update().select_related("unit", "municipality").get(pk=participant.pk)
    if Episode.objects.filter(participant=locked, ended_on__isnull=True).exists():
        raise ValidationError(_("The participant is enrolled now; exit the enrolment before a new assessment."))
    if decision == Decision.REFERRED and not referred_to.strip():
        raise ValidationError({"referred_to": _("Write where the person was referred.")})
    if decision == Decision.NOT_NOW and not reason.strip():
        raise ValidationError({"reason": _("Write why not now.")})
    without_interview = interview_for_assessment(locked, decided_on) is None
    no_interview_reason = no_interview_reason.strip() if without_interview else ""
    failures = evaluate_for(locked, decided_on)
    overridden = decision == Decision.ACCEPTED and bool(failures)
    override_reason = override_reason.strip()
    errors = {}
    if without_interview and not no_interview_reason:
        errors["no_interview_reason"] = _(
            "No interview was held before this team meeting (since the last assessment): give the reason for "
            "assessing without one."
        )
    if overridden and not override_reason:
        errors["override_reason"] = _("The person does not meet every condition: give the reason for accepting anyway.")
    if errors:
        raise ValidationError(errors)
    assessment = Assessment(
        participant=locked,
        decided_on=decided_on,
        decision=decision,
        decided_by=decided_by,
        referred_to=referred_to.strip() if decision == Decision.REFERRED else "",
        reason=reason.strip(),
        failed_conditions=[f.as_json() for f in failures],
        override_reason=override_reason if overridden else "",
        no_interview_reason=no_interview_reason,
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
        decision=decision, failed=[f.code for f in failures], overridden=overridden, without_interview=without_interview,
    )
    return assessment


def latest_accepted(participant: Participant) -> Assessment | None:
    return (
        Assessment.objects.filter(participant=participant, decision=Decision.ACCEPTED)
        .order_by("-decided_on", "-pk")
        .first()
    )
