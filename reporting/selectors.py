"""Read the figures of a unit (or of every unit) for a period, and the closed months.

The dashboards, the exports, the home page and the national view all start here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from agreements.models import Agreement
from agreements.rules import UnitTargets
from krami.models import Unit

from reporting import figures as people
from reporting.economy import economy_figures, economy_labels, invoices_for, places_figures
from reporting.models import MonthSnapshot
from reporting.periods import ReportPeriod
from reporting.targets import agreements_in_force_by_unit, targets_from, young_rules


@dataclass
class UnitFigures:
    """Everything one unit's dashboard shows for a period, as computed now."""

    unit: Unit
    period: ReportPeriod
    values: dict
    labels: dict = field(default_factory=dict)
    agreement: Agreement | None = None
    targets: UnitTargets = field(default_factory=UnitTargets)


def unit_figures(*, unit: Unit, period: ReportPeriod) -> UnitFigures:
    """People figures (kpis), economy and purchased places of the agreement in force on the last day."""
    agreements = agreements_in_force_by_unit([unit.pk], period.end)
    agreement = agreements.get(unit.pk)
    values = people.people_figures([unit.pk], period, young_rules(agreements, [unit.pk]))[unit.pk]
    labels: dict = {}
    if agreement is not None:
        values.update(economy_figures(agreement, period))
        values.update(places_figures(invoices_for(unit=unit, agreement=agreement, period=period)))
        labels = economy_labels(agreement)
    return UnitFigures(unit=unit, period=period, values=values, labels=labels, agreement=agreement, targets=targets_from(agreement))


def to_json(values: dict) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def from_json(values: dict) -> dict:
    return {k: (Decimal(v) if isinstance(v, str) else v) for k, v in values.items()}


def snapshot_for(*, unit: Unit, month: date) -> MonthSnapshot | None:
    return MonthSnapshot.objects.filter(unit=unit, month=month).select_related("closed_by").first()


def snapshots_by_month(*, unit_ids: Iterable[int], months: Iterable[date]) -> dict[tuple[int, date], MonthSnapshot]:
    """{(unit_id, month): snapshot} for the closed months among `months` (one query)."""
    rows = MonthSnapshot.objects.filter(unit_id__in=list(unit_ids), month__in=list(months))
    return {(s.unit_id, s.month): s for s in rows}


def series_for(*, unit_ids: list[int], months: list[date]) -> dict[int, dict[date, dict]]:
    """Active participants per unit and month: the frozen figure of closed months (and the live one).

    {unit_id: {month: {"official": n, "live": n, "closed": bool}}} in two queries.
    """
    live = people.occupancy_series(unit_ids, months)
    frozen = snapshots_by_month(unit_ids=unit_ids, months=months)
    result: dict[int, dict[date, dict]] = {}
    for unit_id in unit_ids:
        row = {}
        for month in months:
            now = live.get(unit_id, {}).get(people.key("series", f"{month:%Y-%m}"), 0)
            snapshot = frozen.get((unit_id, month))
            official = snapshot.figures.get("occupancy|active", 0) if snapshot else now
            row[month] = {"official": official, "live": now, "closed": snapshot is not None}
        result[unit_id] = row
    return result


def national_figures(*, units: list[Unit], period: ReportPeriod) -> dict[int, dict]:
    """People figures of every unit: the frozen figures of units that closed the month, the
    others computed together (one query per KPI, whatever the number of units)."""
    unit_ids = [u.pk for u in units]
    frozen = {}
    if period.is_month:
        frozen = {s.unit_id: from_json(s.figures) for s in MonthSnapshot.objects.filter(unit_id__in=unit_ids, month=period.start)}
    open_ids = [u for u in unit_ids if u not in frozen]
    agreements = agreements_in_force_by_unit(open_ids, period.end) if open_ids else {}
    live = people.people_figures(open_ids, period, young_rules(agreements, open_ids)) if open_ids else {}
    return {unit_id: frozen.get(unit_id, live.get(unit_id, {})) for unit_id in unit_ids}
