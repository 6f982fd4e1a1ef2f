"""Closing a month: its figures are frozen (reporting/models.py::MonthSnapshot).

`month_close` is the styrgrupp's button; `months_close` closes many units and months at once
(a month-end job; the scale generator) and freezes the same figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from krami.dates import month_start
from krami.models import Unit
from krami.services import audit
from reporting.economy import AgreementFacts, PlacesHistory
from reporting.kpis import DEFINITIONS_VERSION
from reporting.models import MonthSnapshot
from reporting.periods import month_period
from reporting.selectors import UnitFigures, to_json, unit_figures, units_figures


def _snapshot(figures: UnitFigures, by) -> MonthSnapshot:
    """The unsaved snapshot of a unit's month: the figures as computed now, the names at closing."""
    return MonthSnapshot(
        unit=figures.unit, month=figures.period.start, figures=to_json(figures.values),
        labels={kind: {str(k): v for k, v in names.items()} for kind, names in figures.labels.items()},
        definitions_version=DEFINITIONS_VERSION, closed_by=by,
    )


def _audit_closed(snapshot: MonthSnapshot, by) -> None:
    audit(user=by, action="reporting.month_closed", obj=snapshot, unit=snapshot.unit, month=f"{snapshot.month:%Y-%m}")


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
    snapshot = _snapshot(unit_figures(unit=unit, period=period), by)
    try:
        with transaction.atomic():
            snapshot.save()
    except IntegrityError as exc:
        raise ValidationError(_("%(month)s is already closed.") % {"month": f"{month:%Y-%m}"}, code="closed") from exc
    _audit_closed(snapshot, by)
    return snapshot


def months_close(*, units: list[Unit], months: list[date], by: Mapping[int, object], log=None) -> int:
    """Close every month of `months` that has ended for every unit that has not closed it; the
    number of snapshots written.

    The figures are `month_close`'s (`units_figures` is what `unit_figures` runs), computed a month
    at a time for all units together, with each unit's invoice rows read once for all months.
    `by`: who closes, per unit id. Side effects per month, in one transaction: the units' rows
    locked, the snapshots stored, one audit ``reporting.month_closed`` per snapshot.
    """
    today = timezone.localdate()
    months = sorted({month_start(m) for m in months if month_period(m).end < today})
    if not months or not units:
        return 0
    unit_ids = [u.pk for u in units]
    places = PlacesHistory.load(unit_ids, month_period(months[-1]).end)
    facts = AgreementFacts()
    written = 0
    for month in months:
        with transaction.atomic():
            list(Unit.objects.select_for_update().filter(pk__in=unit_ids).order_by("pk").values_list("pk", flat=True))
            closed = set(MonthSnapshot.objects.filter(unit_id__in=unit_ids, month=month).values_list("unit_id", flat=True))
            todo = [u for u in units if u.pk not in closed]
            if not todo:
                continue
            figures = units_figures(units=todo, period=month_period(month), places=places, facts=facts)
            snapshots = MonthSnapshot.objects.bulk_create([_snapshot(figures[u.pk], by[u.pk]) for u in todo])
            for snapshot in snapshots:
                _audit_closed(snapshot, by[snapshot.unit_id])
        written += len(snapshots)
        if log:
            log(month, len(snapshots))
    return written
