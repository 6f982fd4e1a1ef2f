"""Drug tests: referral on suspicion, the result, the discharge a refusal brings, and what a no-show
leads to by the unit's rule (DOMAIN.md, "Drug policy"; intake/drugpolicy.py)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import selectors as agreement_selectors
from intake.access import visible_drug_tests
from intake.drugpolicy import no_show_consequence
from intake.models import DrugTest, DrugTestResult, Episode, ExitOutcome, NoShowDecision
from intake.services.programme import participant_exit
from krami.access import user_access
from krami.services import audit
from participants import authority
from participants.access import visible_categories
from participants.models import Participant


@transaction.atomic
def drugtest_refer(*, participant: Participant, by, referred_on: date, reason: str) -> DrugTest:
    """Refer the participant to a drug test; the record belongs to the referrer's organisation.

    Audit ``drug_test.referred`` (no reason text: health data stays in the record).
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write what the suspicion is based on.")})
    if referred_on > timezone.localdate():
        raise ValidationError({"referred_on": _("The referral date cannot be in the future.")})
    test = DrugTest.objects.create(
        participant=participant,
        owner_organisation=user_access(by).organisation,
        referred_on=referred_on,
        reason=reason,
        referred_by=by,
    )
    audit(user=by, action="drug_test.referred", obj=test, unit=participant.unit, participant=participant.pk)
    return test


def _discharge(test: DrugTest, episode: Episode, *, by, on: date) -> None:
    """Close the open episode "discharged after drug test", not completed, on `on` (or its start)."""
    participant_exit(
        participant=test.participant, by=by, ended_on=max(on, episode.started_on),
        outcome=ExitOutcome.DRUG_TEST_DISCHARGE, completed_guidance_programme=False,
    )


def _no_shows_in(episode: Episode) -> int:
    return DrugTest.objects.filter(
        participant_id=episode.participant_id, result=DrugTestResult.NO_SHOW, result_on__gte=episode.started_on
    ).count()


@transaction.atomic
def drugtest_record_result(*, test: DrugTest, by, result: str, result_on: date) -> DrugTest:
    """Record the result (only the organisation that referred to the test); a refusal discharges
    the participant from the programme, and a no-show leads to what the unit's agreement says.

    Side effects, in order: the test row locked; result and date saved; on REFUSED, the open
    episode (if any) is closed through `participant_exit` with the outcome "discharged after drug
    test", not completed, on the result date (or the start date, if the test was taken before
    it); on NO_SHOW while enrolled, the agreement's rule in force on the result date
    (`drugpolicy.no_show_consequence`): the episode closed the same way and the decision recorded
    as the rule's, or the decision left pending for the team; audit ``drug_test.result_recorded``
    (with ``discharged`` and ``no_show``, never the result itself). The returned test carries
    `consequence` ("discharge", "team" or "none").
    """
    locked = DrugTest.objects.select_for_update().select_related("participant__unit").get(pk=test.pk)
    authority.require(authority.owns_record(by, locked))
    if locked.result:
        raise ValidationError(_("The result of this test has already been recorded."))
    if result not in DrugTestResult.values:
        raise ValidationError({"result": _("Choose a result.")})
    if result_on < locked.referred_on:
        raise ValidationError({"result_on": _("The result cannot be dated before the referral.")})
    if result_on > timezone.localdate():
        raise ValidationError({"result_on": _("The result date cannot be in the future.")})
    locked.result, locked.result_on, locked.result_recorded_by = result, result_on, by
    locked.save(update_fields=["result", "result_on", "result_recorded_by"])
    episode = Episode.objects.filter(participant=locked.participant, ended_on__isnull=True).first()
    consequence = "none"
    if result == DrugTestResult.REFUSED and episode is not None:
        consequence = "discharge"
        _discharge(locked, episode, by=by, on=result_on)
    elif result == DrugTestResult.NO_SHOW:
        rules = agreement_selectors.rules_for_unit(unit=locked.participant.unit, on=result_on).drug_tests
        enrolled = episode is not None and episode.started_on <= result_on
        consequence = no_show_consequence(rules=rules, no_shows=_no_shows_in(episode) if enrolled else 0, enrolled=enrolled)
        if consequence == "discharge":
            locked.no_show_decision, locked.no_show_decided_on, locked.no_show_decided_by = (
                NoShowDecision.BY_RULE, result_on, by,
            )
            locked.save(update_fields=["no_show_decision", "no_show_decided_on", "no_show_decided_by"])
            _discharge(locked, episode, by=by, on=result_on)
        elif consequence == "team":
            locked.no_show_decision = NoShowDecision.PENDING
            locked.save(update_fields=["no_show_decision"])
    audit(
        user=by, action="drug_test.result_recorded", obj=locked, unit=locked.participant.unit,
        participant=locked.participant_id, discharged=consequence == "discharge",
        no_show=consequence if result == DrugTestResult.NO_SHOW else None,
    )
    locked.consequence = consequence
    return locked


TEAM_DECISIONS = (NoShowDecision.DISCHARGE, NoShowDecision.CONTINUE)


@transaction.atomic
def drugtest_no_show_decide(*, test: DrugTest, by, decision: str, reason: str, decided_on: date) -> DrugTest:
    """The team's decision on a no-show waiting for it: discharge (it counts as not cooperating) or not.

    Who decides: the team, i.e. any case worker who may see the test (its organisation's, or one
    the participant released drug tests to: participants/authority.py). Side effects, in order:
    the test row locked; the decision, its reason and date saved; on DISCHARGE the open episode
    closed "discharged after drug test", not completed, on the decision date; audit
    ``drug_test.no_show_decided`` with the decision (never the reason: health data stays in the
    record).
    """
    locked = DrugTest.objects.select_for_update().select_related("participant__unit").get(pk=test.pk)
    participant = locked.participant
    participant.visible = visible_categories(by, participant)
    authority.require(visible_drug_tests(by, participant).filter(pk=locked.pk).exists())
    if locked.no_show_decision != NoShowDecision.PENDING:
        raise ValidationError(_("This no-show is not waiting for a decision."))
    episode = Episode.objects.filter(participant=participant, ended_on__isnull=True).first()
    if episode is None:
        raise ValidationError(_("The participant is no longer enrolled: there is nothing to decide."))
    reason = reason.strip()
    errors = {}
    if decision not in TEAM_DECISIONS:
        errors["decision"] = _("Choose whether the no-show counts as not cooperating.")
    if not reason:
        errors["reason"] = _("Write why the team decided so.")
    if decided_on < locked.result_on:
        errors["decided_on"] = _("The decision cannot be dated before the no-show.")
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("The decision cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    locked.no_show_decision, locked.no_show_reason = decision, reason
    locked.no_show_decided_on, locked.no_show_decided_by = decided_on, by
    locked.save(update_fields=["no_show_decision", "no_show_reason", "no_show_decided_on", "no_show_decided_by"])
    if decision == NoShowDecision.DISCHARGE:
        _discharge(locked, episode, by=by, on=decided_on)
    audit(
        user=by, action="drug_test.no_show_decided", obj=locked, unit=participant.unit, participant=participant.pk,
        decision=decision,
    )
    return locked
