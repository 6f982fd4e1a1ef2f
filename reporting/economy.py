"""Money figures of a unit's period: budget against actual costs, the split per party, and the
purchased places (agreements/settlement.py, agreements/pricing.py do the arithmetic).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from agreements.models import Agreement, AgreementParty, CostCategory
from agreements.periods import Period, months_between
from agreements.pricing import DrugTest as BilledTest
from agreements.pricing import EnrolmentSpan, MunicipalityInvoice, invoice_basis
from agreements.selectors import place_price_for
from agreements.settlement import settlement_for
from intake.models import DrugTest, DrugTestResult, Episode
from krami.models import OrganisationKind, Unit
from participants.models import Participant

from reporting.figures import key
from reporting.periods import ReportPeriod

# Results of a test that was actually taken (and so cost something); refusals and no-shows cost nothing.
TAKEN_RESULTS = (DrugTestResult.NEGATIVE, DrugTestResult.POSITIVE, DrugTestResult.DECLINING)
ORE = Decimal("0.01")


def budget_share(agreement: Agreement, period: ReportPeriod) -> Decimal:
    """The part of the agreement's period that the report period covers, in months (kpis "economy")."""
    all_months = months_between(agreement.period_start, agreement.period_end)
    start, end = max(period.start, agreement.period_start), min(period.end, agreement.in_force_until)
    covered = months_between(start, end) if start <= end else []
    return Decimal(len(covered)) / Decimal(len(all_months)) if all_months else Decimal(0)


def economy_figures(agreement: Agreement, period: ReportPeriod) -> dict[str, Decimal]:
    """Budget, part of the budget and actual per category; share, paid, balance per party."""
    report = settlement_for(agreement=agreement, period=Period(period.slug, period.start, period.end, period.label))
    fraction = budget_share(agreement, period)
    values: dict[str, Decimal] = {}
    for row in report.categories:
        category = row.category
        values[key("economy", "category", category.pk, "actual")] = row.actual
        if category.budget is not None:
            values[key("economy", "category", category.pk, "budget")] = category.budget
            values[key("economy", "category", category.pk, "budget_period")] = (category.budget * fraction).quantize(ORE)
    for row in report.parties:
        organisation_id = row.party.organisation_id
        values[key("economy", "party", organisation_id, "share")] = row.balance.share
        values[key("economy", "party", organisation_id, "paid")] = row.balance.paid
    values["economy|total|split"] = report.settlement.total
    values["economy|total|outside"] = report.settlement.outside_total
    return values


def economy_labels(agreement: Agreement) -> dict[str, dict[int, str]]:
    """Names for the ids in the figures: categories (in the agreement's order) and parties."""
    categories = {c.pk: c.name for c in CostCategory.objects.filter(agreement=agreement).order_by("order", "pk")}
    parties = {p.organisation_id: p.display_name for p in AgreementParty.objects.filter(agreement=agreement).select_related("organisation")}
    return {"category": categories, "party": parties}


def own_municipalities(agreement: Agreement, unit: Unit) -> set[str]:
    """The municipalities that are party to the agreement (their residents are never charged).

    The kommun parties' municipalities; when a kommun party names none, the unit's municipalities.
    """
    names = set(
        AgreementParty.objects.filter(agreement=agreement, organisation__kind=OrganisationKind.KOMMUN)
        .exclude(organisation__municipalities__isnull=True)
        .values_list("organisation__municipalities__name", flat=True)
    )
    return names or set(unit.municipalities.values_list("name", flat=True))


def invoices_for(
    *, unit: Unit, agreement: Agreement, period: ReportPeriod, test_cost: Decimal = Decimal(0), as_of: date | None = None
) -> list[MunicipalityInvoice] | None:
    """The invoice basis per buying municipality and month of the period; None when no price is agreed.

    Enrolments are the unit's episodes (all of them: a re-enrolment continues the count of charged
    months); the municipality is the participant's municipality of residence as recorded now.
    Drug tests count when a result shows the test was taken, at `test_cost` each.
    """
    price = place_price_for(agreement)
    if price is None:
        return None
    as_of = min(as_of or timezone.localdate(), period.end)
    spans = [
        EnrolmentSpan(Participant(pk=row["participant_id"]).reference, row["participant__municipality__name"],
                      row["started_on"], row["ended_on"])
        for row in Episode.objects.filter(participant__unit=unit, started_on__lte=as_of)
        .values("participant_id", "participant__municipality__name", "started_on", "ended_on").order_by("started_on", "pk")
    ]
    tests = []
    if agreement.drug_tests_billed_at_cost:
        tests = [
            BilledTest(Participant(pk=row["participant_id"]).reference, row["result_on"], test_cost)
            for row in DrugTest.objects.filter(participant__unit=unit, result__in=TAKEN_RESULTS, result_on__lte=as_of)
            .values("participant_id", "result_on")
        ]
    return invoice_basis(
        spans=spans, drug_tests=tests, price=price, agreement_municipalities=own_municipalities(agreement, unit),
        as_of=as_of, month_from=max(period.start, agreement.period_start), month_to=period.end,
    )


def places_figures(invoices: list[MunicipalityInvoice] | None) -> dict:
    """People charged and the amount for places, per buying municipality, for the dashboard."""
    if invoices is None:
        return {}
    people: dict[str, set[str]] = {}
    amounts: dict[str, Decimal] = {}
    for invoice in invoices:
        people.setdefault(invoice.municipality, set()).update(line.reference for line in invoice.lines if line.place_amount)
        amounts[invoice.municipality] = amounts.get(invoice.municipality, Decimal(0)) + invoice.places_total
    values: dict = {}
    for municipality in sorted(people):
        values[key("places", municipality, "people")] = len(people[municipality])
        values[key("places", municipality, "amount")] = amounts[municipality]
    values["places|total|people"] = sum(len(p) for p in people.values())
    values["places|total|amount"] = sum(amounts.values(), Decimal(0))
    return values
