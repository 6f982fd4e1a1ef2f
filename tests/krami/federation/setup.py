"""The test world of federated sign-in, shared by tests/krami/federation/ and the browser test:
the provider's people, and a unit's kommun that signs its staff in through the test provider."""

from __future__ import annotations

from pathlib import Path

from saml2.metadata import entity_descriptor

from krami.federation.config import sp_config
from krami.federation.models import FederatedIdentity, IdentityProvider
from krami.models import OrganisationKind, Role
from tests.krami.factories import UnitFactory, party, staff
from tests.krami.federation.idp import MFA, Person, TestIdentityProvider

# Invented people (the demo's style); the log tests search for these.
ANNA_MAIL = "anna.lindqvist@kommun.example"
PEOPLE = {
    "anna": Person(
        password="idp-losenord",
        attributes={"mail": [ANNA_MAIL], "givenName": ["Anna"], "sn": ["Lindqvist"], "employeeNumber": ["K-4711"]},
    ),
    "bertil": Person(
        password="idp-losenord",
        attributes={"mail": ["bertil.nystrom@kommun.example"], "givenName": ["Bertil"], "sn": ["Nyström"]},
        context=MFA,
    ),
}


def start_provider(folder: Path) -> TestIdentityProvider:
    provider = TestIdentityProvider(folder)
    provider.people = dict(PEOPLE)
    return provider


def federate(settings, *, sp_keys: tuple[str, str], idp: TestIdentityProvider, base_url: str) -> IdentityProvider:
    """The kommun of a new unit signs its staff in through `idp`; Anna (vägledare there) is linked,
    and the provider knows Krami at `base_url` by its metadata."""
    settings.KRAMI_SAML_SP_KEY_FILE, settings.KRAMI_SAML_SP_CERT_FILE = sp_keys
    settings.KRAMI_SAML_BASE_URL = base_url
    settings.KRAMI_REQUIRE_2FA = True
    unit = UnitFactory(name="Krami Testköping")
    kommun = party(unit, OrganisationKind.KOMMUN)
    provider = IdentityProvider(organisation=kommun, metadata_xml=idp.metadata_xml(), mfa_contexts=MFA)
    provider.full_clean()
    provider.save()
    anna = staff(role=Role.VAGLEDARE, unit=unit, organisation=kommun, username="anna.l", first_name="Anna", last_name="Lindqvist")
    FederatedIdentity.objects.create(provider=provider, user=anna, subject=ANNA_MAIL)
    idp.trust(str(entity_descriptor(sp_config(None))))
    return provider
