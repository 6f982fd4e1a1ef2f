"""Staffing (Kramis personalresurser): FTE per party, and roles the parties share."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models.agreement import Agreement, party_order
from krami.models import Organisation


class StaffingLine(models.Model):
    """FTE (årsarbetskrafter) one party puts into the team, e.g. Arbetsförmedlingen 2."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="staffing"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    fte = models.DecimalField(
        _("FTE"), max_digits=4, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(50)],
        help_text=_("Full-time equivalents (årsarbetskrafter), e.g. 2 or 1.5."),
    )
    role_description = models.CharField(_("roles"), max_length=200, blank=True, help_text=_("e.g. vägledare"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staffing line")
        verbose_name_plural = _("staffing")
        ordering = [party_order(), "pk"]
        constraints = [models.CheckConstraint(condition=Q(fte__gte=0), name="staffingline_fte_nonnegative")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.fte}"


class SharedRole(models.Model):
    """A role the parties pay for together, e.g. an administrator at 50 % employed by the kommun."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="shared_roles"
    )
    title = models.CharField(_("role"), max_length=100, help_text=_("e.g. Administrator"))
    fte = models.DecimalField(
        _("FTE"), max_digits=4, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_("0.5 for a 50 % post."),
    )
    employer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("employed by")
    )
    cost_category = models.ForeignKey(
        "agreements.CostCategory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_roles",
        verbose_name=_("cost shared as"),
        help_text=_("The cost category whose split rule pays for this role."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("shared role")
        verbose_name_plural = _("shared roles")
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(fte__gte=0), name="sharedrole_fte_nonnegative")]

    def __str__(self) -> str:
        return f"{self.title} ({self.fte})"
