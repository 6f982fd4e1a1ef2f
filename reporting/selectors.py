"""Read the figures of a unit (or of every unit) for a period, and the closed months.

The dashboards, the exports, the home page and the national view all start here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models.fields.json import KT

from agreements.models import Agreement
from agreements.rules import PriorityRules, UnitTargets
from agreements.selectors import agreements_in_force_for_units, unit_rules_from, unit_targets_from
from agreements.settlement import cost_rows
from krami.models import Unit

from reporting import figures as people
from reporting.economy import AgreementFacts, PlacesHistory, economy_figures, invoices_for, places_figures, settlement_period
from reporting.models import MonthSnapshot
from reporting.periods import ReportPeriod


@dataclass
class UnitFigures:
    """Everything one unit's dashboard shows for a period, as computed now."""

    unit: Unit
    period: ReportPeriod
    values: dict
    labels: dict = field(default_factory=dict)
    agreement: Agreement | None = None
    targets: UnitTargets = field(default_factory=UnitTargets)


def young_rules(agreements: dict[int, Agreement], unit_ids: Iterable[int]) -> dict[int, PriorityRules]:
    """Each unit's priority rules (the age limits of "young"); national defaults without an agreement."""
    return {
        unit_id: unit_rules_from(agreements[unit_id]).priority if unit_id in agreements else PriorityRules()
        for unit_id in unit_ids
    }


def unit_figures(*, unit: Unit, period: ReportPeriod) -> UnitFigures:
    """People figures (kpis), economy and purchased places of the agreement in force on the last day."""
    return units_figures(units=[unit], period=period)[unit.pk]


def units_figures(
    *, units: list[Unit], period: ReportPeriod, places: dict[int, PlacesHistory] | None = None,
    facts: AgreementFacts | None = None,
) -> dict[int, UnitFigures]:
    """`unit_figures` of many units: the people figures in one query per KPI for all of them,
    economy and places per unit. For many periods in a row (reporting/snapshots.py::months_close):
    `places`, the units' invoice rows loaded beforehand; `facts`, the agreements' names kept."""
    facts = facts or AgreementFacts()
    unit_ids = [u.pk for u in units]
    agreements = agreements_in_force_for_units(unit_ids=unit_ids, on=period.end)
    values = people.people_figures(unit_ids, period, young_rules(agreements, unit_ids))
    costs = cost_rows([a.pk for a in agreements.values()], settlement_period(period))
    result = {}
    for unit in units:
        agreement = agreements.get(unit.pk)
        unit_values, labels = values[unit.pk], {}
        if agreement is not None:
            unit_values.update(economy_figures(agreement, period, terms=facts.terms(agreement), costs=costs[agreement.pk]))
            history = places.get(unit.pk) if places is not None else None
            invoices = invoices_for(unit=unit, agreement=agreement, period=period, history=history, facts=facts)
            unit_values.update(places_figures(invoices))
            labels = facts.labels(agreement)
        result[unit.pk] = UnitFigures(
            unit=unit, period=period, values=unit_values, labels=labels, agreement=agreement, targets=unit_targets_from(agreement),
        )
    return result


def to_json(values: dict) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def from_json(values: dict) -> dict:
    return {k: (Decimal(v) if isinstance(v, str) else v) for k, v in values.items()}


def snapshot_for(*, unit: Unit, month: date) -> MonthSnapshot | None:
    return MonthSnapshot.objects.filter(unit=unit, month=month).select_related("closed_by").first()


def frozen_occupancy(*, unit_ids: Iterable[int], months: Iterable[date]) -> dict[tuple[int, date], int]:
    """{(unit_id, month): active participants as frozen} for the closed months among `months`, in
    one query that reads that one figure out of each snapshot (not the whole JSON of every one)."""
    rows = (
        MonthSnapshot.objects.filter(unit_id__in=list(unit_ids), month__in=list(months))
        .annotate(active=KT("figures__occupancy|active")).values_list("unit_id", "month", "active")
    )
    return {(unit_id, month): int(active or 0) for unit_id, month, active in rows}


def series_for(*, unit_ids: list[int], months: list[date], adjustments: bool = True) -> dict[int, dict[date, dict]]:
    """Active participants per unit and month: the frozen figure of closed months (and the live one).

    {unit_id: {month: {"official": n, "live": n, "closed": bool}}} in two queries. Without
    `adjustments` (the national view shows none) closed months are read from their snapshots
    only ("live" is then the frozen figure) and the live query covers the open ones alone: none
    at all when every unit has closed every month.
    """
    frozen = frozen_occupancy(unit_ids=unit_ids, months=months)
    if adjustments:
        live = people.occupancy_series(unit_ids, months)
    else:
        open_pairs = [(u, m) for u in unit_ids for m in months if (u, m) not in frozen]
        live = people.occupancy_series(sorted({u for u, _m in open_pairs}), sorted({m for _u, m in open_pairs})) if open_pairs else {}
    result: dict[int, dict[date, dict]] = {}
    for unit_id in unit_ids:
        row = {}
        for month in months:
            computed = live.get(unit_id, {}).get(people.key("series", f"{month:%Y-%m}"), 0)
            official = frozen.get((unit_id, month))
            if official is None:
                row[month] = {"official": computed, "live": computed, "closed": False}
            else:
                row[month] = {"official": official, "live": computed if adjustments else official, "closed": True}
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
    agreements = agreements_in_force_for_units(unit_ids=open_ids, on=period.end) if open_ids else {}
    live = people.people_figures(open_ids, period, young_rules(agreements, open_ids)) if open_ids else {}
    return {unit_id: frozen.get(unit_id, live.get(unit_id, {})) for unit_id in unit_ids}
