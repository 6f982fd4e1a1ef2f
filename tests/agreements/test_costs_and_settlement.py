"""Costs month by month, budget against actual, and the settlement a steering group is handed."""

from datetime import date
from decimal import Decimal as D

from django.urls import reverse

from agreements.models import ActualCost
from agreements.services.agreement import agreement_terminate
from krami.templatetags.krami_tags import money
from tests.agreements.factories import add_cost, stockholm_like
from tests.agreements.helpers import submit


def quarter_costs(agreement):
    """Q3: the kommun pays rent and the administrator, KV supervision and phones, AF its measures."""
    for m in (7, 8, 9):
        month = date(2026, m, 1)
        add_cost(agreement, month=month, category="Driftskostnader", amount="41250.00", paid_by_kind="kommun")
        add_cost(agreement, month=month, category="Driftskostnader", amount="3129.50", paid_by_kind="kv")
        add_cost(agreement, month=month, category="Administratör", amount="26840.00", paid_by_kind="kommun")
        add_cost(agreement, month=month, category="AF:s insatser", amount="18000.00", paid_by_kind="af")
    add_cost(agreement, month=date(2026, 10, 1), category="Driftskostnader", amount="999.99", paid_by_kind="kv")


def test_settlement_for_a_quarter(client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    quarter_costs(agreement)
    client.force_login(stockholm.users["styrgrupp"])  # the steering group reads the settlement
    html = client.get(reverse("agreements:settlement", kwargs={"pk": agreement.pk}) + "?period=2026-Q3").content.decode()
    # Within the split: 3 × (41 250 + 3 129,50 + 26 840) = 213 658,50; each of KV and the kommun bears half.
    assert "Settlement: 2026 quarter 3" in html
    assert f"Kriminalvården, Frivården Stockholm Stad owes Stockholms stad, Arbetsmarknadsförvaltningen {money(D('97440.75'))}" in html
    assert html.count(money(D("106829.25"))) == 2  # KV's and the kommun's shares
    assert money(D("213658.50")) in html
    assert f"Recorded outside the split: {money(D(54000))}." in html
    assert "999,99" not in html  # October is not in Q3


def test_settlement_for_a_month_without_costs(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    html = admin_client.get(reverse("agreements:settlement", kwargs={"pk": agreement.pk}) + "?period=2026-02").content.decode()
    assert "Nobody owes anybody" in html


def test_costs_page_shows_budget_against_actual(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    quarter_costs(agreement)
    html = admin_client.get(reverse("agreements:costs", kwargs={"pk": agreement.pk})).content.decode()
    # Driftskostnader: budget 100 000, actual 3 × 44 379,50 + 999,99 = 134 138,49, left −34 138,49.
    assert money(D("134138.49")) in html and money(D("-34138.49")) in html


def test_enter_edit_and_delete_a_cost(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    category = agreement.cost_categories.get(name="Driftskostnader")
    r = submit(admin_client, reverse("agreements:cost_create", kwargs={"pk": agreement.pk}), {
        "month": "2026-04", "category": category.pk, "amount": "12340.50", "paid_by": stockholm.kommun.pk,
        "note": "Faktura 4711",
    })
    assert r.status_code == 302
    cost = ActualCost.objects.get()
    assert (cost.month, cost.amount, cost.paid_by, cost.created_by) == (
        date(2026, 4, 1),
        D("12340.50"),
        stockholm.kommun,
        stockholm.users["admin"],
    )
    submit(admin_client, reverse("agreements:cost_edit", kwargs={"pk": agreement.pk, "cost_id": cost.pk}), {"amount": "12000"})
    cost.refresh_from_db()
    assert cost.amount == D(12000)
    admin_client.post(reverse("agreements:cost_delete", kwargs={"pk": agreement.pk, "cost_id": cost.pk}))
    assert not ActualCost.objects.exists()
    assert ActualCost.history.filter(id=cost.pk).count() == 3  # created, changed, deleted


def test_a_draft_takes_no_costs(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026, status="draft")
    r = admin_client.get(reverse("agreements:cost_create", kwargs={"pk": agreement.pk}), follow=True)
    assert "Costs are entered once the agreement is active." in r.content.decode()


def test_a_category_with_costs_cannot_be_deleted(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    add_cost(agreement, month=date(2026, 1, 1), category="Driftskostnader", amount="1", paid_by_kind="kv")
    category = agreement.cost_categories.get(name="Driftskostnader")
    r = admin_client.post(reverse("agreements:category_delete", kwargs={"pk": agreement.pk, "category_id": category.pk}), follow=True)
    assert "The category has costs entered; move or delete them first." in r.content.decode()
    assert agreement.cost_categories.filter(pk=category.pk).exists()


def test_costs_in_the_wind_down_after_notice(admin_client, stockholm):
    """After notice, remaining costs of the wind-down months can still be entered and settled."""

    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    agreement.wind_down_months = 2
    agreement.save()
    agreement_terminate(agreement=agreement, notice_given_on=date(2026, 6, 1), party=stockholm.kv, reason="", by=None)
    url = reverse("agreements:cost_create", kwargs={"pk": agreement.pk})
    category = agreement.cost_categories.get(name="Driftskostnader")
    r = submit(admin_client, url, {"month": "2027-02", "category": category.pk, "amount": "1000", "paid_by": stockholm.kommun.pk})
    assert r.status_code == 302
    r = submit(admin_client, url, {"month": "2027-03", "category": category.pk, "amount": "1000", "paid_by": stockholm.kommun.pk})
    assert r.status_code == 200  # beyond the two wind-down months
    html = admin_client.get(reverse("agreements:settlement", kwargs={"pk": agreement.pk}) + "?period=2027-02").content.decode()
    assert f"Kriminalvården, Frivården Stockholm Stad owes Stockholms stad, Arbetsmarknadsförvaltningen {money(D(500))}" in html
