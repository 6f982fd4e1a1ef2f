"""agreements/pricing.py: invoice basis for purchased places (Stockholm 2023: 24 500 kr = 4 900 × 5)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import translation

from agreements.pricing import DrugTest, EnrolmentSpan, PlacePrice, PriceModel, invoice_basis

STOCKHOLM_2023 = PlacePrice(monthly=D(4900), months=5)
OWN = {"Stockholm"}


def basis(spans, tests=(), as_of=date(2024, 6, 30), **kw):
    return invoice_basis(spans=spans, drug_tests=tests, price=STOCKHOLM_2023, agreement_municipalities=OWN, as_of=as_of, **kw)


def total(invoices):
    return sum((i.total for i in invoices), D(0))


def test_a_place_costs_24_500():
    assert STOCKHOLM_2023.per_participant == D(24500)


@pytest.mark.parametrize(
    ("start", "end", "months", "amount"),
    [
        # A whole place: enrolled longer than five months is charged five months.
        (date(2023, 2, 1), date(2023, 12, 15), ["2023-02", "2023-03", "2023-04", "2023-05", "2023-06"], D(24500)),
        # Three started months (from the 15th): Jan 15, Feb 15, Mar 15.
        (date(2023, 1, 15), date(2023, 3, 20), ["2023-01", "2023-02", "2023-03"], D(14700)),
        # The third month would start on Mar 15, after the end: two months.
        (date(2023, 1, 15), date(2023, 3, 14), ["2023-01", "2023-02"], D(9800)),
        # One day is one started month.
        (date(2023, 5, 31), date(2023, 5, 31), ["2023-05"], D(4900)),
        # Still enrolled: months started by `as_of` only (Nov, Dec, Jan, Feb 2024 by 2024-02-10).
        (date(2023, 11, 10), None, ["2023-11", "2023-12", "2024-01", "2024-02"], D(19600)),
    ],
)
def test_months_charged_from_the_enrolment_date(start, end, months, amount):
    invoices = basis([EnrolmentSpan("D-000001", "Huddinge", start, end)], as_of=date(2024, 2, 10))
    assert [f"{i.month:%Y-%m}" for i in invoices] == months
    assert all(i.municipality == "Huddinge" for i in invoices)
    assert total(invoices) == amount


def test_month_end_start_is_clipped_not_skipped():
    """Enrolled Jan 31: the next months start Feb 28, Mar 31, Apr 30 – one charge per calendar month."""
    invoices = basis([EnrolmentSpan("D-1", "Nacka", date(2023, 1, 31), date(2023, 4, 29))])
    assert [f"{i.month:%Y-%m}" for i in invoices] == ["2023-01", "2023-02", "2023-03"]
    invoices = basis([EnrolmentSpan("D-1", "Nacka", date(2023, 1, 31), date(2023, 4, 30))])
    assert [f"{i.month:%Y-%m}" for i in invoices] == ["2023-01", "2023-02", "2023-03", "2023-04"]


def test_residents_of_the_agreement_municipalities_are_not_charged():
    spans = [EnrolmentSpan("D-1", "Stockholm", date(2023, 1, 1), date(2023, 12, 31))]
    tests = [DrugTest("D-1", date(2023, 2, 3), D("850.00"))]
    assert basis(spans, tests) == []


def test_re_enrolment_continues_the_five_months():
    spans = [
        EnrolmentSpan("D-1", "Solna", date(2023, 1, 1), date(2023, 3, 31)),  # 3 months
        EnrolmentSpan("D-1", "Solna", date(2023, 9, 1), date(2023, 12, 31)),  # only 2 more
    ]
    invoices = basis(spans)
    assert [f"{i.month:%Y-%m}" for i in invoices] == ["2023-01", "2023-02", "2023-03", "2023-09", "2023-10"]
    assert [i.lines[0].enrolment_months for i in invoices] == [(1,), (2,), (3,), (4,), (5,)]
    assert total(invoices) == D(24500)


def test_drug_tests_are_billed_at_cost_in_their_month():
    spans = [EnrolmentSpan("D-1", "Huddinge", date(2023, 3, 1), date(2023, 4, 30))]
    tests = [
        DrugTest("D-1", date(2023, 3, 10), D("850.00")),
        DrugTest("D-1", date(2023, 3, 24), D("850.00")),
        DrugTest("D-1", date(2023, 2, 20), D("900.00")),  # before enrolment: goes with the span that follows
        DrugTest("D-9", date(2023, 3, 10), D("850.00")),  # nobody we know: not billed
    ]
    march = basis(spans, tests, month_from=date(2023, 3, 1), month_to=date(2023, 3, 31))
    assert len(march) == 1
    line = march[0].lines[0]
    assert (line.place_amount, line.drug_tests, line.drug_test_amount, line.total) == (D(4900), 2, D("1700.00"), D("6600.00"))
    february = basis(spans, tests, month_from=date(2023, 2, 1), month_to=date(2023, 2, 1))
    assert [(i.places_total, i.drug_tests_total) for i in february] == [(D(0), D("900.00"))]


def test_one_invoice_per_municipality_and_month_with_a_line_per_participant():
    spans = [
        EnrolmentSpan("D-2", "Huddinge", date(2023, 3, 1), None),
        EnrolmentSpan("D-1", "Huddinge", date(2023, 3, 5), None),
        EnrolmentSpan("D-3", "Nacka", date(2023, 3, 7), None),
    ]
    march = basis(spans, month_from=date(2023, 3, 1), month_to=date(2023, 3, 1))
    assert [(i.municipality, [line.reference for line in i.lines], i.total) for i in march] == [
        ("Huddinge", ["D-1", "D-2"], D(9800)),
        ("Nacka", ["D-3"], D(4900)),
    ]


def test_a_span_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        basis([EnrolmentSpan("D-1", "Nacka", date(2023, 3, 1), date(2023, 2, 1))])


# Seeds/004: "24 500:- (4 900:- per månad i fem månader)". Read per month started (Stockholm's
# reading in Krami) someone who leaves after six weeks costs two months; read as a fixed sum per
# place they cost the whole place. One row per case, the same enrolments under both models.
PER_PLACE = PlacePrice(monthly=D(4900), months=5, model=PriceModel.PER_PLACE)


@pytest.mark.parametrize(
    ("spans", "per_month", "per_place"),
    [
        pytest.param([(date(2023, 3, 1), date(2023, 4, 11))], D(9800), D(24500), id="leaves after six weeks"),
        pytest.param([(date(2023, 2, 1), date(2023, 12, 15))], D(24500), D(24500), id="stays the whole year"),
        pytest.param([(date(2023, 5, 31), date(2023, 5, 31))], D(4900), D(24500), id="one day"),
        pytest.param([(date(2023, 1, 1), date(2023, 3, 31)), (date(2023, 9, 1), date(2023, 12, 31))], D(24500), D(24500),
                     id="re-enrolled: no new place"),
        pytest.param([(date(2024, 7, 1), None)], D(0), D(0), id="starts after the day of the basis"),
    ],
)
def test_the_two_price_models(spans, per_month, per_place):
    enrolments = [EnrolmentSpan("D-1", "Huddinge", start, end) for start, end in spans]
    assert total(basis(enrolments)) == per_month
    fixed = invoice_basis(spans=enrolments, price=PER_PLACE, agreement_municipalities=OWN, as_of=date(2024, 6, 30))
    assert total(fixed) == per_place
    if per_place:
        [invoice] = fixed  # charged once, in the month of the first start
        assert (invoice.month, invoice.lines[0].fixed_place, invoice.lines[0].enrolment_months) == (
            date(spans[0][0].year, spans[0][0].month, 1), True, (),
        )


def test_a_fixed_place_is_charged_to_the_municipality_of_the_first_start_and_never_to_the_own():
    spans = [EnrolmentSpan("D-1", "Solna", date(2023, 1, 10), date(2023, 2, 1)),
             EnrolmentSpan("D-2", "Stockholm", date(2023, 1, 10), None)]
    tests = [DrugTest("D-1", date(2023, 1, 20), D("850.00"))]
    invoices = invoice_basis(spans=spans, drug_tests=tests, price=PER_PLACE, agreement_municipalities=OWN,
                             as_of=date(2023, 6, 30))
    assert [(i.municipality, i.places_total, i.drug_tests_total) for i in invoices] == [("Solna", D(24500), D("850.00"))]


@pytest.mark.parametrize(
    ("model", "text"),
    [
        (PriceModel.PER_MONTH, "per enrolment month started, up to 5 months (at most"),
        (PriceModel.PER_PLACE, "per place, a fixed sum ("),
    ],
)
def test_the_price_says_which_model(model, text):
    with translation.override("en"):
        assert text in PlacePrice(monthly=D(4900), months=5, model=model).description
