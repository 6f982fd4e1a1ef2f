"""The pysaml2 service-provider configuration, built per request from the active providers.

djangosaml2 calls `sp_config(request)` (SAML_CONFIG_LOADER). The providers' metadata comes from
the database, so every application server sees a provider the administrator added at once.
"""

from __future__ import annotations

from pathlib import Path

import saml2
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_UNSPECIFIED

from krami.federation.models import IdentityProvider


def sp_is_configured() -> bool:
    """Krami has its own key pair: it signs its requests and receives encrypted assertions with it."""
    key, cert = settings.KRAMI_SAML_SP_KEY_FILE, settings.KRAMI_SAML_SP_CERT_FILE
    return bool(key and cert and Path(key).is_file() and Path(cert).is_file())


def active_providers():
    """The providers offered on the login page (none while Krami has no key pair of its own)."""
    if not sp_is_configured():
        return IdentityProvider.objects.none()
    return IdentityProvider.objects.filter(is_active=True).select_related("organisation")


def base_url(request: HttpRequest | None) -> str:
    """Krami's public address: KRAMI_SAML_BASE_URL, or the one the request came to (a host that
    ALLOWED_HOSTS accepted)."""
    if settings.KRAMI_SAML_BASE_URL:
        return settings.KRAMI_SAML_BASE_URL.rstrip("/")
    if request is None:
        raise ValueError("KRAMI_SAML_BASE_URL is needed outside a request")
    return request.build_absolute_uri("/").rstrip("/")


def sp_settings(request: HttpRequest | None) -> dict:
    """The pysaml2 configuration as a dict (the metadata view and the tests read it too)."""
    base = base_url(request)
    key, cert = settings.KRAMI_SAML_SP_KEY_FILE, settings.KRAMI_SAML_SP_CERT_FILE
    return {
        "xmlsec_binary": settings.SAML_XMLSEC_BINARY,
        "entityid": base + reverse("saml2:metadata"),
        "allow_unknown_attributes": True,
        # Seconds of clock difference tolerated between the provider and Krami; an assertion
        # older than its own validity plus this is refused as expired.
        "accepted_time_diff": settings.KRAMI_SAML_CLOCK_SKEW_SECONDS,
        "service": {
            "sp": {
                "name": "Krami",
                "endpoints": {
                    "assertion_consumer_service": [(base + reverse("saml2:acs"), saml2.BINDING_HTTP_POST)],
                    "single_logout_service": [
                        (base + reverse("saml2:ls"), saml2.BINDING_HTTP_REDIRECT),
                        (base + reverse("saml2:ls_post"), saml2.BINDING_HTTP_POST),
                    ],
                },
                "name_id_format": NAMEID_FORMAT_UNSPECIFIED,
                # Only answers to a request this browser started (no unsolicited assertions).
                "allow_unsolicited": False,
                "authn_requests_signed": True,
                "logout_requests_signed": True,
                # The assertion itself must carry the provider's signature: a signed envelope
                # around an unsigned assertion is not enough.
                "want_assertions_signed": True,
                "want_response_signed": False,
                "signing_algorithm": saml2.xmldsig.SIG_RSA_SHA256,
                "digest_algorithm": saml2.xmldsig.DIGEST_SHA256,
            }
        },
        "metadata": {"inline": [p.metadata_xml for p in active_providers()]},
        "key_file": key,
        "cert_file": cert,
        "encryption_keypairs": [{"key_file": key, "cert_file": cert}],
    }


def sp_config(request: HttpRequest | None = None) -> SPConfig:
    """djangosaml2's SAML_CONFIG_LOADER."""
    config = SPConfig()
    config.load(sp_settings(request))
    return config
