"""Money figures of a unit's period: budget against actual costs, the split per party, and the
purchased places (agreements/settlement.py, agreements/pricing.py do the arithmetic).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from agreements.models import Agreement, AgreementParty
from agreements.periods import Period
from agreements.pricing import DrugTest as BilledTest
from agreements.pricing import EnrolmentSpan, MunicipalityInvoice, invoice_basis
from agreements.selectors import place_price_for
from agreements.settlement import AgreementTerms, settlement_for
from intake.models import DrugTest, DrugTestResult, Episode
from krami.dates import month_start, months_between
from krami.models import OrganisationKind, Unit
from participants.models import Participant, participant_reference
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


def settlement_period(period: ReportPeriod) -> Period:
    return Period(period.slug, period.start, period.end, period.label)


def economy_figures(
    agreement: Agreement, period: ReportPeriod, *, terms: AgreementTerms | None = None, costs: list[dict] | None = None,
) -> dict[str, Decimal]:
    """Budget, part of the budget and actual per category; share, paid, balance per party.

    `terms`, `costs`: read beforehand (agreements/settlement.py), else read here."""
    report = settlement_for(agreement=agreement, period=settlement_period(period), terms=terms, costs=costs)
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


def economy_labels(terms: AgreementTerms) -> dict[str, dict[int, str]]:
    """Names for the ids in the figures: categories (in the agreement's order) and parties, from
    the agreement's terms (which a settlement reads anyway: issue 19, two statements fewer)."""
    return {
        "category": {c.pk: c.name for c in terms.categories},
        "party": {p.organisation_id: p.display_name for p in terms.parties},
    }


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


class AgreementFacts:
    """What `economy_labels`, `own_municipalities` and a settlement's terms read, remembered per agreement while many
    months are computed at once (reporting/snapshots.py::months_close). Made for one computation
    and thrown away: an agreement edited later is read afresh by the next one."""

    def __init__(self):
        self._labels: dict[int, dict] = {}
        self._own: dict[tuple[int, int], set[str]] = {}
        self._terms: dict[int, AgreementTerms] = {}

    def terms(self, agreement: Agreement) -> AgreementTerms:
        if agreement.pk not in self._terms:
            self._terms[agreement.pk] = AgreementTerms.load(agreement)
        return self._terms[agreement.pk]

    def labels(self, agreement: Agreement) -> dict[str, dict[int, str]]:
        if agreement.pk not in self._labels:
            self._labels[agreement.pk] = economy_labels(self.terms(agreement))
        return self._labels[agreement.pk]

    def own(self, agreement: Agreement, unit: Unit) -> set[str]:
        if (agreement.pk, unit.pk) not in self._own:
            self._own[(agreement.pk, unit.pk)] = own_municipalities(agreement, unit)
        return self._own[(agreement.pk, unit.pk)]


@dataclass(frozen=True)
class PlacesHistory:
    """What the invoice basis reads of a unit: every enrolment episode and every taken drug test
    up to a day, as plain rows. Loaded once, it serves any month up to that day (the month-end
    job closing many months, reporting/snapshots.py); `spans` and `tests` cut it at `as_of`.
    """

    episodes: tuple  # (participant id, municipality name, started_on, ended_on), by start
    tests: tuple  # (participant id, result_on)

    @classmethod
    def load(cls, unit_ids: Iterable[int], up_to: date, *, residents_of_others: set[str] | None = None) -> dict[int, PlacesHistory]:
        """{unit_id: history up to `up_to`} for every unit in two queries.

        `residents_of_others`: leave out the people who live in these municipalities (the
        agreement's own: never charged), the great majority of a unit's history."""
        episodes: dict[int, list] = {unit_id: [] for unit_id in unit_ids}
        tests: dict[int, list] = {unit_id: [] for unit_id in unit_ids}
        outside = Q()
        if residents_of_others is not None:
            others = Participant.objects.filter(unit_id__in=list(unit_ids)).exclude(municipality__name__in=sorted(residents_of_others))
            outside = Q(participant__in=others.values("pk"))
        for row in (
            Episode.objects.filter(outside, participant__unit_id__in=list(episodes), started_on__lte=up_to)
            .values_list("participant__unit_id", "participant_id", "participant__municipality__name", "started_on", "ended_on")
            .order_by("started_on", "pk")
        ):
            episodes[row[0]].append(row[1:])
        for row in (
            DrugTest.objects.filter(outside, participant__unit_id__in=list(tests), result__in=TAKEN_RESULTS, result_on__lte=up_to)
            .values_list("participant__unit_id", "participant_id", "result_on").order_by("result_on", "pk")
        ):
            tests[row[0]].append(row[1:])
        return {unit_id: cls(tuple(episodes[unit_id]), tuple(tests[unit_id])) for unit_id in episodes}

    def within(self, start: date, end: date) -> PlacesHistory:
        """Only the people who can be billed for a day in [start, end]: an episode overlapping it
        or a test in it. Each person's invoice lines depend on their own rows alone, so the months
        of [start, end] come out the same, without the rest of the unit's history."""
        people = {pid for pid, _m, started, ended in self.episodes if started <= end and (ended is None or ended >= start)}
        people |= {pid for pid, on in self.tests if start <= on <= end}
        return PlacesHistory(
            tuple(row for row in self.episodes if row[0] in people), tuple(row for row in self.tests if row[0] in people),
        )

    def spans(self, as_of: date) -> list[EnrolmentSpan]:
        return [
            EnrolmentSpan(participant_reference(pid), municipality, started, ended)
            for pid, municipality, started, ended in self.episodes if started <= as_of
        ]

    def billed_tests(self, as_of: date, cost: Decimal) -> list[BilledTest]:
        return [BilledTest(participant_reference(pid), on, cost) for pid, on in self.tests if on <= as_of]


def invoices_for(
    *, unit: Unit, agreement: Agreement, period: ReportPeriod, test_cost: Decimal = Decimal(0), as_of: date | None = None,
    history: PlacesHistory | None = None, facts: AgreementFacts | None = None,
) -> list[MunicipalityInvoice] | None:
    """The invoice basis per buying municipality and month of the period; None when no price is agreed.

    Enrolments are the unit's episodes (all of them: a re-enrolment continues the count of charged
    months); the municipality is the participant's municipality of residence as recorded now.
    Drug tests count when a result shows the test was taken, at `test_cost` each. `history`: the
    unit's rows loaded beforehand up to `as_of` or later (else they are read here); `facts`: the
    agreement's facts read before (AgreementFacts).
    """
    price = place_price_for(agreement)
    if price is None:
        return None
    as_of = min(as_of or timezone.localdate(), period.end)
    month_from = max(period.start, agreement.period_start)
    own = (facts or AgreementFacts()).own(agreement, unit)
    if history is None:
        history = PlacesHistory.load([unit.pk], as_of, residents_of_others=own)[unit.pk]
    history = history.within(month_start(month_from), as_of)
    tests = history.billed_tests(as_of, test_cost) if agreement.drug_tests_billed_at_cost else []
    return invoice_basis(
        spans=history.spans(as_of), drug_tests=tests, price=price, agreement_municipalities=own,
        as_of=as_of, month_from=month_from, month_to=period.end,
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
