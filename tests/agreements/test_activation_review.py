"""Activating shows what changes (issue 21, finding 3): a "check your answers" page with each
party's signature, the differences from the agreement in force, and what intake and the reports
will use; an agreement that not every party has signed is activated only with a tick that says so."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementStatus, CostShare
from agreements.services.copy import agreement_copy
from tests.agreements.factories import stockholm_like
from tests.agreements.helpers import error_next_to, submit


def _next_year_draft(stockholm):
    """This year's agreement in force, and next year's copy with a new target and a new split of operating costs."""
    year = timezone.localdate().year
    in_force = stockholm_like(unit=stockholm.unit, year=year, occupancy_target=80)
    draft = agreement_copy(agreement=in_force, by=stockholm.users["admin"])
    draft.occupancy_target = 95
    draft.save()
    operating = draft.cost_categories.get(name="Driftskostnader")
    CostShare.objects.filter(category=operating, organisation=stockholm.kv).update(percent=Decimal(40))
    CostShare.objects.filter(category=operating, organisation=stockholm.kommun).update(percent=Decimal(60))
    parties = list(draft.parties.order_by("pk"))
    for party in parties[:2]:
        party.signed_on, party.signed_place, party.signatory = date(year, 12, 1), "Stockholm", f"Undertecknare {party.pk}"
        party.save()
    return in_force, draft, parties[2]


def test_the_page_shows_signatures_differences_and_what_will_be_used(admin_client, stockholm):
    in_force, draft, unsigned = _next_year_draft(stockholm)
    html = admin_client.get(reverse("agreements:activate", kwargs={"pk": draft.pk})).content.decode()
    assert "1 party has not signed." in html
    assert html.count('badge--ok">Signed') == 2 and html.count('badge--bad">Not signed') == 1
    row = html.split(f"<th scope=\"row\">{unsigned.display_name}</th>", 1)[1].split("</tr>", 1)[0]
    assert "Not signed" in row
    assert f"What differs from the agreement in force ({in_force.title})" in html
    assert (
        '<th scope="row">Occupancy key figure</th><td class="prewrap">80 participants</td>'
        '<td class="prewrap">95 participants</td>'
    ) in html
    assert "Kriminalvården, Frivården Stockholm Stad 40 %; Stockholms stad, Arbetsmarknadsförvaltningen 60 %" in html
    assert "Administratör" not in html.split("changes-heading", 1)[1].split("uses-heading", 1)[0]  # unchanged rows are left out
    assert f"What intake and the reports use from {draft.period_start:%Y-%m-%d} to {draft.period_end:%Y-%m-%d}" in html
    assert "Order of priority" in html and "Outcome target" in html


def test_an_unsigned_agreement_is_activated_only_with_the_tick(admin_client, stockholm):
    _in_force, draft, _unsigned = _next_year_draft(stockholm)
    url = reverse("agreements:activate", kwargs={"pk": draft.pk})
    r = submit(admin_client, url)
    assert r.status_code == 200
    assert error_next_to(
        r.content.decode(), "id_confirm_unsigned",
        "Not every party has signed: tick the box to activate anyway, or record the signatures first.",
    )
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.DRAFT
    assert submit(admin_client, url, {"confirm_unsigned": "on"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.ACTIVE


def test_a_signed_agreement_needs_no_tick(admin_client, stockholm):
    _in_force, draft, unsigned = _next_year_draft(stockholm)
    unsigned.signed_on, unsigned.signed_place, unsigned.signatory = date(draft.period_start.year - 1, 12, 2), "Stockholm", "Sista"
    unsigned.save()
    url = reverse("agreements:activate", kwargs={"pk": draft.pk})
    html = admin_client.get(url).content.decode()
    assert "Every party has signed." in html and "confirm_unsigned" not in html
    assert submit(admin_client, url).status_code == 302


def test_without_an_agreement_in_force_the_previous_one_is_compared(admin_client, stockholm):
    year = timezone.localdate().year
    old = stockholm_like(unit=stockholm.unit, year=year - 2, status=AgreementStatus.ENDED)
    draft = stockholm_like(unit=stockholm.unit, year=year + 1, status=AgreementStatus.DRAFT)
    html = admin_client.get(reverse("agreements:activate", kwargs={"pk": draft.pk})).content.decode()
    assert f"What differs from the previous agreement ({old.title})" in html
