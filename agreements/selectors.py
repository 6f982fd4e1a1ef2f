"""Selectors that read agreements, for this app's views and for other apps.

Other apps read agreements only through `rules_for_unit` (intake) and `targets_for_unit`
(reporting), which return the plain values of agreements/rules.py; reporting reads many units at
once through `agreements_in_force_for_units` and `agreements_in_force_during`, and turns a loaded
agreement into those values with `unit_rules_from` (an agreement read `with_rules`) and
`unit_targets_from`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache

from django.db.models import CharField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext as _

from agreements.models import (
    AgeLimit,
    Agreement,
    AgreementParty,
    CostCategory,
    CostShare,
    EligibleMunicipality,
    SharedRole,
    StaffingLine,
)
from agreements.models.agreement import IN_FORCE_STATUSES
from agreements.pricing import PlacePrice
from agreements.rules import (
    AgeLimit as AgeLimitValue,
)
from agreements.rules import (
    DrugTestRules,
    EligibilityRules,
    InflowTargetValue,
    PriorityRules,
    TargetGroupLine,
    UnitRules,
    UnitTargets,
)
from agreements.staffing import fte_by_kind, staffing_warnings
from krami.aggregates import TextList
from krami.dates import add_months, month_start
from krami.models import Unit


def _in_force_during(start: date, end: date) -> Q:
    """In force on some day of [start, end]: the one definition of "in force" (Agreement.in_force_on)."""
    return Q(status__in=IN_FORCE_STATUSES, period_start__lte=end) & (
        Q(ended_on__gte=start) | Q(ended_on__isnull=True, period_end__gte=start)
    )


def agreements_in_force(*, unit: Unit | int, on: date, rules: bool = False) -> QuerySet[Agreement]:
    """Agreements binding the unit on `on` (at most one: activation refuses overlaps); with `rules`,
    read `with_rules`."""
    base = _with_rules_base() if rules else Agreement.objects.all()
    return base.filter(_in_force_during(on, on), unit=unit).order_by("-period_start")


def agreements_in_force_during(*, unit: Unit | int, start: date, end: date, rules: bool = False) -> QuerySet[Agreement]:
    """The unit's agreements in force on some day of [start, end], earliest first; with `rules`,
    read `with_rules`."""
    base = _with_rules_base() if rules else Agreement.objects.all()
    return base.filter(_in_force_during(start, end), unit=unit).order_by("period_start")


def agreements_in_force_for_units(*, unit_ids: Iterable[int], on: date, rules: bool = True) -> dict[int, Agreement]:
    """{unit id: its agreement in force on `on`} for many units in one query (with what
    `unit_targets_from` reads, and with `rules` what `unit_rules_from` reads too), for reporting:
    the national view needs only the targets."""
    rows = Agreement.objects.filter(_in_force_during(on, on), unit_id__in=list(unit_ids))
    if rules:
        rows = with_rules(rows)
    rows = rows.prefetch_related("inflow_targets").order_by("unit_id", "-period_start")
    result: dict[int, Agreement] = {}
    for agreement in rows:
        result.setdefault(agreement.unit_id, agreement)
    return result


def agreements_in_force_during_for_units(*, unit_ids: Iterable[int], start: date, end: date) -> dict[int, list[Agreement]]:
    """{unit id: its agreements in force on some day of [start, end], earliest first} for many
    units in one query (reporting's national view: each unit's occupancy target month by month)."""
    result: dict[int, list[Agreement]] = {}
    rows = Agreement.objects.filter(_in_force_during(start, end), unit_id__in=list(unit_ids)).order_by("unit_id", "period_start")
    for agreement in rows:
        result.setdefault(agreement.unit_id, []).append(agreement)
    return result


def overlapping_in_force(*, unit: Unit | int, start: date, end: date, exclude_pk: int | None = None) -> Agreement | None:
    """An agreement of the unit in force on some day of [start, end], other than `exclude_pk`."""
    return agreements_in_force_during(unit=unit, start=start, end=end).exclude(pk=exclude_pk).first()


def overlap_message(clash: Agreement) -> str:
    return _(
        "The period overlaps %(agreement)s (%(start)s – %(end)s), which is in force. A unit can have "
        "only one agreement in force on any day."
    ) % {"agreement": clash.title, "start": f"{clash.period_start:%Y-%m-%d}", "end": f"{clash.in_force_until:%Y-%m-%d}"}


def current_agreement(*, unit: Unit | int, on: date) -> Agreement | None:
    """The agreement in force for `unit` on `on`, or None."""
    return agreements_in_force(unit=unit, on=on).first()


def current_among(agreements: Iterable[Agreement], on: date) -> Agreement | None:
    """`current_agreement` among a unit's agreements already read: the one in force on `on` (the
    one that started last, as `agreements_in_force` orders them), or None."""
    found = [a for a in agreements if a.in_force_on(on)]
    return max(found, key=lambda a: a.period_start) if found else None


def with_rules(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """The agreements with what `unit_rules_from` reads besides their own fields: their age limits
    and municipalities of residence (a few rows each) as text lists, "man:18:40" and "12,57", in
    the agreements' own statement (issue 19: the case page, the queue and intake's pages read the
    rules on every visit, the dashboard with its figures)."""
    age_limits = (
        AgeLimit.objects.filter(agreement=OuterRef("pk")).order_by().values("agreement")
        .annotate(rows=TextList(Concat(
            "gender", Value(":"), Cast("min_age", CharField()), Value(":"), Coalesce(Cast("max_age", CharField()), Value("")),
            output_field=CharField(),
        ))).values("rows")
    )
    municipalities = (
        EligibleMunicipality.objects.filter(agreement=OuterRef("pk")).order_by().values("agreement")
        .annotate(ids=TextList("municipality_id")).values("ids")
    )
    return agreements.annotate(age_limit_rows=Subquery(age_limits), municipality_id_list=Subquery(municipalities))


@cache
def _with_rules_base() -> QuerySet[Agreement]:
    """`with_rules` of every agreement, built once per process: its two subqueries are the same on
    every visit, and resolving them was most of `rules_for_unit`'s time (issue 19). Only ever
    handed out narrowed (filter clones it), never read itself."""
    return with_rules(Agreement.objects.all())


def rules_for_unit(*, unit: Unit | int, on: date) -> UnitRules:
    """The rules in force for `unit` on `on`: from its agreement in force, else national defaults
    (one statement)."""
    agreement = agreements_in_force(unit=unit, on=on, rules=True).first()
    if agreement is None:
        return UnitRules()
    return unit_rules_from(agreement)


def unit_rules_from(agreement: Agreement) -> UnitRules:
    """The agreement's rules as plain values (what intake acts on); the agreement read `with_rules`."""
    limits = []
    for row in filter(None, (agreement.age_limit_rows or "").split(",")):
        gender, min_age, max_age = row.split(":")
        limits.append(AgeLimitValue(gender=gender or None, min_age=int(min_age), max_age=int(max_age) if max_age else None))
    limits.sort(key=lambda a: (a.gender or "", a.min_age))  # AgeLimit's own order
    ids = frozenset(int(i) for i in (agreement.municipality_id_list or "").split(",") if i)
    return _unit_rules(agreement, age_limits=tuple(limits), municipality_ids=ids)


