"""djangosaml2's views with Krami's rules: refusals in Swedish with a log line, default deny,
django-axes' lock-out, the second factor, and the provider asked to end its session on logout.

Only these endpoints are exposed (krami/federation/urls.py): starting a sign-in, the assertion
consumer, the logout service the provider answers to, and Krami's metadata. Starting a logout is
Krami's own POST /konto/logga-ut/ (`logout`), never a GET that another site could trigger.
"""

from __future__ import annotations

import base64
import binascii

# Only the exception class: the parsing itself is defusedxml's.
from xml.etree.ElementTree import ParseError  # nosec B405

import saml2
from axes.handlers.proxy import AxesProxyHandler
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings
from django.contrib import auth
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from djangosaml2 import views as saml_views
from djangosaml2.cache import IdentityCache, StateCache
from djangosaml2.overrides import Saml2Client
from saml2.client_base import LogoutError
from saml2.response import (
    IncorrectlySigned,
    SignatureError,
    StatusError,
    UnsolicitedResponse,
    VerificationError,
)
from saml2.s_utils import UnsupportedBinding
from saml2.saml import SCM_BEARER
from saml2.sigver import MissingKey
from saml2.validate import ResponseLifetimeExceed, ToEarly

from krami.federation import services
from krami.federation.config import active_providers, sp_is_configured
from krami.federation.services import Refused
from krami.middleware import SESSION_SECOND_FACTOR

CONFIG_LOADER = "krami.federation.config.sp_config"
SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"
# Session keys: which provider signed this session in, and that its multi-factor sign-in counts.
SESSION_PROVIDER = "krami_federated_provider"


class LoginView(saml_views.LoginView):
    """Start a sign-in at the provider chosen on the login page (`?idp=<entity ID>`)."""

    config_loader_path = CONFIG_LOADER

    def get(self, request, *args, **kwargs):
        if not active_providers().filter(entity_id=request.GET.get("idp", "")).exists():
            return redirect(settings.LOGIN_URL)
        return super().get(request, *args, **kwargs)


def _addressing(raw: str) -> dict:
    """What the response says about itself before anything is verified: whether its assertion is
    encrypted, and where it is addressed. Used to name a refusal and to require encryption, never
    to accept anything (pysaml2 checks the signature, the audience and the times)."""
    try:
        root = fromstring(base64.b64decode(raw, validate=False))
    except (binascii.Error, ParseError, DefusedXmlException, ValueError):
        return {"encrypted": False, "addresses": set()}
    addresses = {root.get("Destination", "")}
    addresses |= {(e.text or "").strip() for e in root.iter(f"{SAML}Audience")}
    addresses |= {e.get("Recipient", "") for e in root.iter(f"{SAML}SubjectConfirmationData")}
    return {
        "encrypted": root.find(f"{SAML}EncryptedAssertion") is not None and root.find(f"{SAML}Assertion") is None,
        "addresses": {a for a in addresses if a},
    }


def _reason(exception: Exception | None, addressing: dict, ours: set[str]) -> str:
    """The refusal code for what pysaml2 or djangosaml2 raised."""
    if isinstance(exception, Refused):
        return exception.reason
    if isinstance(exception, UnsolicitedResponse):
        return "unsolicited"
    if isinstance(exception, ResponseLifetimeExceed | ToEarly):
        return "expired"
    if isinstance(exception, SignatureError | IncorrectlySigned | MissingKey):
        return "unsigned"
    if isinstance(exception, StatusError):
        return "denied_by_provider"
    if addressing["addresses"] - ours:
        return "wrongly_addressed"
    if isinstance(exception, VerificationError) and "recipient" in str(exception):
        return "wrongly_addressed"
    if "AudienceRestrictions" in str(exception):
        return "wrongly_addressed"
    return "invalid"


