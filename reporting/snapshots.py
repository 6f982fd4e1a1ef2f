"""Closing a month: its figures are frozen (reporting/models.py::MonthSnapshot) with the protection
decided for it and for every longer period that ends with it (reporting/protection.py).

Months are closed in order: closing a month closes the unit's open months before it, so that
each decision is taken once, after the decisions of every month before it, and never changes.
`month_close` is the styrgrupp's button; `months_close` closes many units and months at once
(a month-end job; the scale generator) and freezes the same figures and decisions.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from krami.dates import add_months, month_start
from krami.models import Unit
from krami.services import audit
from reporting.economy import AgreementFacts, PlacesHistory
from reporting.kpis import DEFINITIONS_VERSION
from reporting.ledger import Ledger, Month, agreements_of, decide_month, first_event_months, ledger_for, stored_hidden
from reporting.models import MonthSnapshot
from reporting.periods import month_period
from reporting.protection import window_start
from reporting.selectors import from_json, to_json, units_figures


def _snapshot(unit: Unit, record: Month, by) -> MonthSnapshot:
    """The unsaved snapshot of a unit's month: the figures as computed now, the names at closing,
    the protection decided."""
    return MonthSnapshot(
        unit=unit, month=record.month, figures=to_json(record.values),
        labels={kind: {str(k): v for k, v in names.items()} for kind, names in record.labels.items()},
        hidden=_as_json(record.hidden), definitions_version=DEFINITIONS_VERSION, closed_by=by,
    )


def _as_json(hidden: Mapping[str, frozenset[str]]) -> dict[str, list[str]]:
    return {slug: sorted(keys) for slug, keys in hidden.items()}


def _audit_closed(snapshot: MonthSnapshot, by) -> None:
    audit(user=by, action="reporting.month_closed", obj=snapshot, unit=snapshot.unit, month=f"{snapshot.month:%Y-%m}")


def open_months_before(ledger: Ledger, month: date) -> list[date]:
    """The months that closing `month` closes too: the open ones of the chain before it."""
    return [r.month for r in ledger.chain() if r.month < month and not r.closed]


@transaction.atomic
def month_close(*, unit: Unit, month: date, by) -> MonthSnapshot:
    """Freeze the unit's figures of `month`, and of its open months before it, as they are now.

    Side effects, in order: the unit row is locked (two people closing the same month at once:
    the second gets "already closed"); checks (the month has ended, not closed before); the
    figures of each open month up to `month` computed and their protection decided in month
    order, then stored; one audit ``reporting.month_closed`` per month closed.
    """
    month = month_start(month)
    Unit.objects.select_for_update().only("pk").get(pk=unit.pk)
    if month_period(month).end >= timezone.localdate():
        raise ValidationError(_("A month can be closed once it has ended."), code="not_ended")
    if MonthSnapshot.objects.filter(unit=unit, month=month).exists():
        raise ValidationError(_("%(month)s is already closed.") % {"month": f"{month:%Y-%m}"}, code="closed")
    ledger = ledger_for(unit, upto=month, longest_chain=None)
    if month not in ledger.months:  # no figures yet (they begin later): the month alone, all zero
        ledger.months[month] = record = Month(month, decided_now=True)
        record.hidden = decide_month(ledger, month)
    written = None
    for record in ledger.chain():
        if record.closed:
            MonthSnapshot.objects.filter(pk=record.snapshot.pk).update(hidden=_as_json(record.hidden))
            continue
        snapshot = _snapshot(unit, record, by)
        try:
            with transaction.atomic():
                snapshot.save()
        except IntegrityError as exc:
            raise ValidationError(_("%(month)s is already closed.") % {"month": f"{month:%Y-%m}"}, code="closed") from exc
        _audit_closed(snapshot, by)
        written = snapshot
    return written or MonthSnapshot.objects.get(unit=unit, month=month)


def months_close(*, units: list[Unit], months: list[date], by: Mapping[int, object], log=None) -> int:
    """Close, for every unit, every month up to the last of `months` that has ended, from the first
    of `months` or the unit's first open month if that is earlier; the number of snapshots written.

    The figures are `month_close`'s (`units_figures` is what the ledger runs for an open month),
    computed a month at a time for all units together, with each unit's invoice rows read once for
    all months; the decisions are `month_close`'s too, in month order. A snapshot closed before
    decisions were stored gets them here. `by`: who closes, per unit id. Side effects per month,
    in one transaction: the units' rows locked, the snapshots stored (or their decisions added),
    one audit ``reporting.month_closed`` per snapshot written.
    """
    today = timezone.localdate()
    months = sorted({month_start(m) for m in months if month_period(m).end < today})
    if not months or not units:
        return 0
    last = months[-1]
    starts = _first_open(units, months[0], last)
    todo = {u.pk for u in units if starts.get(u.pk) is not None}
    if not todo:
        return 0
    first = min(starts[u] for u in todo)
    ledgers = _ledgers([u for u in units if u.pk in todo], first)
    places = PlacesHistory.load(list(todo), month_period(last).end)
    facts = AgreementFacts()
    written = 0
    month = first
    while month <= last:
        due = [u for u in units if u.pk in todo and starts[u.pk] <= month]
        with transaction.atomic():
            list(Unit.objects.select_for_update().filter(pk__in=[u.pk for u in due]).order_by("pk").values_list("pk", flat=True))
            existing = {s.unit_id: s for s in MonthSnapshot.objects.filter(unit_id__in=[u.pk for u in due], month=month)}
            fresh = [u for u in due if u.pk not in existing]
            figures = units_figures(units=fresh, period=month_period(month), places=places, facts=facts) if fresh else {}
            new_snapshots, updated = [], []
            for unit in due:
                ledger = ledgers[unit.pk]
                if unit.pk in existing:
                    snapshot = existing[unit.pk]
                    record = Month(month, from_json(snapshot.figures), {}, snapshot)
                else:
                    record = Month(month, dict(figures[unit.pk].values), figures[unit.pk].labels)
                ledger.months[month] = record
                record.hidden = decide_month(ledger, month)
                if unit.pk in existing:
                    if stored_hidden(existing[unit.pk]) is None:
                        existing[unit.pk].hidden = _as_json(record.hidden)
                        updated.append(existing[unit.pk])
                    else:
                        record.hidden = stored_hidden(existing[unit.pk])
                else:
                    new_snapshots.append(_snapshot(unit, record, by[unit.pk]))
                _forget(ledger, month)
            MonthSnapshot.objects.bulk_update(updated, ["hidden"])
            for snapshot in MonthSnapshot.objects.bulk_create(new_snapshots):
                _audit_closed(snapshot, by[snapshot.unit_id])
        written += len(new_snapshots)
        if log:
            log(month, len(new_snapshots))
        month = add_months(month, 1)
    return written


def _first_open(units: list[Unit], first_requested: date, last: date) -> dict[int, date | None]:
    """Per unit, the first month to decide: the first month without a decided snapshot, from its
    first month of data (or first snapshot) or `first_requested` if that is earlier; None when
    every month up to `last` is decided."""
    decided: dict[int, set[date]] = {u.pk: set() for u in units}
    firsts: dict[int, date] = {}
    for unit_id, month, hidden in MonthSnapshot.objects.filter(unit__in=units, month__lte=last).values_list("unit_id", "month", "hidden"):
        firsts[unit_id] = min(firsts.get(unit_id, month), month)
        if hidden and f"{month:%Y-%m}" in hidden:
            decided[unit_id].add(month)
    events = first_event_months([u.pk for u in units if u.pk not in firsts])
    result = {}
    for unit in units:
        start = min(x for x in (firsts.get(unit.pk) or events.get(unit.pk), first_requested) if x is not None)
        month = start
        result[unit.pk] = None
        while month <= last:
            if month not in decided[unit.pk]:
                result[unit.pk] = month
                break
            month = add_months(month, 1)
    return result


def _ledgers(units: list[Unit], first: date) -> dict[int, Ledger]:
    """Each unit's ledger from the start of `first`'s window: the decided snapshots before it."""
    ledgers = {}
    for unit in units:
        periods, targets = agreements_of(unit)
        start = window_start(first, periods)
        months = {}
        for snapshot in MonthSnapshot.objects.filter(unit=unit, month__gte=start, month__lt=first):
            months[snapshot.month] = Month(snapshot.month, from_json(snapshot.figures), {}, snapshot, stored_hidden(snapshot) or {})
        ledgers[unit.pk] = Ledger(unit, months, periods, None, targets)
    return ledgers


def _forget(ledger: Ledger, month: date) -> None:
    """Drop the months no later decision's window reaches, and keep only the counts of the others."""
    record = ledger.months[month]
    record.values = {k: v for k, v in record.values.items() if k.split("|", 1)[0] not in ("economy",)}
    record.labels = {}
    later = [p.start for p in ledger.agreement_periods if p.last_month > month]
    keep_from = min([window_start(add_months(month, 1))] + later)
    for m in [m for m in ledger.months if m < keep_from]:
        del ledger.months[m]
