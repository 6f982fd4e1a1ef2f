"""Purchased places: what a municipality outside the agreement pays for its residents.

DOMAIN.md / seeds/004 ("Betalningsmodell för kommuner som ej ingår i denna överenskommelse"):
Stockholm 2023 charges 24 500 kr per participant = 4 900 kr a month for five months,
drug tests excluded (billed separately, at cost). The text can be read two ways, so each
agreement says which price model it means (`PriceModel`):

- Per enrolment month started (`PER_MONTH`, Stockholm's demo): enrolment months are counted
  from the day a person is enrolled: the first month runs from the start date to the day before
  the same date a month later, and so on. Every started enrolment month is charged the monthly
  price, in the calendar month in which it starts, up to `price.months` months per participant
  (across all spans given: a re-enrolment continues the count, it does not buy a new place).
  Someone who leaves after six weeks costs two months: 9 800 kr.
- A fixed sum per place (`PER_PLACE`): the monthly price × the months (24 500 kr), charged
  once per participant, in full, in the calendar month of their first start (a re-enrolment
  does not buy a new place); someone who leaves after six weeks costs the whole sum.
- Only months (and places) that have started on or before `as_of` are charged.
- A drug test is charged at cost, in the calendar month of the test, to the municipality
  of the participant's enrolment span that covers the test date; a test outside every
  span (e.g. the negative test required before re-enrolment) goes with the span that
  starts next after it, else with the one that ended last before it.
- Residents of the agreement's own municipalities are never charged.

Pure functions over plain values: intake's enrolment episodes are mapped to
`EnrolmentSpan`s by the caller.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from krami.dates import add_months, month_start
from krami.templatetags.krami_tags import money


class PriceModel(models.TextChoices):
    PER_MONTH = "per_month", gettext_lazy("Per enrolment month started, up to the number of months")
    PER_PLACE = "per_place", gettext_lazy("A fixed sum per place (the monthly price × the number of months)")


@dataclass(frozen=True)
class PlacePrice:
    monthly: Decimal
    months: int
    model: str = PriceModel.PER_MONTH

    @property
    def per_participant(self) -> Decimal:
        """The most one participant costs (per month started), or the fixed sum (per place)."""
        return self.monthly * self.months

    @property
    def description(self) -> str:
        """The price in words, as the invoice basis and the agreement show it."""
        values = {"monthly": money(self.monthly), "months": self.months, "total": money(self.per_participant)}
        if self.model == PriceModel.PER_PLACE:
            return _("%(total)s per place, a fixed sum (%(monthly)s × %(months)s months), charged in full in the month "
                     "the participant starts.") % values
        return _("%(monthly)s per enrolment month started, up to %(months)s months (at most %(total)s per "
                 "participant), each month charged in the calendar month it starts.") % values


@dataclass(frozen=True)
class EnrolmentSpan:
    reference: str  # the participant's reference, never a name or personnummer
    municipality: str  # municipality of residence
    start: date
    end: date | None  # last day enrolled, inclusive; None: still enrolled


@dataclass(frozen=True)
class DrugTest:
    reference: str
    on: date
    cost: Decimal


@dataclass(frozen=True)
class InvoiceLine:
    reference: str
    enrolment_months: tuple[int, ...]  # which of the charged months (1-based) start this month
    place_amount: Decimal
    drug_tests: int
    drug_test_amount: Decimal
    fixed_place: bool = False  # the fixed sum of a place (PriceModel.PER_PLACE) is charged on this line

    @property
    def total(self) -> Decimal:
        return self.place_amount + self.drug_test_amount


@dataclass(frozen=True)
class MunicipalityInvoice:
    """The invoice basis for one buying municipality and one calendar month."""

    municipality: str
    month: date
    lines: tuple[InvoiceLine, ...]

    @property
    def places_total(self) -> Decimal:
        return sum((line.place_amount for line in self.lines), Decimal(0))

    @property
    def drug_tests_total(self) -> Decimal:
        return sum((line.drug_test_amount for line in self.lines), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.places_total + self.drug_tests_total


def invoice_basis(
    *,
    spans: Iterable[EnrolmentSpan],
    drug_tests: Iterable[DrugTest] = (),
    price: PlacePrice,
    agreement_municipalities: Iterable[str],
    as_of: date,
    month_from: date | None = None,
    month_to: date | None = None,
) -> list[MunicipalityInvoice]:
    """Invoice lines per buying municipality and calendar month, ordered by month, municipality, reference.

    `month_from`/`month_to` (any day in the month, inclusive) limit the months returned;
    the count of charged months always starts from the first span given.
    """
    own = set(agreement_municipalities)
    by_person: dict[str, list[EnrolmentSpan]] = defaultdict(list)
    for span in spans:
        if span.end is not None and span.end < span.start:
            raise ValueError(f"Enrolment of {span.reference} ends before it starts.")
        by_person[span.reference].append(span)
    # (municipality, month) -> reference -> [months, place amount, tests, test amount, fixed place]
    buckets: dict[tuple[str, date], dict[str, list]] = defaultdict(dict)

    def line(municipality: str, month: date, reference: str) -> list:
        return buckets[(municipality, month)].setdefault(reference, [[], Decimal(0), 0, Decimal(0), False])

    for reference, person_spans in by_person.items():
        person_spans.sort(key=lambda s: s.start)
        if price.model == PriceModel.PER_PLACE:
            first = person_spans[0]
            if first.start <= as_of and first.municipality not in own:
                entry = line(first.municipality, month_start(first.start), reference)
                entry[1] += price.per_participant
                entry[4] = True
            continue
        for municipality, started, number in _charged_months(person_spans, price.months, as_of):
            if municipality in own:
                continue
            entry = line(municipality, month_start(started), reference)
            entry[0].append(number)
            entry[1] += price.monthly
    for test in drug_tests:
        if test.cost < 0:
            raise ValueError("A drug test cannot cost less than nothing.")
        person_spans = by_person.get(test.reference)
        if not person_spans or test.on > as_of:
            continue
        municipality = _span_for_test(person_spans, test.on).municipality
        if municipality in own:
            continue
        entry = line(municipality, month_start(test.on), test.reference)
        entry[2] += 1
        entry[3] += test.cost
    low = month_start(month_from) if month_from else date.min
    high = month_start(month_to) if month_to else date.max
    invoices = []
    for (municipality, month), lines in sorted(buckets.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if not low <= month <= high:
            continue
        invoice_lines = tuple(
            InvoiceLine(reference=ref, enrolment_months=tuple(v[0]), place_amount=v[1], drug_tests=v[2],
                        drug_test_amount=v[3], fixed_place=v[4])
            for ref, v in sorted(lines.items())
        )
        invoices.append(MunicipalityInvoice(municipality=municipality, month=month, lines=invoice_lines))
    return invoices


def _charged_months(spans: list[EnrolmentSpan], limit: int, as_of: date):
    """(municipality, start of the enrolment month, its number) for each charged month."""
    number = 0
    for span in spans:
        last = min(span.end, as_of) if span.end else as_of
        k = 0
        while number < limit:
            started = add_months(span.start, k)
            if started > last:
                break
            number += 1
            k += 1
            yield span.municipality, started, number


def _span_for_test(spans: list[EnrolmentSpan], on: date) -> EnrolmentSpan:
    for span in spans:
        if span.start <= on and (span.end is None or on <= span.end):
            return span
    later = [s for s in spans if s.start > on]
    if later:
        return later[0]
    return max(spans, key=lambda s: s.end or date.max)
