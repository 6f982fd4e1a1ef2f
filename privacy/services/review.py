"""Services of the privacy duties: checking a flagged read, and signing off a month's access-log review."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from krami.models import AccessLog, Unit
from krami.services import audit
from privacy.models import FlaggedReadCheck, LogReview
from privacy.selectors.review import month_review


@transaction.atomic
def flagged_read_check(*, unit: Unit, log: AccessLog, by, comment: str) -> FlaggedReadCheck:
    """Store that `by` looked into one flagged read of `unit`'s access log, and what they found.

    Side effects, in order: refused unless the read is flagged in its month's review, the month is
    not signed off and the read has not been checked; the check (append-only: it cannot be changed);
    audit ``log_review.read_checked``.
    """
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say what you found.")})
    month = timezone.localtime(log.at).date().replace(day=1)
    if LogReview.objects.filter(unit=unit, month=month).exists():
        raise ValidationError(_("This month has already been signed off."))
    row = next((r for r in month_review(unit=unit, month=month).rows if r.log.pk == log.pk), None)
    if row is None or not row.flags:
        raise ValidationError(_("Only a flagged read is checked here."))
    try:
        with transaction.atomic():
            check = FlaggedReadCheck.objects.create(unit=unit, access_log_id=log.pk, month=month, comment=comment, checked_by=by)
    except IntegrityError:
        raise ValidationError(_("This read has already been checked.")) from None
    audit(user=by, action="log_review.read_checked", obj=check, unit=unit, month=f"{month:%Y-%m}", flags=row.flags)
    return check


@transaction.atomic
def log_review_sign_off(*, unit: Unit, month: date, by, comment: str = "") -> LogReview:
    """Store that `by` reviewed `unit`'s access log for `month` (loggkontroll).

    Side effects, in order: refused for a month that has not ended or is already signed off;
    the review is computed once more and its sample and counts stored with the sign-off;
    audit ``log_review.signed_off``.
    """
    review = month_review(unit=unit, month=month)
    if not review.has_ended:
        raise ValidationError(_("A month can be signed off when it has ended."))
    try:
        with transaction.atomic():
            signed = LogReview.objects.create(
                unit=unit,
                month=month,
                signed_off_by=by,
                comment=comment,
                reads=len(review.rows),
                flagged=len(review.flagged),
                sample_ids=[row.log.pk for row in review.sample],
            )
    except IntegrityError:
        raise ValidationError(_("This month has already been signed off.")) from None
    audit(user=by, action="log_review.signed_off", obj=signed, unit=unit, month=f"{month:%Y-%m}", flagged=signed.flagged)
    return signed
