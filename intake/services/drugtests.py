"""Drug tests: referral on suspicion, the result, and the discharge a refusal brings (DOMAIN.md, "Programme")."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.models import DrugTest, DrugTestResult, Episode, ExitOutcome
from intake.services.programme import participant_exit
from krami.access import user_access
from krami.services import audit
from participants import authority
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


@transaction.atomic
def drugtest_record_result(*, test: DrugTest, by, result: str, result_on: date) -> DrugTest:
    """Record the result (only the organisation that referred to the test); a refusal discharges
    the participant from the programme.

    Side effects, in order: the test row locked; result and date saved; on REFUSED, the open
    episode (if any) is closed through `participant_exit` with the outcome "discharged after drug
    test", not completed, on the result date (or the start date, if the test was taken before
    it); audit ``drug_test.result_recorded`` (with ``discharged``, never the result itself).
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
    discharged = False
    if result == DrugTestResult.REFUSED:
        episode = Episode.objects.filter(participant=locked.participant, ended_on__isnull=True).first()
        if episode is not None:
            participant_exit(
                participant=locked.participant,
                by=by,
                ended_on=max(result_on, episode.started_on),
                outcome=ExitOutcome.DRUG_TEST_DISCHARGE,
                completed_guidance_programme=False,
            )
            discharged = True
    audit(
        user=by, action="drug_test.result_recorded", obj=locked, unit=locked.participant.unit,
        participant=locked.participant_id, discharged=discharged,
    )
    return locked
