"""The agreements' targets and rules for many units at once (for the NSG view and the dashboards).

`agreements.selectors.targets_for_unit` answers for one unit; the national view needs every unit
without a query per unit, so this reads the agreements in force for all of them in one query,
with the same condition as `agreements.selectors.agreements_in_force`, and hands out the same
plain values (agreements/rules.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q

from agreements.models import Agreement
from agreements.models.agreement import IN_FORCE_STATUSES
from agreements.rules import InflowTargetValue, PriorityRules, UnitTargets
from agreements.selectors import unit_rules_from


def agreements_in_force_by_unit(unit_ids: Iterable[int], on: date) -> dict[int, Agreement]:
    """{unit_id: the agreement in force on `on`} (as agreements_in_force: at most one per unit)."""
    rows = (
        Agreement.objects.filter(unit_id__in=list(unit_ids), status__in=IN_FORCE_STATUSES, period_start__lte=on)
        .filter(Q(ended_on__gte=on) | Q(ended_on__isnull=True, period_end__gte=on))
        .prefetch_related("inflow_targets", "age_limits", "eligible_municipalities")
        .order_by("unit_id", "-period_start")
    )
    result: dict[int, Agreement] = {}
    for agreement in rows:
        result.setdefault(agreement.unit_id, agreement)
    return result


def targets_from(agreement: Agreement | None) -> UnitTargets:
    """The same values as agreements.selectors.targets_for_unit, from a loaded agreement."""
    if agreement is None:
        return UnitTargets()
    return UnitTargets(
        agreement_id=agreement.pk,
        period_start=agreement.period_start,
        period_end=agreement.in_force_until,
        occupancy_target=agreement.occupancy_target,
        outcome_target_percent=agreement.outcome_target_percent,
        outcome_denominator=agreement.outcome_denominator,
        outcome_studies=agreement.outcome_studies,
        inflow=tuple(InflowTargetValue(measure=t.measure, minimum=t.minimum) for t in agreement.inflow_targets.all()),
    )


def young_rules(agreements: dict[int, Agreement], unit_ids: Iterable[int]) -> dict[int, PriorityRules]:
    """Each unit's priority rules (the age limits of "young"); national defaults without an agreement."""
    return {
        unit_id: unit_rules_from(agreements[unit_id]).priority if unit_id in agreements else PriorityRules()
        for unit_id in unit_ids
    }
