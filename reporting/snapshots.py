"""Closing a month: its figures are frozen (reporting/models.py::MonthSnapshot)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.periods import month_start
from krami.models import Unit
from krami.services import audit

from reporting.kpis import DEFINITIONS_VERSION
from reporting.models import MonthSnapshot
from reporting.periods import month_period
from reporting.selectors import to_json, unit_figures


@transaction.atomic
def month_close(*, unit: Unit, month: date, by) -> MonthSnapshot:
    """Freeze the unit's figures of `month` as they are now.

    Side effects, in order: the unit row is locked (two people closing the same month at once:
    the second gets "already closed"); checks (the month has ended, not closed before); the
    figures computed and stored; audit ``reporting.month_closed``.
    """
    month = month_start(month)
    Unit.objects.select_for_update().only("pk").get(pk=unit.pk)
    period = month_period(month)
    if period.end >= timezone.localdate():
        raise ValidationError(_("A month can be closed once it has ended."), code="not_ended")
    if MonthSnapshot.objects.filter(unit=unit, month=month).exists():
        raise ValidationError(_("%(month)s is already closed.") % {"month": f"{month:%Y-%m}"}, code="closed")
    figures = unit_figures(unit=unit, period=period)
    try:
        with transaction.atomic():
            snapshot = MonthSnapshot.objects.create(
                unit=unit, month=month, figures=to_json(figures.values),
                labels={kind: {str(k): v for k, v in names.items()} for kind, names in figures.labels.items()},
                definitions_version=DEFINITIONS_VERSION, closed_by=by,
            )
    except IntegrityError as exc:
        raise ValidationError(_("%(month)s is already closed.") % {"month": f"{month:%Y-%m}"}, code="closed") from exc
    audit(user=by, action="reporting.month_closed", obj=snapshot, unit=unit, month=f"{month:%Y-%m}")
    return snapshot
