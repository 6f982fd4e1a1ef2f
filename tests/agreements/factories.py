"""Agreements for tests: a bare AgreementFactory, and `stockholm_like` built through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from agreements.models import (
    ActualCost,
    Agreement,
    AgreementStatus,
    CostCategory,
    CostShare,
    OutcomeDenominator,
    SharedRole,
    SplitMethod,
    StaffingLine,
)
from agreements.services.agreement import agreement_activate, agreement_create, agreement_end, save_tracked
from krami.models import OrganisationKind
from tests.krami.factories import UnitFactory, party


class AgreementFactory(factory.django.DjangoModelFactory):
    """A bare draft for the current year (no parties, no lines)."""

    class Meta:
        model = Agreement

    unit = factory.SubFactory(UnitFactory)
    title = factory.LazyAttribute(lambda a: f"Överenskommelse {a.unit.name} {a.period_start.year}")
    period_start = factory.LazyFunction(lambda: date(date.today().year, 1, 1))
    period_end = factory.LazyAttribute(lambda a: date(a.period_start.year, 12, 31))


def stockholm_like(
    *, unit, year: int, status: str = AgreementStatus.ACTIVE, by=None, occupancy_target: int = 80,
    period: tuple[date, date] | None = None,
) -> Agreement:
    """An agreement shaped like Stockholm 2023 (DOMAIN.md): 2+2+2 FTE, administrator 50/50 KV/kommun,
    operating costs 50/50 KV/kommun, own staff costs, AF measures outside; 4 900 kr × 5 a place.
    For the calendar year `year`, or for `period` (start, end)."""
    start, end = period or (date(year, 1, 1), date(year, 12, 31))
    agreement = agreement_create(
        unit=unit, title=f"Lokal överenskommelse {unit.name} {year}", period_start=start, period_end=end, by=by,
    )
    af, kv, kommun = (party(unit, k) for k in (OrganisationKind.AF, OrganisationKind.KV, OrganisationKind.KOMMUN))
    for org in (af, kv, kommun):
        save_tracked(StaffingLine(agreement=agreement, organisation=org, fte=Decimal(2), role_description="vägledare"), by)
    categories = {}
    for order, (name, method, shares) in enumerate([
        ("Egen personal", SplitMethod.OWN, []),
        ("Administratör", SplitMethod.SHARED, [(kv, 50), (kommun, 50)]),
        ("Driftskostnader", SplitMethod.SHARED, [(kv, 50), (kommun, 50)]),
        ("AF:s insatser", SplitMethod.OUTSIDE, []),
    ], start=1):
        category = CostCategory(agreement=agreement, name=name, split_method=method, order=order, budget=Decimal(100000))
        save_tracked(category, by)
        for org, pct in shares:
            save_tracked(CostShare(category=category, organisation=org, percent=Decimal(pct)), by)
        categories[name] = category
    save_tracked(SharedRole(agreement=agreement, title="Administratör", fte=Decimal("0.5"), employer=kommun,
                            cost_category=categories["Administratör"]), by)
    agreement.occupancy_target = occupancy_target
    agreement.outcome_target_percent = Decimal(60)
    agreement.outcome_denominator = OutcomeDenominator.COMPLETED_PROGRAMME
    agreement.place_monthly_price, agreement.place_months = Decimal(4900), 5
    save_tracked(agreement, by)
    if status != AgreementStatus.DRAFT:
        agreement = agreement_activate(
            agreement=agreement, title=agreement.title, period_start=agreement.period_start,
            period_end=agreement.period_end, by=by,
        )
    if status == AgreementStatus.ENDED:
        agreement = agreement_end(agreement=agreement, ended_on=agreement.period_end, by=by)
    return agreement


def add_cost(agreement, *, month: date, category: str, amount, paid_by_kind: str, note: str = "", by=None) -> ActualCost:
    cost = ActualCost(
        agreement=agreement, category=agreement.cost_categories.get(name=category), month=month,
        amount=Decimal(str(amount)), paid_by=party(agreement.unit, paid_by_kind), note=note, created_by=by,
    )
    save_tracked(cost, by)
    return cost
