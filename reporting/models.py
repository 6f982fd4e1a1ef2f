"""Month-end snapshots (månadsbokslut): a closed month's figures, frozen as they were."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from krami.models import Unit


class MonthSnapshot(models.Model):
    """The figures of one unit's month as computed when the styrgrupp or coordinator closed it.

    `figures` holds the flat figure keys of reporting/figures.py and reporting/economy.py
    (counts as integers, money as strings with öre). Later data for the month never changes
    them: the dashboard marks the figures that changed since. `hidden` holds which cells small-
    number protection hides, decided once, so that every later publication keeps them hidden (or
    visible). Closed months also serve the national view and the trends. A snapshot is never
    edited or reopened (a snapshot closed before `hidden` existed gets it once, from the
    month-end job).
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="month_snapshots", verbose_name=_("unit"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    figures = models.JSONField(_("figures"), default=dict)
    labels = models.JSONField(
        _("labels"), default=dict, help_text="Names of cost categories and parties at closing, by id."
    )
    hidden = models.JSONField(
        _("hidden cells"), default=dict, blank=True,
        help_text="Small-number protection decided at closing: {period: [hidden figure keys]} for the month and "
        "every longer period that ends with it (reporting/protection.py).",
    )
    definitions_version = models.PositiveSmallIntegerField(_("definitions version"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("closed by")
    )
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)

    class Meta:
        ordering = ["unit", "-month"]
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="monthsnapshot_unique_unit_month"),
        ]
        indexes = [models.Index(fields=["month", "unit"], name="monthsnapshot_month_unit")]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m}"
