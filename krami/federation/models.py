"""Models of federated sign-in: each organisation's identity provider and who it may sign in.

Imported by krami/models.py so that they belong to the core app (one migration history).
Foreign keys name the core's models by string, so this module never imports krami.models.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from krami.federation.metadata import MetadataError, read_metadata

# The NameID of the assertion instead of an attribute (Entra ID and ADFS send the e-mail address
# or a persistent identifier there).
NAME_ID = "NameID"


class IdentityProvider(models.Model):
    """An organisation's SAML 2.0 identity provider (e.g. the authority's ADFS or Entra ID).

    Trusted to say who one of the organisation's own staff is, never what they may do: the
    memberships an administrator gave the linked account decide that (default deny).
    """

    organisation = models.OneToOneField(
        "krami.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="identity_provider"
    )
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Offered on the login page and accepted."))
    metadata_xml = models.TextField(
        _("provider metadata (XML)"),
        help_text=_("The SAML metadata the provider publishes: its entity ID, sign-in address and signing certificate."),
    )
    entity_id = models.CharField(_("entity ID"), max_length=500, unique=True, editable=False)
    identifying_attribute = models.CharField(
        _("identifying attribute"),
        max_length=200,
        default="mail",
        help_text=_(
            "The assertion attribute that identifies the person, e.g. mail, employeeNumber or an urn:oid: name; "
            "NameID uses the assertion's subject."
        ),
    )
    mfa_contexts = models.TextField(
        _("authentication contexts that count as the second factor"),
        blank=True,
        help_text=_(
            "One authentication context class per line (e.g. https://refeds.org/profile/mfa). A sign-in the provider "
            "reports with one of them needs no Krami code; any other sign-in is asked for the code from the "
            "authenticator app. Empty: the code is always asked."
        ),
    )
    require_encrypted_assertions = models.BooleanField(
        _("require encrypted assertions"),
        default=False,
        help_text=_("Refuse an assertion the provider did not encrypt to Krami's certificate."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.entity_id})"

    def clean(self) -> None:
        try:
            self.entity_id = read_metadata(self.metadata_xml).entity_id
        except MetadataError as exc:
            raise ValidationError({"metadata_xml": str(exc)}) from None
        clash = IdentityProvider.objects.filter(entity_id=self.entity_id).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError({"metadata_xml": _("Another organisation already uses this provider.")})

    @property
    def mfa_context_list(self) -> list[str]:
        return [line.strip() for line in self.mfa_contexts.splitlines() if line.strip()]

    @property
    def supports_single_logout(self) -> bool:
        try:
            return read_metadata(self.metadata_xml).single_logout
        except MetadataError:
            return False


class FederatedIdentity(models.Model):
    """A Krami account an administrator created, linked to the value the provider identifies the
    person by. Without one, a person the provider vouches for cannot sign in (no account is made)."""

    provider = models.ForeignKey(
        IdentityProvider, verbose_name=_("identity provider"), on_delete=models.CASCADE, related_name="identities"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="federated_identities"
    )
    subject = models.CharField(
        _("identifying value"),
        max_length=254,
        help_text=_("The person's value of the provider's identifying attribute, e.g. their e-mail address."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("federated identity")
        verbose_name_plural = _("federated identities")
        constraints = [
            models.UniqueConstraint(Lower("subject"), "provider", name="federatedidentity_unique_subject"),
            models.UniqueConstraint(fields=["provider", "user"], name="federatedidentity_one_per_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ← {self.subject}"

    def clean(self) -> None:
        self.subject = self.subject.strip()
        if not self.user_id or not self.provider_id:
            return
        employer = getattr(getattr(self.user, "staff_profile", None), "organisation_id", None)
        if employer != self.provider.organisation_id:
            raise ValidationError(
                {"user": _("Only staff employed by the provider's organisation can sign in through its provider.")}
            )


class UsedAssertion(models.Model):
    """An assertion that has signed someone in. The same assertion sent again is a replay and is
    refused, on whichever application server it arrives (the table is shared, not the memory)."""

    assertion_id = models.CharField(_("assertion ID"), max_length=200, unique=True)
    provider = models.ForeignKey(
        IdentityProvider, verbose_name=_("identity provider"), on_delete=models.CASCADE, related_name="+"
    )
    used_at = models.DateTimeField(_("used"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"), db_index=True)

    class Meta:
        verbose_name = _("used assertion")
        verbose_name_plural = _("used assertions")

    def __str__(self) -> str:
        return self.assertion_id
