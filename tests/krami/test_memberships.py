"""Memberships keep the access groups in step; invalid memberships are refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from krami.models import AccessGroup, AuditEvent, Role
from krami.services import membership_grant, unit_set_parties
from participants.access import visible_participants
from tests.krami.factories import OrganisationFactory, UnitFactory, UserFactory, staff


def test_a_unit_role_puts_the_user_in_the_unit_organisation_role_group(db):
    unit = UnitFactory()
    org = unit.parties.first()
    user = staff(role=Role.VAGLEDARE, unit=unit, organisation=org)
    group = AccessGroup.objects.get(unit=unit, organisation=org, role=Role.VAGLEDARE)
    assert list(user.groups.all()) == [group.group]


def test_an_organisation_that_is_not_a_party_cannot_get_members(db):
    unit = UnitFactory()
    with pytest.raises(ValidationError):
        membership_grant(user=UserFactory(), role=Role.VAGLEDARE, organisation=OrganisationFactory(), unit=unit)


def test_a_user_works_for_one_organisation_only(db):
    unit = UnitFactory()
    first, second = list(unit.parties.all())[:2]
    user = staff(role=Role.VAGLEDARE, unit=unit, organisation=first)
    with pytest.raises(ValidationError):
        membership_grant(user=user, role=Role.SAMORDNARE, organisation=second, unit=unit)


def test_national_roles_have_no_unit(db):
    unit = UnitFactory()
    with pytest.raises(ValidationError):
        membership_grant(user=UserFactory(), role=Role.NSG, organisation=None, unit=unit)


def test_removing_a_party_removes_its_groups_and_their_grants(world):
    kv = world.users["kv_vagledare"]
    assert visible_participants(kv).exists()
    unit_set_parties(unit=world.unit, parties=[o for o in world.unit.parties.all() if o != world.orgs["kv"]])
    kv.__dict__.pop("_krami_access", None)  # memberships are cached per request
    assert not visible_participants(kv).exists()
    assert not AccessGroup.objects.filter(unit=world.unit, organisation=world.orgs["kv"]).exists()


def test_changing_a_units_parties_in_the_admin_goes_through_the_service(world, client):
    """The system administrator removes KV from the unit in Django's admin: KV's groups and their
    grants go at once, and the change is audited (no signal receiver does it behind the scenes)."""


    client.force_login(world.users["sysadmin"])
    url = reverse("admin:krami_unit_change", args=[world.unit.pk])
    keep = [world.orgs["af"].pk, world.orgs["kommun"].pk]
    response = client.post(url, {
        "name": world.unit.name, "is_active": "on", "parties": keep,
        "municipalities": list(world.unit.municipalities.values_list("pk", flat=True)),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(world.unit.parties.values_list("pk", flat=True)) == sorted(keep)
    assert not AccessGroup.objects.filter(unit=world.unit, organisation=world.orgs["kv"]).exists()
    assert AuditEvent.objects.filter(action="unit.parties_changed", object_id=world.unit.pk).exists()
