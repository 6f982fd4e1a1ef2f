"""Federated sign-in's rules: who a provider's assertion signs in, replays, and the audit trail.

Default deny: an assertion signs in only the account an administrator linked to the value of the
provider's identifying attribute, and only if that account works for the provider's organisation
and is active. Nothing here creates an account or grants a membership.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from saml2.time_util import str_to_time

from krami.federation.models import NAME_ID, FederatedIdentity, IdentityProvider, UsedAssertion
from krami.services import audit

logger = logging.getLogger("krami.federation")

# Why a sign-in was refused: the code goes to the log, the text to the person.
REFUSALS = {
    "replayed": _("This sign-in answer has already been used. Start again from Krami's login page."),
    "unsolicited": _(
        "Krami did not ask for this sign-in, or it has already been used. Start again from Krami's login page."
    ),
    "expired": _(
        "The sign-in answer from your organisation is too old, or not yet valid. Start again from Krami's login "
        "page; if it happens again, tell your IT support that the clocks may differ."
    ),
    "unsigned": _(
        "The sign-in answer does not carry a valid signature of your organisation's identity provider. "
        "Krami did not sign you in."
    ),
    "wrongly_addressed": _("The sign-in answer was addressed to another service, not to Krami. Krami did not sign you in."),
    "not_encrypted": _("Your organisation must encrypt its sign-in answers to Krami, and this one was not. Krami did not sign you in."),
    "unknown_provider": _("Krami does not know the identity provider that answered. Krami did not sign you in."),
    "no_identifier": _("Your organisation's answer does not say who you are in the way Krami was told to expect."),
    "unknown_person": _(
        "Your organisation signed you in, but no Krami account is linked to you. Ask your unit coordinator or "
        "the system administrator to create one; signing in does not create an account."
    ),
    "locked_out": _(
        "Too many failed logins to this account from your network. Wait a while and try again, or ask the system "
        "administrator to unlock it."
    ),
    "denied_by_provider": _("Your organisation's identity provider did not sign you in."),
    "invalid": _("The sign-in answer could not be checked. Krami did not sign you in."),
}


class Refused(PermissionDenied):
    """A federated sign-in Krami refuses; `reason` is a key of REFUSALS. A PermissionDenied, so
    that djangosaml2 hands it to the refusal page (krami/federation/views.py)."""

    def __init__(self, reason: str, *, status: int = 403):
        super().__init__(reason)
        self.reason, self.status = reason, status

    @property
    def message(self) -> str:
        return str(REFUSALS[self.reason])


def provider_for(entity_id: str | None) -> IdentityProvider:
    """The active provider with this entity ID, or Refused("unknown_provider")."""
    provider = IdentityProvider.objects.select_related("organisation").filter(entity_id=entity_id or "", is_active=True).first()
    if provider is None:
        raise Refused("unknown_provider")
    return provider


def identifying_value(*, provider: IdentityProvider, session_info: dict) -> str:
    """The value of the provider's identifying attribute in the assertion (or its NameID)."""
    if provider.identifying_attribute == NAME_ID:
        name_id = session_info.get("name_id")
        value = getattr(name_id, "text", None) or ""
    else:
        attributes = {name.lower(): values for name, values in (session_info.get("ava") or {}).items()}
        values = attributes.get(provider.identifying_attribute.lower()) or []
        value = values[0] if values else ""
    value = str(value).strip()
    if not value:
        raise Refused("no_identifier")
    return value


def person_for(*, provider: IdentityProvider, session_info: dict):
    """The linked, active Krami account the assertion is about (default deny: Refused otherwise)."""
    value = identifying_value(provider=provider, session_info=session_info)
    identity = (
        FederatedIdentity.objects.select_related("user", "user__staff_profile")
        .filter(provider=provider, subject__iexact=value)
        .first()
    )
    user = identity.user if identity else None
    employer = getattr(getattr(user, "staff_profile", None), "organisation_id", None)
    if user is None or not user.is_active or employer != provider.organisation_id:
        raise Refused("unknown_person")
    return user


def _valid_until(not_on_or_after: str | None) -> datetime:
    skew = timedelta(seconds=settings.KRAMI_SAML_CLOCK_SKEW_SECONDS)
    if not not_on_or_after:
        return timezone.now() + timedelta(hours=1) + skew
    moment = datetime(*str_to_time(not_on_or_after)[:6], tzinfo=UTC)
    return moment + skew


def assertion_use(*, provider: IdentityProvider, assertion_id: str, not_on_or_after: str | None) -> UsedAssertion:
    """Record that the assertion signed someone in; Refused("replayed") if it already did.

    Side effects, in order: the assertion's row (unique ID: two servers receiving it at once
    cannot both succeed); rows whose assertions can no longer be accepted anyway removed.
    """
    try:
        with transaction.atomic():
            used = UsedAssertion.objects.create(
                assertion_id=assertion_id[:200], provider=provider, expires_at=_valid_until(not_on_or_after)
            )
    except IntegrityError:
        raise Refused("replayed") from None
    UsedAssertion.objects.filter(expires_at__lt=timezone.now()).delete()
    return used


def signed_in(*, user, provider: IdentityProvider, second_factor_by_provider: bool) -> None:
    """Audit ``session.federated_login``: who signed in through which organisation's provider, and
    whether the provider's multi-factor sign-in stood for Krami's code."""
    audit(
        user=user,
        action="session.federated_login",
        obj=provider,
        organisation=provider.organisation_id,
        second_factor="provider" if second_factor_by_provider else "krami",
    )


def refused(*, reason: str, provider_entity: str | None) -> None:
    """The log line of a refused sign-in: the reason and the provider, never who it was about."""
    logger.warning("Federated sign-in refused: %s (provider %s)", reason, provider_entity or "unknown")


@transaction.atomic
def provider_save(*, provider: IdentityProvider, by) -> IdentityProvider:
    """Save an organisation's provider settings (validated: metadata, entity ID).

    Side effects, in order: the provider saved; audit ``federation.provider_saved``.
    """
    provider.full_clean()
    provider.save()
    audit(
        user=by, action="federation.provider_saved", obj=provider, organisation=provider.organisation_id,
        entity_id=provider.entity_id, active=provider.is_active, mfa_contexts=provider.mfa_context_list,
        identifying_attribute=provider.identifying_attribute, encrypted=provider.require_encrypted_assertions,
    )
    return provider


@transaction.atomic
def identity_link(*, identity: FederatedIdentity, by) -> FederatedIdentity:
    """Link an existing account to the person's value of the provider's identifying attribute.

    Side effects, in order: the link saved (validated: the account works for the provider's
    organisation); audit ``federation.identity_linked``.
    """
    identity.full_clean()
    identity.save()
    audit(user=by, action="federation.identity_linked", obj=identity, account=identity.user_id, provider=identity.provider_id)
    return identity


@transaction.atomic
def identity_unlink(*, identity: FederatedIdentity, by) -> None:
    """Remove a link: the person can no longer sign in through the provider.

    Side effects, in order: audit ``federation.identity_unlinked``; the link deleted.
    """
    audit(user=by, action="federation.identity_unlinked", obj=identity, account=identity.user_id, provider=identity.provider_id)
    identity.delete()
