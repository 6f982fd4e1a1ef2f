"""Year to year: "copy to next year" makes a draft with the same content; the comparison shows what changed."""

from datetime import date
from decimal import Decimal as D

from django.urls import reverse

from agreements.models import Agreement, AgreementStatus
from agreements.services.agreement import agreement_terminate
from agreements.services.copy import agreement_copy
from tests.agreements.factories import add_cost, stockholm_like
from tests.agreements.helpers import submit


def test_copy_to_next_year_through_the_page(admin_client, stockholm):
    last = stockholm_like(unit=stockholm.unit, year=2025)
    party = last.parties.get(organisation=stockholm.kv)
    party.signed_on, party.signatory = date(2024, 12, 20), "Eva Strand"
    party.save()
    add_cost(last, month=date(2025, 3, 1), category="Driftskostnader", amount="100.00", paid_by_kind="kommun")

    r = admin_client.post(reverse("agreements:copy", kwargs={"pk": last.pk}), follow=True)
    new = Agreement.objects.get(unit=stockholm.unit, period_start=date(2026, 1, 1))
    assert r.redirect_chain[-1][0] == reverse("agreements:detail", kwargs={"pk": new.pk})
    assert "A draft for 2026 has been made from" in r.content.decode()
    assert (new.status, new.period_end, new.copied_from) == (AgreementStatus.DRAFT, date(2026, 12, 31), last)
    assert new.title == f"Lokal överenskommelse {stockholm.unit.name} 2026"
    # Same content …
    assert new.occupancy_target == 80 and new.place_price_total == D(24500)
    assert sorted(new.staffing.values_list("organisation__kind", "fte")) == sorted(last.staffing.values_list("organisation__kind", "fte"))
    shares = {(s.category.name, s.organisation_id, s.percent) for c in new.cost_categories.all() for s in c.shares.all()}
    assert shares == {(s.category.name, s.organisation_id, s.percent) for c in last.cost_categories.all() for s in c.shares.all()}
    role = new.shared_roles.get()
    assert role.cost_category.agreement == new and role.cost_category.name == "Administratör"
    # … but not what belongs to last year: signatures and actual costs.
    assert not new.parties.exclude(signatory="").exists()
    assert not new.costs.exists()


def test_copying_twice_is_refused_with_a_message(admin_client, stockholm):
    last = stockholm_like(unit=stockholm.unit, year=2025)
    agreement_copy(agreement=last, by=None)
    r = admin_client.post(reverse("agreements:copy", kwargs={"pk": last.pk}), follow=True)
    assert "The unit already has an agreement starting on 2026-01-01." in r.content.decode()
    assert Agreement.objects.filter(unit=stockholm.unit).count() == 2


def test_the_copy_is_not_terminated_even_if_last_year_was(stockholm):
    last = stockholm_like(unit=stockholm.unit, year=2025)
    agreement_terminate(agreement=last, notice_given_on=date(2025, 5, 2), party=stockholm.kv, reason="Budget", by=None)
    new = agreement_copy(agreement=last, by=None)
    assert (new.status, new.terminated_on, new.terminated_by_party, new.termination_reason) == (AgreementStatus.DRAFT, None, None, "")


def test_compare_shows_what_changed(admin_client, stockholm):
    last = stockholm_like(unit=stockholm.unit, year=2025)
    new = agreement_copy(agreement=last, by=None)
    url = reverse("agreements:section_edit", kwargs={"pk": new.pk, "section": "targets"})
    assert submit(admin_client, url, {"occupancy_target": "90"}).status_code == 302

    html = admin_client.get(reverse("agreements:compare", kwargs={"pk": new.pk}) + "?andrade=1").content.decode()
    assert (
        '<th scope="row">Occupancy key figure</th><td class="prewrap">80 participants</td><td class="prewrap">90 participants</td>' in html
    )
    assert "Changed" in html
    # Unchanged rows are left out when only changes are asked for.
    assert "Team in total" not in html
    full = admin_client.get(reverse("agreements:compare", kwargs={"pk": new.pk})).content.decode()
    assert "Team in total" in full


def test_compare_only_within_the_unit(admin_client, stockholm):
    mine = stockholm_like(unit=stockholm.unit, year=2025)
    theirs = stockholm_like(unit=stockholm.users["other_admin"].memberships.get().unit, year=2025)
    r = admin_client.get(reverse("agreements:compare", kwargs={"pk": mine.pk}) + f"?other={theirs.pk}")
    assert r.status_code == 200
    assert theirs.title not in r.content.decode()
