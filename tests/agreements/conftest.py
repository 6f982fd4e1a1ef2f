"""Fixtures named after the situation: a Stockholm-like unit with its admin, steering group and staff."""

from dataclasses import dataclass, field

import pytest

from krami.models import OrganisationKind, Role
from tests.krami.factories import MunicipalityFactory, OrganisationFactory, UnitFactory, staff


@dataclass
class Stockholm:
    unit: object
    af: object
    kv: object
    kommun: object
    users: dict = field(default_factory=dict)


def build_stockholm() -> Stockholm:
    af = OrganisationFactory(kind=OrganisationKind.AF, name="Arbetsförmedlingen, VO lokalarbetsmarknad Stockholm-Globen")
    kv = OrganisationFactory(kind=OrganisationKind.KV, name="Kriminalvården, Frivården Stockholm Stad",
                             division="Frivården Stockholm Stad")
    kommun = OrganisationFactory(kind=OrganisationKind.KOMMUN, name="Stockholms stad, Arbetsmarknadsförvaltningen")
    stockholm = MunicipalityFactory(name="Stockholm", code="0180")
    unit = UnitFactory(name="Krami Stockholm", parties=[af, kv, kommun], municipalities=[stockholm])
    s = Stockholm(unit=unit, af=af, kv=kv, kommun=kommun)
    s.users["admin"] = staff(role=Role.AGREEMENT_ADMIN, unit=unit, organisation=kommun, username="sthlm_avtal")
    s.users["styrgrupp"] = staff(role=Role.STYRGRUPP, unit=unit, organisation=kv, username="sthlm_styr")
    s.users["vagledare"] = staff(role=Role.VAGLEDARE, unit=unit, organisation=af, username="sthlm_vl")
    other = UnitFactory(name="Krami Annanstans")
    s.users["other_admin"] = staff(
        role=Role.AGREEMENT_ADMIN, unit=other, organisation=other.parties.get(kind=OrganisationKind.KOMMUN),
        username="annan_avtal",
    )
    return s


@pytest.fixture
def stockholm(db) -> Stockholm:
    return build_stockholm()


@pytest.fixture
def admin_client(client, stockholm):
    client.force_login(stockholm.users["admin"])
    return client


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever the Swedish catalogue says: without the project's
    catalogue the pages keep Swedish number and date formats (2,5) but show our English texts."""
    settings.LOCALE_PATHS = []
