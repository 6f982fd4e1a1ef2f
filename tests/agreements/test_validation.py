"""Invalid input gives a clear message next to the field, keeps what was typed, and saves nothing.

Cases from the issue: overlapping active periods, shares not summing to 100 %, end before
start, negative amounts.
"""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from agreements.models import ActualCost, Agreement, AgreementStatus, CostCategory, CostShare, StaffingLine
from tests.agreements.factories import stockholm_like
from tests.agreements.helpers import error_next_to, submit

OVERLAP = "which is in force. A unit can have only one agreement in force on any day."


def history_rows() -> int:
    return sum(m.history.count() for m in (Agreement, CostCategory, CostShare, StaffingLine, ActualCost))


def test_end_before_start(admin_client, stockholm):
    r = submit(admin_client, reverse("agreements:create", kwargs={"unit_id": stockholm.unit.pk}), {
        "title": "Fel period", "period_start": "2027-12-31", "period_end": "2027-01-01",
    })
    html = r.content.decode()
    assert r.status_code == 200
    assert error_next_to(html, "id_period_end", "The period ends before it starts.")
    assert 'value="Fel period"' in html  # the input is kept
    assert not Agreement.objects.exists()


def test_activating_a_draft_that_overlaps_the_active_agreement(admin_client, stockholm):
    stockholm_like(unit=stockholm.unit, year=2026)
    draft = stockholm_like(unit=stockholm.unit, year=2027, status=AgreementStatus.DRAFT)
    before = history_rows()
    r = submit(admin_client, reverse("agreements:activate", kwargs={"pk": draft.pk}), {"period_start": "2026-07-01"})
    html = r.content.decode()
    assert r.status_code == 200
    assert error_next_to(html, "id_period_start", OVERLAP)
    assert 'value="2026-07-01"' in html
    draft.refresh_from_db()
    assert (draft.status, draft.period_start) == (AgreementStatus.DRAFT, date(2027, 1, 1))
    assert history_rows() == before


def test_moving_an_active_agreement_onto_another(admin_client, stockholm):
    stockholm_like(unit=stockholm.unit, year=2025)
    later = stockholm_like(unit=stockholm.unit, year=2026)
    url = reverse("agreements:section_edit", kwargs={"pk": later.pk, "section": "period"})
    r = submit(admin_client, url, {"period_start": "2025-12-01"})
    assert error_next_to(r.content.decode(), "id_period_start", OVERLAP)
    later.refresh_from_db()
    assert later.period_start == date(2026, 1, 1)


def test_a_draft_may_overlap_until_it_is_activated(admin_client, stockholm):
    stockholm_like(unit=stockholm.unit, year=2026)
    draft = stockholm_like(unit=stockholm.unit, year=2027, status=AgreementStatus.DRAFT)
    url = reverse("agreements:section_edit", kwargs={"pk": draft.pk, "section": "period"})
    assert submit(admin_client, url, {"period_start": "2026-12-01"}).status_code == 302


