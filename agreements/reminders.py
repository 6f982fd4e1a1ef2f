"""Reminders for agreement admins: the notice deadline and the period end are coming up.

DOMAIN.md, "Termination": notice at the latest six months before the period ends; and a new
agreement must be ready when the old one runs out. Shown on the admin's home page from
`REMINDER_DAYS` before each date until the date has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementStatus

REMINDER_DAYS = 90


@dataclass(frozen=True)
class Reminder:
    agreement: Agreement
    kind: str  # "notice" or "period_end"
    due: date
    days_left: int
    text: str


def reminders_for(*, agreement: Agreement, today: date, next_agreement: Agreement | None) -> list[Reminder]:
    """Reminders due for `agreement` on `today`; `next_agreement`: the unit's next one, if any."""
    horizon = today + timedelta(days=REMINDER_DAYS)
    result = []
    deadline = agreement.notice_deadline
    if agreement.status == AgreementStatus.ACTIVE and today <= deadline <= horizon:
        result.append(Reminder(
            agreement, "notice", deadline, (deadline - today).days,
            _("Notice to leave %(title)s must be given by %(date)s. Decide with the steering group whether the "
              "cooperation continues.") % {"title": agreement.title, "date": f"{deadline:%Y-%m-%d}"},
        ))
    end = agreement.in_force_until
    next_ready = next_agreement is not None and next_agreement.status != AgreementStatus.DRAFT
    if agreement.status in (AgreementStatus.ACTIVE, AgreementStatus.TERMINATED) and today <= end <= horizon and not next_ready:
        if agreement.status == AgreementStatus.TERMINATED:
            text = _("%(title)s ends on %(date)s after the notice; plan the wind-down.")
        elif next_agreement is not None:
            text = _("%(title)s ends on %(date)s. The next period's agreement is still a draft: complete and activate it.")
        else:
            text = _("%(title)s ends on %(date)s. Prepare the next period's agreement: copy this one and change what is new.")
        result.append(
            Reminder(agreement, "period_end", end, (end - today).days, text % {"title": agreement.title, "date": f"{end:%Y-%m-%d}"})
        )
    return result
