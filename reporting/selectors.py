"""Compute the figures of a unit (or of every unit) for a month: what a snapshot freezes.

The ledger (reporting/ledger.py) calls this for the months a unit has not closed; closing a
month (reporting/snapshots.py) stores what it returns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from agreements.models import Agreement
from agreements.rules import PriorityRules, UnitTargets
from agreements.selectors import agreements_in_force_for_units, unit_rules_from, unit_targets_from
from agreements.settlement import cost_rows
from krami.models import Unit
from reporting import figures as people
from reporting.economy import AgreementFacts, PlacesHistory, economy_figures, invoices_for, places_figures, settlement_period
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


def unit_figures(*, unit: Unit, period: ReportPeriod, agreements: dict[int, Agreement] | None = None) -> UnitFigures:
    """People figures (kpis), economy and purchased places of the agreement in force on the last day."""
    return units_figures(units=[unit], period=period, agreements=agreements)[unit.pk]


def units_figures(
    *, units: list[Unit], period: ReportPeriod, places: dict[int, PlacesHistory] | None = None,
    facts: AgreementFacts | None = None, agreements: dict[int, Agreement] | None = None,
) -> dict[int, UnitFigures]:
    """`unit_figures` of many units: the people figures in one query per KPI for all of them,
    economy and places per unit. For many periods in a row (reporting/snapshots.py::months_close):
    `places`, the units' invoice rows loaded beforehand; `facts`, the agreements' names kept.
    `agreements`: {unit id: its agreement in force on the period's last day}, if read already
    (`with_rules` and with its inflow targets, as agreements_in_force_for_units reads them)."""
    facts = facts or AgreementFacts()
    unit_ids = [u.pk for u in units]
    if agreements is None:
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
