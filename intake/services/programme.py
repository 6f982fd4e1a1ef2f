"""Start, exit (avslut), re-enrolment and the follow-ups after exit (DOMAIN.md, "Programme")."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import selectors as agreement_selectors
from agreements.rules import IntakeMode
from intake.drugpolicy import reenrolment_blocked_since
from intake.models import (
    DrugTest,
    Episode,
    ExitOutcome,
    FollowUp,
    GroupAudience,
    GuidanceGroup,
    StartKind,
)
from krami.dates import add_months
from krami.models import Gender, Unit
from krami.services import audit
from participants.models import Participant, Phase
from participants.services.phase import participant_set_phase, phases_apply_due, planned_changes_cancel

# Accepted applicants start; people who exited may be re-enrolled ("re-enrolment is always possible").
STARTABLE_PHASES = frozenset({Phase.QUEUED, Phase.CLOSED})
# Follow-ups after exit, in months: "still working or studying?"
FOLLOW_UP_MONTHS = (3, 6, 12)


class StartRefused(ValidationError):
    """The start cannot be made; `code` says why ("full", "phase", "enrolled", "drug_policy", "audience",
    "intake_mode")."""


def start_kinds(intake_mode: str) -> tuple[str, ...]:
    """The kinds of start a unit's agreement allows (DOMAIN.md, "Programme": group starts only,
    individual starts only, or both)."""
    if intake_mode == IntakeMode.GROUP:
        return (StartKind.GROUP,)
    if intake_mode == IntakeMode.INDIVIDUAL:
        return (StartKind.INDIVIDUAL,)
    return (StartKind.GROUP, StartKind.INDIVIDUAL)


def drug_policy_block(participant: Participant) -> date | None:
    """When re-enrolment is blocked by the drug policy, the date it has been blocked since (intake/drugpolicy.py)."""
    results = DrugTest.objects.filter(participant=participant).exclude(result="").values_list("result_on", "result")
    exits = Episode.objects.filter(
        participant=participant, exit_outcome=ExitOutcome.DRUG_TEST_DISCHARGE
    ).values_list("ended_on", flat=True)
    return reenrolment_blocked_since(results=results, drug_test_exits=exits)


def fits_audience(participant, audience: str) -> bool:
    """A women's group takes women and people who identify as women; a men's group the others."""
    woman = participant.gender == Gender.WOMAN or participant.identifies_as_woman
    if audience == GroupAudience.WOMEN:
        return woman
    if audience == GroupAudience.MEN:
        return not woman
    return True


def within_course(group: GuidanceGroup, started_on: date) -> bool:
    """A group start's participants start during its course (the start, the register import)."""
    return group.starts_on <= started_on <= group.ends_on


def _check_group(group: GuidanceGroup, participant: Participant, started_on: date) -> None:
    taken = Episode.objects.filter(group=group).count()
    if taken >= group.capacity:
        raise StartRefused(
            _("%(group)s is full: all %(capacity)s places were taken before your start could be saved. "
              "Choose another group or an individual start.") % {"group": group.name, "capacity": group.capacity},
            code="full",
        )
    if not fits_audience(participant, group.audience):
        raise StartRefused(
            _("%(group)s is a group for %(audience)s.") % {"group": group.name, "audience": group.get_audience_display().lower()},
            code="audience",
        )
    if not within_course(group, started_on):
        raise ValidationError(
            {"started_on": _("The start date must fall within the group's course, %(start)s – %(end)s.")
             % {"start": group.starts_on.isoformat(), "end": group.ends_on.isoformat()}}
        )


@transaction.atomic
def participant_start(*, participant: Participant, by, started_on: date, group: GuidanceGroup | None = None) -> Episode:
    """Start the participant in the guidance course, in `group` or individually; a new episode.

    Safe for the last free place: the unit row is locked first (starts in one unit happen one
    at a time, so the occupancy count each start sees is exact), then the group row, then the
    participant. Two case workers starting two people into the last place: the second waits for
    the first, then sees the group full and gets a StartRefused("full").

    Side effects, in order: locks (and planned phase changes come due put into effect); checks
    (phase, no open episode, drug policy, the kind of start the unit's agreement allows on
    `started_on`, group places, audience, dates); the episode; the phase guidance through
    `participant_set_phase` (planned, when `started_on` is still to come: the phase follows on that
    day); audit ``episode.started``.
    """
    Unit.objects.select_for_update().only("pk").get(pk=participant.unit_id)
    if group is not None:
        group = GuidanceGroup.objects.select_for_update().get(pk=group.pk)
        if group.unit_id != participant.unit_id:
            raise StartRefused(_("The group belongs to another unit."), code="unit")
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    phases_apply_due(participant=locked)
    if Episode.objects.filter(participant=locked, ended_on__isnull=True).exists():
        raise StartRefused(_("The participant is already enrolled."), code="enrolled")
    if locked.phase not in STARTABLE_PHASES:
        raise StartRefused(
            _("Only accepted applicants (and people who have exited, for re-enrolment) can start."), code="phase"
        )
    if drug_policy_block(locked) is not None:
        raise StartRefused(
            _("Re-enrolment is blocked until a later drug test is negative or shows a declining value."),
            code="drug_policy",
        )
    kind = StartKind.GROUP if group else StartKind.INDIVIDUAL
    mode = agreement_selectors.rules_for_unit(unit=locked.unit_id, on=started_on).intake_mode
    if kind not in start_kinds(mode):
        raise StartRefused(
            _("The unit's agreement allows group starts only: choose a group.") if mode == IntakeMode.GROUP
            else _("The unit's agreement allows individual starts only."),
            code="intake_mode",
        )
    if group is not None:
        _check_group(group, locked, started_on)
    reenrolment = Episode.objects.filter(participant=locked).exists()
    episode = Episode.objects.create(
        participant=locked,
        kind=kind,
        group=group,
        started_on=started_on,
        started_by=by,
    )
    participant_set_phase(participant=participant, phase=Phase.GUIDANCE, on=started_on, by=by, reason=f"episode:{episode.pk}")
    audit(
        user=by, action="episode.started", obj=episode, unit=locked.unit, participant=locked.pk,
        group=group.pk if group else None, reenrolment=reenrolment,
    )
    return episode


