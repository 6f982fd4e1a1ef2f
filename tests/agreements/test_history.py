"""Every change is kept: who, when, before and after, visible on the agreement's history page."""

from datetime import date

from django.urls import reverse

from tests.agreements.factories import add_cost, stockholm_like
from tests.agreements.helpers import submit


def test_a_section_edit_shows_who_and_before_after(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    url = reverse("agreements:section_edit", kwargs={"pk": agreement.pk, "section": "targets"})
    submit(admin_client, url, {"occupancy_target": "85"})
    latest = agreement.history.first()
    assert (latest.history_user, latest.occupancy_target, latest.prev_record.occupancy_target) == (stockholm.users["admin"], 85, 80)

    client = admin_client
    client.force_login(stockholm.users["styrgrupp"])  # the steering group sees the history too
    html = client.get(reverse("agreements:history", kwargs={"pk": agreement.pk})).content.decode()
    admin_name = stockholm.users["admin"].get_full_name()
    row = html[html.index("Occupancy key figure") - 600: html.index("Occupancy key figure") + 200]
    assert admin_name in row
    assert "<del>80</del> → <ins>85</ins>" in row


def test_shares_staffing_and_costs_are_in_the_history(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    category = agreement.cost_categories.get(name="Driftskostnader")
    submit(admin_client, reverse("agreements:category_edit", kwargs={"pk": agreement.pk, "category_id": category.pk}), {
        f"share_{stockholm.kv.pk}": "40", f"share_{stockholm.kommun.pk}": "60",
    })
    submit(admin_client, reverse("agreements:section_edit", kwargs={"pk": agreement.pk, "section": "staffing"}), {
        "staffing-0-fte": "1.5",
    })
    cost = add_cost(agreement, month=date(2026, 2, 1), category="Driftskostnader", amount="500", paid_by_kind="kv")
    admin_client.post(reverse("agreements:cost_delete", kwargs={"pk": agreement.pk, "cost_id": cost.pk}))

    html = admin_client.get(reverse("agreements:history", kwargs={"pk": agreement.pk})).content.decode()
    assert "Driftskostnader – Kriminalvården, Frivården Stockholm Stad</strong> changed" in html
    assert "<del>50</del> → <ins>40</ins>" in html
    assert "<del>2</del> → <ins>1,5</ins>" in html
    assert "2026-02 Driftskostnader 500,00\xa0kr</strong> deleted" in html
