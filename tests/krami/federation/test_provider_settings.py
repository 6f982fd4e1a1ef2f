"""An organisation's provider settings in the admin (issue 20, item 1): metadata that cannot be
trusted is refused, a link only to the organisation's own staff, every change audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from krami.federation import services
from krami.federation.metadata import MetadataError, read_metadata
from krami.federation.models import FederatedIdentity, IdentityProvider
from krami.models import AuditEvent, OrganisationKind, Role
from tests.krami.factories import UnitFactory, party, staff

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"


REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
KEY = (
    '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>MIIB</ds:X509Certificate>'
    "</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
)


def _metadata(*, entity="https://idp.kommun.example/adfs", cert=True, sso=True, slo=False) -> str:
    sso_el = f'<md:SingleSignOnService Binding="{REDIRECT}" Location="https://idp.kommun.example/sso"/>' if sso else ""
    slo_el = f'<md:SingleLogoutService Binding="{REDIRECT}" Location="https://idp.kommun.example/slo"/>' if slo else ""
    return (
        f'<md:EntityDescriptor xmlns:md="{MD}" xmlns:ds="{DS}" entityID="{entity}">'
        f'<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        f"{KEY if cert else ''}{slo_el}{sso_el}</md:IDPSSODescriptor></md:EntityDescriptor>"
    )


@pytest.mark.parametrize(
    "xml, problem",
    [
        ("not xml at all", "not XML"),
        (f'<md:EntityDescriptor xmlns:md="{MD}" entityID="x"><md:SPSSODescriptor/></md:EntityDescriptor>', "exactly one"),
        (_metadata(cert=False), "no signing certificate"),
        (_metadata(sso=False), "no sign-in address"),
        (_metadata(entity=""), "no entity ID"),
        ('<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "not XML"),  # entities refused (defusedxml)
    ],
)
def test_metadata_that_cannot_be_trusted_is_refused(xml, problem, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(MetadataError, match=problem):
        read_metadata(xml)


def test_metadata_gives_the_entity_id_and_whether_single_logout_is_offered():
    assert read_metadata(_metadata()).entity_id == "https://idp.kommun.example/adfs"
    assert not read_metadata(_metadata()).single_logout
    assert read_metadata(_metadata(slo=True)).single_logout


@pytest.mark.django_db
def test_saving_a_provider_reads_its_entity_id_and_is_audited():
    unit = UnitFactory()
    admin = staff(role=Role.SYSADMIN, username="admin")
    provider = services.provider_save(
        provider=IdentityProvider(organisation=party(unit, OrganisationKind.KOMMUN), metadata_xml=_metadata()), by=admin
    )
    assert provider.entity_id == "https://idp.kommun.example/adfs"
    event = AuditEvent.objects.get(action="federation.provider_saved")
    assert event.user == admin and event.data["entity_id"] == provider.entity_id
    other = IdentityProvider(organisation=party(unit, OrganisationKind.AF), metadata_xml=_metadata())
    with translation.override("sv"), pytest.raises(ValidationError, match="använder redan"):
        services.provider_save(provider=other, by=admin)


@pytest.mark.django_db
def test_only_the_organisations_own_staff_can_be_linked_and_each_link_is_audited():
    unit = UnitFactory()
    kommun, kv = party(unit, OrganisationKind.KOMMUN), party(unit, OrganisationKind.KV)
    admin = staff(role=Role.SYSADMIN, username="admin")
    provider = services.provider_save(provider=IdentityProvider(organisation=kommun, metadata_xml=_metadata()), by=admin)
    own = staff(role=Role.VAGLEDARE, unit=unit, organisation=kommun, username="egen")
    foreign = staff(role=Role.VAGLEDARE, unit=unit, organisation=kv, username="annan")
    with translation.override("sv"), pytest.raises(ValidationError, match="anställd i leverantörens organisation"):
        services.identity_link(identity=FederatedIdentity(provider=provider, user=foreign, subject="x@kv.example"), by=admin)
    link = services.identity_link(
        identity=FederatedIdentity(provider=provider, user=own, subject=" Egen@Kommun.example "), by=admin
    )
    assert link.subject == "Egen@Kommun.example"
    assert AuditEvent.objects.filter(action="federation.identity_linked", data__account=own.pk).exists()
    services.identity_unlink(identity=link, by=admin)
    assert not FederatedIdentity.objects.exists()
    assert AuditEvent.objects.filter(action="federation.identity_unlinked").exists()
