"""The Stockholm 2023 agreement (seeds/004, DOMAIN.md), entered through the forms as an admin would.

It must reproduce the document's figures: 24 500 kr per purchased place, 6 FTE, the
administrator's cost split 50/50 between KV and the kommun, operating costs split equally
between KV and the kommun.
"""

from datetime import date
from decimal import Decimal as D

from django.urls import reverse

from agreements.models import Agreement, AgreementStatus, CostCategory, SplitMethod
from agreements.pricing import EnrolmentSpan, invoice_basis
from agreements.selectors import place_price_for, rules_for_unit, targets_for_unit
from krami.templatetags.krami_tags import money
from tests.agreements.helpers import submit


def section(agreement, name):
    return reverse("agreements:section_edit", kwargs={"pk": agreement.pk, "section": name})


def enter_stockholm_2023(client, s) -> Agreement:
    """Every section of the 2023 document, typed into the forms."""
    r = submit(client, reverse("agreements:create", kwargs={"unit_id": s.unit.pk}), {
        "title": "Lokal överenskommelse för Krami i Stockholm för år 2023",
        "period_start": "2023-01-01", "period_end": "2023-12-31",
    })
    assert r.status_code == 302, r.content.decode()[:2000]
    agreement = Agreement.objects.get(unit=s.unit)

    # Parties are pre-filled from the unit in the document's order: AF, KV, kommun.
    r = submit(client, section(agreement, "parties"), {
        "parties-0-name_in_agreement": "VO lokalarbetsmarknad Stockholm-Globen",
        "parties-1-name_in_agreement": "Kriminalvården",
        "parties-1-division": "Frivården Stockholm Stad",
        "parties-1-site": "Frivården Stockholm Stad",
        "parties-2-name_in_agreement": "Stockholms Stad",
    })
    assert r.status_code == 302

    url = reverse("agreements:category_create", kwargs={"pk": agreement.pk})
    for name, method, shares, budget in [
        ("Egen personal", "own", {}, ""),
        ("Administratör", "shared", {s.kv: 50, s.kommun: 50}, "330000"),
        ("Driftskostnader", "shared", {s.kv: 50, s.kommun: 50}, "840000"),
        ("Arbetsmarknadspolitiska insatser (AF)", "outside", {}, ""),
    ]:
        changes = {"name": name, "split_method": method, "budget": budget}
        changes.update({f"share_{org.pk}": pct for org, pct in shares.items()})
        assert submit(client, url, changes).status_code == 302
    admin_category = CostCategory.objects.get(agreement=agreement, name="Administratör")

    r = submit(client, section(agreement, "staffing"), {
        "staffing-0-organisation": s.af.pk, "staffing-0-fte": "2", "staffing-0-role_description": "vägledare",
        "staffing-1-organisation": s.kv.pk, "staffing-1-fte": "2", "staffing-1-role_description": "vägledare",
        "staffing-2-organisation": s.kommun.pk, "staffing-2-fte": "2", "staffing-2-role_description": "vägledare",
        "roles-0-title": "Administratör", "roles-0-fte": "0.5", "roles-0-employer": s.kommun.pk,
        "roles-0-cost_category": admin_category.pk,
    })
    assert r.status_code == 302, r.content.decode()[:3000]

    assert submit(client, section(agreement, "targets"), {
        "occupancy_target": "80", "outcome_target_percent": "60", "outcome_denominator": "completed_programme",
    }).status_code == 302
    assert submit(client, section(agreement, "pricing"), {
        "place_monthly_price": "4900", "place_months": "5", "drug_tests_billed_at_cost": "on",
    }).status_code == 302
    assert submit(client, section(agreement, "governance"), {
        "steering_group_meetings_per_year": "4", "guideline_follow_ups_per_year": "1",
    }).status_code == 302
    assert submit(client, section(agreement, "termination"), {
        "notice_months": "6",
        "wind_down_category": CostCategory.objects.get(agreement=agreement, name="Driftskostnader").pk,
        "wind_down_text": "Kriminalvården och Stockholms Stad delar lika på kvarstående driftskostnader.",
    }).status_code == 302
    assert submit(client, section(agreement, "signatures"), {
        "signatures-0-signed_on": "2023-01-10", "signatures-0-signed_place": "Stockholm", "signatures-0-signatory": "Henrik Norén",
        "signatures-1-signed_on": "2022-12-21", "signatures-1-signed_place": "Stockholm", "signatures-1-signatory": "Eva Strand",
        "signatures-2-signed_on": "2023-03-08", "signatures-2-signed_place": "Stockholm", "signatures-2-signatory": "Karin Vik",
    }).status_code == 302
    r = submit(client, reverse("agreements:activate", kwargs={"pk": agreement.pk}))
    assert r.status_code == 302, r.content.decode()[:3000]
    agreement.refresh_from_db()
    return agreement