def test_shares_not_adding_up_to_100(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    before = (CostCategory.objects.count(), CostShare.objects.count(), history_rows())
    url = reverse("agreements:category_create", kwargs={"pk": agreement.pk})
    r = submit(admin_client, url, {
        "name": "Lokaler", "split_method": "shared",
        f"share_{stockholm.kv.pk}": "50", f"share_{stockholm.kommun.pk}": "40",
    })
    html = r.content.decode()
    first_share = f"id_share_{stockholm.af.pk}"  # the first party's share field carries the message
    assert error_next_to(html, first_share, "The shares add up to 90 %; they must add up to exactly 100 %.")
    assert 'value="Lokaler"' in html and 'value="40"' in html
    assert (CostCategory.objects.count(), CostShare.objects.count(), history_rows()) == before


def test_changing_shares_of_an_existing_category_to_not_100_changes_nothing(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    category = agreement.cost_categories.get(name="Driftskostnader")
    url = reverse("agreements:category_edit", kwargs={"pk": agreement.pk, "category_id": category.pk})
    r = submit(admin_client, url, {f"share_{stockholm.kv.pk}": "60", "budget": "1"})
    assert r.status_code == 200
    category.refresh_from_db()
    assert category.budget == D(100000)
    assert sorted(category.shares.values_list("percent", flat=True)) == [D(50), D(50)]


@pytest.mark.parametrize(
    ("url_name", "field", "changes", "message"),
    [
        ("agreements:cost_create", "id_amount", {"month": "2026-02", "amount": "-5.00"}, "The amount cannot be negative."),
        ("agreements:category_create", "id_budget", {"name": "Resor", "split_method": "own", "budget": "-1"}, "Cannot be negative."),
    ],
)
def test_negative_amounts(admin_client, stockholm, url_name, field, changes, message):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    before = (ActualCost.objects.count(), CostCategory.objects.count(), history_rows())
    r = submit(admin_client, reverse(url_name, kwargs={"pk": agreement.pk}), changes)
    assert r.status_code == 200
    assert error_next_to(r.content.decode(), field, message)
    assert (ActualCost.objects.count(), CostCategory.objects.count(), history_rows()) == before


def test_negative_price_for_a_purchased_place(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    url = reverse("agreements:section_edit", kwargs={"pk": agreement.pk, "section": "pricing"})
    r = submit(admin_client, url, {"place_monthly_price": "-4900"})
    assert error_next_to(r.content.decode(), "id_place_monthly_price", "Cannot be negative.")
    agreement.refresh_from_db()
    assert agreement.place_monthly_price == D(4900)


def test_a_bad_line_keeps_the_whole_section_unsaved(admin_client, stockholm):
    """Staffing with a negative FTE on one line and a good change on another: neither is saved."""
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    url = reverse("agreements:section_edit", kwargs={"pk": agreement.pk, "section": "staffing"})
    before = history_rows()
    r = submit(admin_client, url, {"staffing-0-fte": "3", "staffing-1-fte": "-1", "roles-0-fte": "0.75"})
    html = r.content.decode()
    assert error_next_to(html, "id_staffing-1-fte", "Cannot be negative.")
    assert "Please correct the lines marked below" in html
    assert sorted(agreement.staffing.values_list("fte", flat=True)) == [D(2), D(2), D(2)]
    assert agreement.shared_roles.get().fte == D("0.5")
    assert history_rows() == before


def test_a_cost_outside_the_agreement_period(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    r = submit(admin_client, reverse("agreements:cost_create", kwargs={"pk": agreement.pk}), {
        "month": "2027-01", "amount": "100",
    })
    assert error_next_to(r.content.decode(), "id_month", "Choose a month from 2026-01 to 2026-12 (the agreement's period).")
    assert not ActualCost.objects.exists()


def test_the_same_category_twice_in_one_priority_order(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    url = reverse("agreements:section_edit", kwargs={"pk": agreement.pk, "section": "priority"})
    r = submit(admin_client, url, {"position_2": "prison_release"})
    assert error_next_to(r.content.decode(), "id_position_2", "This category is already priority 1; each category appears once.")
    agreement.refresh_from_db()
    assert agreement.priority_order == ["prison_release", "supervision", "young", "other"]


def test_activation_needs_the_three_parties(admin_client, stockholm):
    draft = stockholm_like(unit=stockholm.unit, year=2027, status=AgreementStatus.DRAFT)
    draft.parties.filter(organisation=stockholm.kv).delete()
    r = submit(admin_client, reverse("agreements:activate", kwargs={"pk": draft.pk}))
    assert r.status_code == 200
    assert "The parties must include Kriminalvården." in r.content.decode()
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.DRAFT


@pytest.mark.parametrize("start, end", [("1899-01-01", "1899-12-31"), ("2027-01-01", "9999-12-31")])
def test_an_agreement_period_outside_1900_to_2100_is_refused(admin_client, stockholm, start, end):
    r = submit(admin_client, reverse("agreements:create", kwargs={"unit_id": stockholm.unit.pk}), {
        "title": "Skrivfel", "period_start": start, "period_end": end,
    })
    html = r.content.decode()
    assert r.status_code == 200
    field = "id_period_start" if start < "1900" else "id_period_end"
    assert error_next_to(html, field, "Enter a date between 1900-01-01 and 2100-12-31.")
    assert not Agreement.objects.exists()
