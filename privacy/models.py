"""The records of the privacy duties: the access-log review (loggkontroll) and the checks of its
flagged reads, the register of extract requests (registerutdrag), and gallring."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from krami.appendonly import AppendOnlyModel
from krami.dates import add_months
from krami.models import DataCategory, Organisation, Unit


class LogReview(AppendOnlyModel):
    """A unit coordinator signed off one month of the unit's access log (loggkontroll).

    Append-only: a sign-off is a statement made at a time and is never edited. It keeps what the
    reviewer saw (the sample's log-row ids and the counts), so the review can be shown again
    exactly as it was signed, also after the month's log has grown by late rows.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="log_reviews", verbose_name=_("unit"))
    month = models.DateField(_("month"), help_text=_("The first day of the reviewed month."))
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed off by"), on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(_("signed off"), auto_now_add=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    reads = models.PositiveIntegerField(_("record reads"))
    flagged = models.PositiveIntegerField(_("flagged reads"))
    sample_ids = models.JSONField(
        _("sampled log rows"), default=list, help_text="AccessLog ids of the random sample reviewed."
    )

    class Meta:
        verbose_name = _("access-log review (loggkontroll)")
        verbose_name_plural = _("access-log reviews")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="logreview_one_per_unit_month"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="logreview_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m}"


class RetentionRule(models.Model):
    """How long an organisation keeps one category of a participant's data after the last exit
    (gallring). Without a rule, `privacy.services.retention.DEFAULT_MONTHS` applies."""

    organisation = models.ForeignKey(
        "krami.Organisation", on_delete=models.CASCADE, related_name="retention_rules", verbose_name=_("organisation")
    )
    category = models.CharField(_("data category"), max_length=20, choices=DataCategory.choices)
    months_after_exit = models.PositiveSmallIntegerField(_("months after the last exit"))

    class Meta:
        verbose_name = _("retention rule (gallring)")
        verbose_name_plural = _("retention rules")
        constraints = [models.UniqueConstraint(fields=["organisation", "category"], name="retentionrule_unique")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_category_display()} {self.months_after_exit}"


class GallringRecord(AppendOnlyModel):
    """What gallring removed, of whom (reference only), for which organisation and when.

    `participant_id` is a plain column: the record must outlive what it describes. One row per
    (participant, organisation, category); its existence is what makes the job idempotent.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True)
    participant_id = models.BigIntegerField(_("participant id"), db_index=True)
    participant_reference = models.CharField(_("participant reference"), max_length=20)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    organisation = models.ForeignKey(
        "krami.Organisation", verbose_name=_("organisation"),
        on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    category = models.CharField(_("data category"), max_length=20, choices=DataCategory.choices)
    last_exit = models.DateField(_("last exit"))
    removed = models.JSONField(
        _("removed"), default=dict, help_text="What was removed or anonymised, by kind of record."
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("gallring record")
        verbose_name_plural = _("gallring records")
        constraints = [
            models.UniqueConstraint(fields=["participant_id", "organisation", "category"], name="gallring_once"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.participant_reference} {self.category}"


class RetentionRun(models.Model):
    """One run of gallring (`manage.py gallra`, nightly): as on which date, how many records it
    wrote, and the participants it could not handle.

    A failure names the participant by reference, unit and the kind of error (an exception class
    and, for a database error, the constraint): never a name, a personnummer or the database's own
    message, which can quote a whole row. The coordinators of the unit see it on the home page.
    """

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    on = models.DateField(_("as on"))
    records = models.PositiveIntegerField(_("gallring records written"), default=0)
    failures = models.JSONField(
        _("failures"), default=list, blank=True,
        help_text="One entry per participant not handled: participant_id, participant_reference, unit_id, categories, error.",
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("gallring run")
        verbose_name_plural = _("gallring runs")

    def __str__(self) -> str:
        return f"{self.on} ({self.records}, {len(self.failures)})"


class FlaggedReadCheck(AppendOnlyModel):
    """The coordinator looked into one flagged read of the access-log review and says what they found.

    Append-only, like the log it comments on: a check is a statement made at a time and is never
    edited. `access_log_id` is a plain column, not a foreign key: the access log is kept (and may be
    partitioned) on its own terms, and the check names the row it is about.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    access_log_id = models.BigIntegerField(_("access-log row"))
    month = models.DateField(_("month"), help_text=_("The first day of the reviewed month."))
    comment = models.TextField(_("comment"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked"), auto_now_add=True)

    class Meta:
        verbose_name = _("checked flagged read")
        verbose_name_plural = _("checked flagged reads")
        ordering = ["checked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["access_log_id"], name="flaggedreadcheck_once_per_read"),
            models.CheckConstraint(condition=~Q(comment=""), name="flaggedreadcheck_has_comment"),
            models.CheckConstraint(condition=Q(month__day=1), name="flaggedreadcheck_month_first_day"),
        ]
        indexes = [models.Index(fields=["unit", "month"], name="flaggedreadcheck_unit_month")]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m} #{self.access_log_id}"


class IdentityCheck(models.TextChoices):
    ID_DOCUMENT = "id_document", _("ID document shown in person")
    E_ID = "e_id", _("E-legitimation (BankID or similar)")
    SIGNED_REQUEST = "signed_request", _("Signed request checked against the population register")
    OTHER = "other", _("Other (see the case)")


class HandOver(models.TextChoices):
    IN_PERSON = "in_person", _("In person, against ID")
    REGISTERED_LETTER = "registered_letter", _("Registered letter to the address in the population register")
    SECURE_DIGITAL = "secure_digital", _("Secure digital mail")
    OTHER = "other", _("Other")


# GDPR art. 12(3): an answer within one month of receipt.
ANSWER_WITHIN_MONTHS = 1


class ExtractRequest(models.Model):
    """A participant asked an organisation for a register extract (registerutdrag, GDPR art. 15).

    The register the unit coordinator keeps of each request: when it came in, who handles it, when
    the identity was checked, when the extract was made and when and how it was handed over. The
    answer is due one month after receipt (`deadline`). The organisation is the one asked: it
    answers with what it may disclose (privacy/selectors/extract.py), and only its coordinators
    see its requests (docs/access.md).
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="extract_requests", verbose_name=_("unit"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation asked")
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="extract_requests",
        verbose_name=_("participant"),
    )
    received_on = models.DateField(_("received"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("handled by")
    )
    identity_checked_on = models.DateField(_("identity checked"), null=True, blank=True)
    identity_check = models.CharField(_("how the identity was checked"), max_length=20, choices=IdentityCheck.choices, blank=True)
    extract_made_on = models.DateField(_("extract made"), null=True, blank=True)
    handed_over_on = models.DateField(_("handed over"), null=True, blank=True)
    handed_over_how = models.CharField(_("how it was handed over"), max_length=20, choices=HandOver.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("register extract request")
        verbose_name_plural = _("register extract requests")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(identity_checked_on__isnull=True) | (Q(identity_checked_on__gte=F("received_on")) & ~Q(identity_check="")),
                name="extractrequest_identity_after_receipt",
            ),
            models.CheckConstraint(
                condition=Q(extract_made_on__isnull=True) | Q(extract_made_on__gte=F("received_on")),
                name="extractrequest_extract_after_receipt",
            ),
            models.CheckConstraint(
                condition=Q(handed_over_on__isnull=True) | (
                    Q(identity_checked_on__isnull=False) & Q(extract_made_on__isnull=False)
                    & Q(handed_over_on__gte=F("extract_made_on")) & Q(handed_over_on__gte=F("identity_checked_on"))
                    & ~Q(handed_over_how="")
                ),
                name="extractrequest_handed_over_last",
            ),
        ]
        indexes = [models.Index(fields=["unit", "organisation", "handed_over_on"], name="extractrequest_open")]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.received_on}"

    @property
    def deadline(self) -> date:
        return add_months(self.received_on, ANSWER_WITHIN_MONTHS)

    @property
    def is_open(self) -> bool:
        return self.handed_over_on is None