def _unit_rules(agreement: Agreement, *, age_limits: tuple, municipality_ids: frozenset) -> UnitRules:
    eligibility = EligibilityRules(
        min_age=agreement.min_age,
        age_limits=age_limits,
        municipality_ids=municipality_ids,
        require_drug_free=agreement.require_drug_free,
        require_housing=agreement.require_housing,
        require_childcare=agreement.require_childcare,
        target_group=tuple(TargetGroupLine(situation=situation, scope=scope) for situation, scope in agreement.target_group),
    )
    priority = PriorityRules(
        order=tuple(agreement.priority_order),
        women_first=agreement.women_first,
        only_at_occupancy_target=agreement.priority_only_at_occupancy_target,
        young_min_age=agreement.young_min_age,
        young_max_age=agreement.young_max_age,
    )
    return UnitRules(
        agreement_id=agreement.pk,
        occupancy_target=agreement.occupancy_target,
        eligibility=eligibility,
        priority=priority,
        drug_tests=DrugTestRules(no_show=agreement.drug_test_no_show, no_show_limit=agreement.drug_test_no_show_limit),
        intake_mode=agreement.intake_mode,
    )


def targets_for_unit(*, unit: Unit | int, on: date) -> UnitTargets:
    """The unit's targets on `on` (occupancy, outcome with its denominator, inflow), for reporting."""
    return unit_targets_from(agreements_in_force(unit=unit, on=on).prefetch_related("inflow_targets").first())


def unit_targets_from(agreement: Agreement | None) -> UnitTargets:
    """The agreement's targets as plain values; no targets without an agreement."""
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


def agreement_with_parts(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Everything the summary, the comparison and the PDF show, in a fixed number of queries."""
    return queryset.select_related("unit", "copied_from", "wind_down_category", "terminated_by_party").prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation")),
        "inflow_targets",
        Prefetch("age_limits", queryset=AgeLimit.objects.all()),
        Prefetch("eligible_municipalities__municipality"),
        Prefetch("staffing", queryset=StaffingLine.objects.select_related("organisation")),
        Prefetch("shared_roles", queryset=SharedRole.objects.select_related("employer", "cost_category")),
        Prefetch(
            "cost_categories",
            queryset=CostCategory.objects.prefetch_related(
                Prefetch("shares", queryset=CostShare.objects.select_related("organisation"))
            ),
        ),
    )


def agreement_staffing_warnings(agreement: Agreement) -> list[str]:
    return staffing_warnings(fte_by_kind(agreement.staffing.all()))


def team_fte(agreement: Agreement):
    return sum((line.fte for line in agreement.staffing.all()), 0)


def next_agreement(agreement: Agreement) -> Agreement | None:
    """The unit's next agreement after this one (any status), if one exists."""
    return (
        Agreement.objects.filter(unit_id=agreement.unit_id, period_start__gt=agreement.period_start)
        .order_by("period_start")
        .first()
    )


def previous_agreement(agreement: Agreement) -> Agreement | None:
    return (
        Agreement.objects.filter(unit_id=agreement.unit_id, period_start__lt=agreement.period_start)
        .order_by("-period_start")
        .first()
    )


def cost_months(agreement: Agreement):
    """The first and last month costs may be entered for: the period, plus any wind-down after notice."""
    last = agreement.in_force_until
    if agreement.terminated_on and agreement.wind_down_months:
        last = add_months(last, agreement.wind_down_months)
    return month_start(agreement.period_start), month_start(last)


def place_price_for(agreement: Agreement) -> PlacePrice | None:
    """The agreement's price for a purchased place, for agreements/pricing.py; None when none is agreed."""
    return agreement.place_price
