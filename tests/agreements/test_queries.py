"""List pages: the number of queries does not grow with the number of rows (1 row against 6)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import AgeLimit, CostCategory, CostShare, EligibleMunicipality, StaffingLine
from agreements.rules import AgeLimit as AgeLimitValue
from agreements.selectors import rules_for_unit
from agreements.services.agreement import save_tracked
from agreements.services.copy import agreement_copy
from krami.models import Municipality, OrganisationKind
from tests.agreements.factories import add_cost, stockholm_like
from tests.krami.factories import UnitFactory, party


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def agreement_with_rows(unit, n):
    """n extra cost categories (each split 50/50, with a cost), n extra staffing lines, 2n more costs."""
    agreement = stockholm_like(unit=unit, year=2026)
    kv, kommun = party(unit, OrganisationKind.KV), party(unit, OrganisationKind.KOMMUN)
    for i in range(n):
        category = CostCategory(agreement=agreement, name=f"Extra {i}", order=10 + i, budget=Decimal(1000))
        save_tracked(category, None)
        save_tracked(CostShare(category=category, organisation=kv, percent=Decimal(50)), None)
        save_tracked(CostShare(category=category, organisation=kommun, percent=Decimal(50)), None)
        save_tracked(StaffingLine(agreement=agreement, organisation=kv, fte=Decimal("0.25")), None)
        add_cost(agreement, month=date(2026, 1 + i, 1), category=f"Extra {i}", amount=10 + i, paid_by_kind="kv")
        add_cost(agreement, month=date(2026, 1 + i, 1), category="Driftskostnader", amount=100 + i, paid_by_kind="kv")
        add_cost(agreement, month=date(2026, 1 + i, 1), category="Administratör", amount=50 + i, paid_by_kind="kommun")
    return agreement


@pytest.mark.parametrize("name", ["detail", "costs", "settlement", "settlement_pdf", "history", "compare", "pdf"])
def test_agreement_pages(client, stockholm, name):
    """The Stockholm admin reads an agreement with 1 extra row; the other unit's admin one with 6."""
    one = agreement_with_rows(stockholm.unit, 1)
    other_admin = stockholm.users["other_admin"]
    many = agreement_with_rows(other_admin.memberships.get().unit, 6)
    client.force_login(other_admin)
    many_count = count(client, reverse(f"agreements:{name}", kwargs={"pk": many.pk}))
    client.force_login(stockholm.users["admin"])
    assert count(client, reverse(f"agreements:{name}", kwargs={"pk": one.pk})) == many_count


def test_agreement_list(admin_client, stockholm):
    stockholm_like(unit=stockholm.unit, year=2020)
    url = reverse("agreements:list")
    one = count(admin_client, url)
    agreement = stockholm_like(unit=stockholm.unit, year=2021)
    for _ in range(4):
        agreement = agreement_copy(agreement=agreement, by=None)
    assert count(admin_client, url) == one


def test_the_rules_in_force_are_one_statement_with_their_age_limits_and_municipalities(db):
    """rules_for_unit reads the agreement with its age limits and municipalities as text lists
    (issue 19): the same rules as from the agreement's relations, in one statement."""
    unit = UnitFactory()
    agreement = stockholm_like(unit=unit, year=2026)
    save_tracked(AgeLimit(agreement=agreement, gender="woman", min_age=18), None)
    save_tracked(AgeLimit(agreement=agreement, gender="man", min_age=18, max_age=40), None)
    save_tracked(AgeLimit(agreement=agreement, gender="", min_age=16, max_age=65), None)
    municipalities = [Municipality.objects.create(name=f"Regelkommun {i}", code=f"98{i:02d}") for i in range(3)]
    for m in municipalities:
        save_tracked(EligibleMunicipality(agreement=agreement, municipality=m), None)
    on = date(2026, 6, 1)
    with CaptureQueriesContext(connection) as ctx:
        rules = rules_for_unit(unit=unit, on=on)
    assert len(ctx.captured_queries) == 1
    assert rules.eligibility.age_limits == (
        AgeLimitValue(gender=None, min_age=16, max_age=65),
        AgeLimitValue(gender="man", min_age=18, max_age=40),
        AgeLimitValue(gender="woman", min_age=18, max_age=None),
    )
    assert rules.eligibility.municipality_ids == frozenset(m.pk for m in municipalities)
    assert rules.agreement_id == agreement.pk and rules.eligibility.min_age == agreement.min_age
    # Without any: empty, as from the relations.
    AgeLimit.objects.filter(agreement=agreement).delete()
    EligibleMunicipality.objects.filter(agreement=agreement).delete()
    rules = rules_for_unit(unit=unit, on=on)
    assert rules.eligibility.age_limits == () and rules.eligibility.municipality_ids == frozenset()