class AssertionConsumerView(saml_views.AssertionConsumerServiceView):
    """The provider's answer (HTTP-POST binding): checked by pysaml2, then by Krami's rules."""

    config_loader_path = CONFIG_LOADER

    def post(self, request, *args, **kwargs):
        self.addressing = _addressing(request.POST.get("SAMLResponse", ""))
        self.provider = None
        self.refusal = None
        return super().post(request, attribute_mapping={}, create_unknown_user=False)

    def custom_validation(self, response) -> None:
        """After pysaml2 accepted the signature, times and audience: the provider must be one of
        Krami's, encryption where it demands it, and the assertion used only once."""
        try:
            self.provider = services.provider_for(response.issuer())
            if self.provider.require_encrypted_assertions and not self.addressing["encrypted"]:
                raise Refused("not_encrypted")
            assertion = response.assertion
            not_on_or_after = next(
                (
                    sc.subject_confirmation_data.not_on_or_after
                    for sc in assertion.subject.subject_confirmation
                    if sc.method == SCM_BEARER and sc.subject_confirmation_data is not None
                ),
                None,
            )
            services.assertion_use(provider=self.provider, assertion_id=assertion.id, not_on_or_after=not_on_or_after)
        except Refused as refusal:
            self.refusal = refusal
            raise

    def authenticate_user(self, request, session_info, attribute_mapping, create_unknown_user, assertion_info):
        """Default deny: only the linked account signs in, and only if django-axes lets it."""
        user = services.person_for(provider=self.provider, session_info=session_info)
        if not AxesProxyHandler.is_allowed(request, {"username": user.username}):
            raise Refused("locked_out", status=429)
        user = auth.authenticate(request, username=user.username, federated_user=user)
        if user is None:
            raise Refused("locked_out", status=429)
        auth.login(request, user)
        saml_views._set_subject_id(request.saml_session, session_info["name_id"])
        contexts = {ref for ref, *_rest in session_info.get("authn_info") or []}
        by_provider = bool(contexts & set(self.provider.mfa_context_list))
        request.session[SESSION_PROVIDER] = self.provider.pk
        if by_provider:
            request.session[SESSION_SECOND_FACTOR] = "provider"
        services.signed_in(user=user, provider=self.provider, second_factor_by_provider=by_provider)
        return user

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        if isinstance(exception, SuspiciousOperation) and self.refusal is not None:
            exception = self.refusal
        reason = _reason(exception, self.addressing, _our_addresses(request))
        refusal = exception if isinstance(exception, Refused) else Refused(reason)
        services.refused(reason=reason, provider_entity=self.provider.entity_id if self.provider else None)
        return render(request, "registration/federated_refused.html", {"message": refusal.message}, status=refusal.status)


def _our_addresses(request: HttpRequest) -> set[str]:
    config = saml_views.get_config(CONFIG_LOADER, request)
    acs = {location for location, _binding in config.getattr("endpoints", "sp")["assertion_consumer_service"]}
    return acs | {config.entityid}


class LogoutServiceView(saml_views.LogoutView):
    """Where the provider answers Krami's logout request (or asks Krami to end a session)."""

    config_loader_path = CONFIG_LOADER


class MetadataView(saml_views.MetadataView):
    """Krami's service-provider metadata, for the administrators of the organisations' providers
    (404 while Krami has no key pair of its own: there is nothing to trust yet)."""

    config_loader_path = CONFIG_LOADER

    def get(self, request, *args, **kwargs):
        if not sp_is_configured():
            raise Http404
        return super().get(request, *args, **kwargs)


def logout(request: HttpRequest) -> HttpResponse | None:
    """End the Krami session; for a session a provider signed in, also ask the provider to end its
    own where its metadata offers single logout. None: nothing federated, log out as usual.

    The Krami session ends here whatever the provider answers.
    """
    provider_id = request.session.get(SESSION_PROVIDER)
    provider = active_providers().filter(pk=provider_id).first() if provider_id else None
    if provider is None or not provider.supports_single_logout:
        request.saml_session.flush()
        return None
    config = saml_views.get_config(CONFIG_LOADER, request)
    state = StateCache(request.saml_session)
    client = Saml2Client(config, state_cache=state, identity_cache=IdentityCache(request.saml_session))
    subject_id = saml_views._get_subject_id(request.saml_session)
    try:
        result = client.global_logout(subject_id) if subject_id is not None else {}
    except (LogoutError, UnsupportedBinding):
        result = {}
    auth.logout(request)
    state.sync()
    for logout_info in result.values():
        if isinstance(logout_info, tuple) and logout_info[0] == saml2.BINDING_HTTP_REDIRECT:
            return redirect(saml_views.get_location(logout_info[1]))
    request.saml_session.flush()
    return None
