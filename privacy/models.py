"""The stored sign-off of a month's access-log review (loggkontroll)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from krami.appendonly import AppendOnlyModel
from krami.models import DataCategory, Unit


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
    comment = models.TextField(_("comment"), blank=True)
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
