"""Who sees what, beyond the matrix: what each role is shown, and that a denied write changes nothing."""

import re

from django.urls import reverse
from django.utils import timezone

from krami.models import Membership
from krami.services import membership_revoke
from tests.agreements.factories import stockholm_like


def test_steering_group_reads_but_cannot_edit(client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=timezone.localdate().year)
    client.force_login(stockholm.users["styrgrupp"])
    html = client.get(reverse("agreements:detail", kwargs={"pk": agreement.pk})).content.decode()
    assert "24\xa0500,00\xa0kr" in html
    assert "/avsnitt/" not in html and "Copy to next year" not in html and "Activate" not in html
    assert "Enter a cost" not in client.get(reverse("agreements:costs", kwargs={"pk": agreement.pk})).content.decode()
    url = reverse("agreements:section_edit", kwargs={"pk": agreement.pk, "section": "targets"})
    assert client.post(url, {"occupancy_target": "1"}).status_code == 404
    agreement.refresh_from_db()
    assert agreement.occupancy_target == 80


def test_case_worker_reads_the_rules_only(client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=timezone.localdate().year)
    client.force_login(stockholm.users["vagledare"])
    html = client.get(reverse("agreements:rules", kwargs={"unit_id": stockholm.unit.pk})).content.decode()
    assert "80 participants" in html
    assert "1. Prison client with a release-phase measure" in html
    assert "Women first between two equal applicants" in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    # No money: costs are not theirs to see. Whole words only, so a random CSRF token cannot match.
    assert re.search(r"\bkr\b", main) is None
    listing = client.get(reverse("agreements:list")).content.decode()
    assert reverse("agreements:rules", kwargs={"unit_id": stockholm.unit.pk}) in listing
    assert agreement.title not in listing
    for name in ("detail", "costs", "settlement", "pdf", "history"):
        assert client.get(reverse(f"agreements:{name}", kwargs={"pk": agreement.pk})).status_code == 404, name


def test_rules_page_without_an_agreement_states_the_national_rules(client, stockholm):
    client.force_login(stockholm.users["vagledare"])
    html = client.get(reverse("agreements:rules", kwargs={"unit_id": stockholm.unit.pk})).content.decode()
    assert "The unit has no agreement in force today. Intake uses the national rules" in html


def test_another_units_admin_sees_nothing(client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    client.force_login(stockholm.users["other_admin"])
    assert client.get(reverse("agreements:detail", kwargs={"pk": agreement.pk})).status_code == 404
    assert client.get(reverse("agreements:rules", kwargs={"unit_id": stockholm.unit.pk})).status_code == 404
    assert client.post(reverse("agreements:copy", kwargs={"pk": agreement.pk})).status_code == 404
    assert agreement.title not in client.get(reverse("agreements:list")).content.decode()
    assert agreement.unit.agreements.count() == 1


def test_revoked_admin_loses_access_on_the_next_request(client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    admin = stockholm.users["admin"]
    client.force_login(admin)
    url = reverse("agreements:section_edit", kwargs={"pk": agreement.pk, "section": "targets"})
    assert client.get(url).status_code == 200
    membership_revoke(membership=Membership.objects.get(user=admin, unit=stockholm.unit), by=None)
    assert client.get(url).status_code == 404