def open_episode(participant: Participant) -> Episode | None:
    return Episode.objects.filter(participant=participant, ended_on__isnull=True).select_related("group").first()


@transaction.atomic
def participant_exit(
    *, participant: Participant, by, ended_on: date, outcome: str, completed_guidance_programme: bool, note: str = ""
) -> Episode:
    """Close the open episode (avslut) and schedule the follow-ups.

    Side effects, in order: participant and episode locked; the episode closed with date,
    outcome and whether the guidance programme was completed; follow-ups at 3, 6 and 12 months
    after `ended_on`; planned phase changes dropped (the plans end with the exit); the phase
    closed through `participant_set_phase`; audit ``episode.exited``.
    """
    locked = Participant.objects.select_for_update().select_related("unit").get(pk=participant.pk)
    episode = Episode.objects.select_for_update().filter(participant=locked, ended_on__isnull=True).first()
    if episode is None:
        raise ValidationError(_("The participant is not enrolled: there is nothing to exit."))
    if ended_on < episode.started_on:
        raise ValidationError(
            {"ended_on": _("The exit date is before the start date (%(start)s).") % {"start": episode.started_on.isoformat()}}
        )
    if outcome not in ExitOutcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    episode.ended_on, episode.exit_outcome, episode.exit_note = ended_on, outcome, note.strip()
    episode.completed_guidance_programme = completed_guidance_programme
    episode.ended_by = by
    episode.save(update_fields=["ended_on", "exit_outcome", "exit_note", "completed_guidance_programme", "ended_by"])
    FollowUp.objects.bulk_create(
        [FollowUp(episode=episode, unit_id=locked.unit_id, months=m, due_on=add_months(ended_on, m)) for m in FOLLOW_UP_MONTHS]
    )
    dropped = planned_changes_cancel(participant=locked)
    participant_set_phase(participant=participant, phase=Phase.CLOSED, on=ended_on, by=by, reason=f"exit:{outcome}")
    audit(
        user=by, action="episode.exited", obj=episode, unit=locked.unit, participant=locked.pk,
        outcome=outcome, completed=completed_guidance_programme, planned_phases_dropped=dropped,
    )
    return episode


@transaction.atomic
def followup_record(
    *, follow_up: FollowUp, by, result: str, checked_on: date, note: str = "", early_reason: str = ""
) -> FollowUp:
    """Record the answer to "still working or studying?".

    Side effects, in order: refused when already recorded, dated before the exit or in the future,
    or more than two weeks before it is due without `early_reason`; the result; audit
    ``follow_up.recorded`` (with ``early`` when it was recorded early).
    """
    locked = FollowUp.objects.select_for_update().select_related("episode__participant__unit").get(pk=follow_up.pk)
    if locked.result:
        raise ValidationError(_("This follow-up has already been recorded."))
    if checked_on < locked.episode.ended_on:
        raise ValidationError({"checked_on": _("The check cannot be before the exit date.")})
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("The check cannot be in the future.")})
    early = locked.is_early(checked_on)
    if early and not early_reason.strip():
        raise ValidationError({"early_reason": early_message(locked, checked_on)})
    locked.result, locked.checked_on, locked.note, locked.recorded_by = result, checked_on, note.strip(), by
    locked.early_reason = early_reason.strip() if early else ""
    locked.full_clean(exclude=["episode", "recorded_by"])
    locked.save()
    participant = locked.episode.participant
    audit(
        user=by, action="follow_up.recorded", obj=locked, unit=participant.unit, participant=participant.pk,
        months=locked.months, result=result, early=early,
    )
    return locked


def early_message(follow_up: FollowUp, checked_on: date) -> str:
    """The warning for a follow-up recorded more than two weeks before it is due."""
    return _(
        "This follow-up is due %(due)s, %(days)s days after %(on)s: recorded now, it does not yet say whether the "
        "person kept the job for %(months)s months. Give the reason for recording it early."
    ) % {
        "due": f"{follow_up.due_on:%Y-%m-%d}", "days": (follow_up.due_on - checked_on).days,
        "on": f"{checked_on:%Y-%m-%d}", "months": follow_up.months,
    }
