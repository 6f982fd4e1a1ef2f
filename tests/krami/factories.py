"""Factories for the core: municipalities, organisations, units, staff with memberships."""

import factory
from django.contrib.auth import get_user_model

from krami.models import Municipality, Organisation, OrganisationKind, StaffProfile, Unit
from krami.services import membership_grant, unit_set_parties


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Kommun {n}")
    code = factory.Sequence(lambda n: f"{9000 + n:04d}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.KOMMUN
    name = factory.Sequence(lambda n: f"Organisation {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    """A unit with one party of each kind and one municipality (override with parties=[...])."""

    class Meta:
        model = Unit
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Krami Enhet {n}")

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        self.municipalities.set(extracted if extracted is not None else [MunicipalityFactory()])

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if extracted is None:
            extracted = [
                OrganisationFactory(kind=OrganisationKind.AF, name=f"AF {self.name}"),
                OrganisationFactory(kind=OrganisationKind.KV, name=f"KV {self.name}"),
                OrganisationFactory(kind=OrganisationKind.KOMMUN, name=f"Kommun {self.name}"),
            ]
        unit_set_parties(unit=self, parties=extracted)


def party(unit: Unit, kind) -> Organisation:
    """The unit's party of `kind`."""
    return unit.parties.get(kind=kind)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Förnamn{n}")
    last_name = "Testsson"
    password = factory.django.Password("ett-langt-losenord-2026")


def staff(*, role, unit=None, organisation=None, username=None, **kwargs):
    """A user employed by `organisation` with `role` in `unit` (national roles: unit=None)."""
    user = UserFactory(**({"username": username} if username else {}), **kwargs)
    StaffProfile.objects.update_or_create(user=user, defaults={"organisation": organisation})
    membership_grant(user=user, role=role, organisation=organisation, unit=unit)
    return user