def test_stockholm_2023_through_the_forms_reproduces_the_document(admin_client, stockholm):
    s = stockholm
    agreement = enter_stockholm_2023(admin_client, s)
    assert agreement.status == AgreementStatus.ACTIVE
    page = admin_client.get(reverse("agreements:detail", kwargs={"pk": agreement.pk})).content.decode()

    # 24 500 kr per purchased place = 4 900 kr a month for five months.
    assert f"{money(D(24500))} ({money(D(4900))} a month for 5 months)" in page
    price = place_price_for(agreement)
    assert price.per_participant == D(24500)
    huddinge = [EnrolmentSpan("D-000042", "Huddinge", date(2023, 2, 1), date(2023, 9, 30))]
    invoices = invoice_basis(spans=huddinge, price=price, agreement_municipalities={"Stockholm"}, as_of=date(2023, 12, 31))
    assert sum(i.total for i in invoices) == D(24500)

    # 6 FTE: 2 + 2 + 2, and the administrator at 50 % beside them.
    assert sum(line.fte for line in agreement.staffing.all()) == D(6)
    assert "<dt>Team in total</dt><dd class=\"prewrap\">6 FTE</dd>" in page
    assert "0,5 FTE, employed by Stockholms stad, Arbetsmarknadsförvaltningen" in page

    # The administrator and the operating costs: 50/50 between KV and the kommun; AF outside.
    for name in ("Administratör", "Driftskostnader"):
        category = agreement.cost_categories.get(name=name)
        assert category.split_method == SplitMethod.SHARED
        assert {sh.organisation: sh.percent for sh in category.shares.all()} == {s.kv: D(50), s.kommun: D(50)}
    assert "Shared: Kriminalvården, Frivården Stockholm Stad 50 %; Stockholms stad, Arbetsmarknadsförvaltningen 50 %" in page

    # The same figures drive the settlement: costs entered month by month through the cost form.
    for month, category, amount, payer in [
        ("2023-03", "Administratör", "26840.00", s.kommun),
        ("2023-03", "Driftskostnader", "41250.00", s.kommun),
        ("2023-03", "Driftskostnader", "3129.50", s.kv),
        ("2023-03", "Arbetsmarknadspolitiska insatser (AF)", "18000.00", s.af),
    ]:
        r = submit(admin_client, reverse("agreements:cost_create", kwargs={"pk": agreement.pk}), {
            "month": month, "category": agreement.cost_categories.get(name=category).pk, "amount": amount,
            "paid_by": payer.pk, "note": "faktura",
        })
        assert r.status_code == 302, r.content.decode()[:2000]
    page = admin_client.get(reverse("agreements:settlement", kwargs={"pk": agreement.pk}) + "?period=2023-03").content.decode()
    # Shares: KV and the kommun 35 609,75 kr each of 71 219,50 kr; KV paid 3 129,50.
    assert f"Kriminalvården, Frivården Stockholm Stad owes Stockholms stad, Arbetsmarknadsförvaltningen {money(D('32480.25'))}" in page
    assert f"Recorded outside the split: {money(D(18000))}." in page

    # Rules and targets now in force for intake and reporting.
    rules = rules_for_unit(unit=s.unit, on=date(2023, 6, 1))
    assert (rules.agreement_id, rules.occupancy_target, rules.priority.women_first) == (agreement.pk, 80, True)
    targets = targets_for_unit(unit=s.unit, on=date(2023, 6, 1))
    assert (targets.outcome_target_percent, targets.outcome_denominator) == (D(60), "completed_programme")
