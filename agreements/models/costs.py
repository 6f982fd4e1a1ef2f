"""Costs and their split: categories with a split rule as data, budgets, actual costs by month.

The arithmetic is in agreements/costsplit.py; these models only hold what was agreed and
what was spent.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models.agreement import Agreement, party_order
from krami.models import Organisation
from krami.validators import plausible_date


class SplitMethod(models.TextChoices):
    """How a category's costs are borne (DOMAIN.md, "Local agreement")."""

    SHARED = "shared", _("Shared by the parties in fixed shares")
    OWN = "own", _("Each party bears what it pays (own staff costs)")
    OUTSIDE = "outside", _("Outside the split (recorded, not settled)")


class CostCategory(models.Model):
    """A kind of cost in the agreement: “Operating costs (driftskostnader)”, “Administrator”…"""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="cost_categories"
    )
    name = models.CharField(_("name"), max_length=100)
    split_method = models.CharField(_("split"), max_length=10, choices=SplitMethod.choices, default=SplitMethod.SHARED)
    description = models.TextField(
        _("what it covers"), max_length=2000, blank=True, help_text=_("e.g. handledning, premises, service and cleaning…")
    )
    budget = models.DecimalField(
        _("budget for the period"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost category")
        verbose_name_plural = _("cost categories")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "name"], name="costcategory_unique_name"),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0), name="costcategory_budget_nonnegative"),
        ]

    def __str__(self) -> str:
        return self.name


class CostShare(models.Model):
    """One party's share of a SHARED category, in percent; a category's shares sum to 100."""

    category = models.ForeignKey(
        CostCategory, verbose_name=_("cost category"), on_delete=models.CASCADE, related_name="shares"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    percent = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost share")
        verbose_name_plural = _("cost shares")
        ordering = [party_order(), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["category", "organisation"], name="costshare_unique"),
            models.CheckConstraint(condition=Q(percent__gt=0) & Q(percent__lte=100), name="costshare_percent_range"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.percent} %"


class ActualCost(models.Model):
    """A cost as it fell due: month, category, amount, who paid it, and a note."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="costs"
    )
    category = models.ForeignKey(
        CostCategory, on_delete=models.PROTECT, related_name="costs", verbose_name=_("category")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month the cost belongs to."), validators=[plausible_date])
    amount = models.DecimalField(_("amount (kr)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    paid_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("paid by"))
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("e.g. invoice number, supplier"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actual cost")
        verbose_name_plural = _("actual costs")
        ordering = ["month", "category__order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="actualcost_amount_nonnegative"),
        ]
        indexes = [models.Index(fields=["agreement", "month"], name="actualcost_agreement_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.category}: {self.amount}"

