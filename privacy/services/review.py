"""Services of the privacy duties: signing off a month's access-log review."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from krami.models import Unit
from krami.services import audit
from privacy.models import LogReview
from privacy.selectors.review import month_review


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
