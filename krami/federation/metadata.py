"""Reading an identity provider's SAML metadata: what Krami needs to know before it trusts it."""

from __future__ import annotations

from dataclasses import dataclass

# Only the exception class: the parsing itself is defusedxml's.
from xml.etree.ElementTree import ParseError  # nosec B405

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"
DS = "{http://www.w3.org/2000/09/xmldsig#}"


class MetadataError(ValueError):
    """The metadata cannot be used; the message says why (shown in the admin)."""


@dataclass(frozen=True)
class ProviderMetadata:
    entity_id: str
    single_logout: bool


def read_metadata(xml: str) -> ProviderMetadata:
    """The provider's entity ID and whether it offers single logout.

    Refuses metadata that is not one identity provider with a signing certificate: without a
    certificate no assertion could be checked, so none would be accepted.
    """
    try:
        root = fromstring(xml.strip().encode())
    except (ParseError, DefusedXmlException, ValueError):
        raise MetadataError(_("This is not XML metadata.")) from None
    entities = [root] if root.tag == f"{MD}EntityDescriptor" else root.findall(f"{MD}EntityDescriptor")
    providers = [e for e in entities if e.find(f"{MD}IDPSSODescriptor") is not None]
    if len(providers) != 1:
        raise MetadataError(_("The metadata must describe exactly one identity provider."))
    entity = providers[0]
    descriptor = entity.find(f"{MD}IDPSSODescriptor")
    signing = [
        key for key in descriptor.findall(f"{MD}KeyDescriptor")
        if key.get("use", "signing") == "signing" and key.find(f".//{DS}X509Certificate") is not None
    ]
    if not signing:
        raise MetadataError(_("The metadata has no signing certificate: no assertion could be checked."))
    if descriptor.find(f"{MD}SingleSignOnService") is None:
        raise MetadataError(_("The metadata has no sign-in address (SingleSignOnService)."))
    entity_id = entity.get("entityID", "").strip()
    if not entity_id:
        raise MetadataError(_("The metadata has no entity ID."))
    return ProviderMetadata(
        entity_id=entity_id, single_logout=descriptor.find(f"{MD}SingleLogoutService") is not None
    )
