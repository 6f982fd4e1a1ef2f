"""Consent (samtycke): what a participant lets one party release to others, and the requests for it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from krami.models import DataCategory, Organisation
from krami.validators import plausible_date
from participants.models.register import Participant


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Written")
    ORAL = "oral", _("Oral")


class Consent(models.Model):
    """Samtycke: the participant lets named parties see named categories, until withdrawn.

    A consent lifts the secrecy of one party, `releasing_organisation`, whose data it covers: only
    that party records it and withdraws it (participants/authority.py). A form signed once for
    several parties is recorded by each of them for its own data.
    """

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="consents"
    )
    releasing_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("releasing party"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The party whose data the consent releases; only it records and withdraws the consent."),
    )
    given_on = models.DateField(_("given on"), validators=[plausible_date])
    method = models.CharField(_("how it was given"), max_length=10, choices=ConsentMethod.choices)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, validators=[plausible_date])
    note = models.CharField(_("note"), max_length=300, blank=True)
    filed_as = models.CharField(
        _("where the signed form is kept"),
        max_length=100,
        blank=True,
        help_text=_("The registration number (diarienummer) or the file the signed consent form is kept in."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("given_on")),
                name="consent_valid_after_given",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant.reference} {self.given_on}"


class ConsentScope(models.Model):
    """One (receiving party, data category) pair that a consent covers."""

    consent = models.ForeignKey(Consent, verbose_name=_("consent"), on_delete=models.CASCADE, related_name="scopes")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("receiving party"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("data category"), max_length=20, choices=DataCategory.choices)

    class Meta:
        verbose_name = _("consent scope")
        verbose_name_plural = _("consent scopes")
        constraints = [
            models.UniqueConstraint(fields=["consent", "organisation", "category"], name="consentscope_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_category_display()}"


class ConsentRequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    RECORDED = "recorded", _("Consent recorded")
    DECLINED = "declined", _("Declined")


class ConsentRequest(models.Model):
    """A receiving party asks the party that holds the data to obtain and record a consent.

    The receiving party never records a consent itself (DOMAIN.md, "Law and practice"): it asks,
    and the case workers of `addressed_to` answer by recording the consent or by declining.
    """

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="consent_requests"
    )
    requesting_organisation = models.ForeignKey(
        Organisation, verbose_name=_("asked by party"), on_delete=models.PROTECT, related_name="+"
    )
    addressed_to = models.ForeignKey(
        Organisation, verbose_name=_("asked of party"), on_delete=models.PROTECT, related_name="+"
    )
    categories = models.JSONField(_("data categories asked for"), default=list)
    reason = models.CharField(_("why the data is needed"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ConsentRequestStatus.choices, default=ConsentRequestStatus.OPEN
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer_note = models.CharField(_("answer"), max_length=300, blank=True)
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent recorded"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consent request")
        verbose_name_plural = _("consent requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requesting_organisation=models.F("addressed_to")), name="consentrequest_other_party"
            ),
            models.CheckConstraint(
                condition=Q(status="open", answered_at__isnull=True) | (~Q(status="open") & Q(answered_at__isnull=False)),
                name="consentrequest_answered_when_closed",
            ),
        ]
        indexes = [models.Index(fields=["participant", "status"], name="consentrequest_participant")]

    def __str__(self) -> str:
        return f"{self.participant.reference} {self.requesting_organisation} → {self.addressed_to}"

    @property
    def category_labels(self) -> list[str]:
        return [str(DataCategory(c).label) for c in self.categories if c in DataCategory.values]
