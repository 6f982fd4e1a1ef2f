"""The agreement itself: period and status, parties, targets, eligibility, priority, terms.

One agreement per unit and period (normally a calendar year). The text of the Stockholm
document (seeds/004) is kept in plain text fields so that the PDF can be printed from it;
the rules the software acts on (targets, eligibility, priority) are typed fields.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from agreements.periods import notice_deadline
from agreements.pricing import PlacePrice, PriceModel
from agreements.rules import (
    DEFAULT_PRIORITY_ORDER,
    IntakeMode,
    NoShowRule,
    OutcomeStudies,
    PriorityCategory,
    TargetScope,
    TargetSituation,
)
from krami.models import Gender, Municipality, Organisation, Unit
from krami.validators import plausible_date


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    TERMINATED = "terminated", _("Terminated (notice given)")


def party_order(prefix: str = "organisation__") -> models.Case:
    """Parties in the document's order: Arbetsförmedlingen, Kriminalvården, then the kommun(er)."""
    return models.Case(
        models.When(**{f"{prefix}kind": "af"}, then=models.Value(0)),
        models.When(**{f"{prefix}kind": "kv"}, then=models.Value(1)),
        default=models.Value(2),
    )


# Statuses in which an agreement binds the parties for (part of) its period. A terminated
# agreement runs until its period ends; an ended one until `ended_on` (or its period end).
IN_FORCE_STATUSES = (AgreementStatus.ACTIVE, AgreementStatus.TERMINATED, AgreementStatus.ENDED)


class OutcomeDenominator(models.TextChoices):
    """DOMAIN.md, "Targets": the two denominators an outcome target can use."""

    ALL_CLOSED = "all_closed", _("of all closed participants")
    COMPLETED_PROGRAMME = "completed_programme", _("of closed participants who completed the guidance programme")


class InflowMeasure(models.TextChoices):
    INTERVIEWED = "interviewed", _("Interviewed")
    ENROLLED = "enrolled", _("Enrolled")


def _default_priority_order() -> list[str]:
    return [str(c) for c in DEFAULT_PRIORITY_ORDER]


# The agreement's field for each situation of the target group (TargetSituation), in that order.
TARGET_GROUP_FIELDS = {
    TargetSituation.IN_INSTITUTION: "target_in_institution",
    TargetSituation.UNDER_SUPERVISION: "target_under_supervision",
    TargetSituation.CONVICTED: "target_convicted",
    TargetSituation.AT_RISK: "target_at_risk",
}

TARGET_HELP = _("Who of the people in this situation belong to the target group (women: people who identify as "
                "women too); empty: nobody.")


class Agreement(models.Model):
    """A unit's local agreement (lokal överenskommelse) for one period."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("unit"))
    title = models.CharField(
        pgettext_lazy("agreement", "title"),
        max_length=200,
        help_text=_("As on the document, e.g. “Lokal överenskommelse för Krami i Stockholm för år 2023”."),
    )
    period_start = models.DateField(_("period start"), validators=[plausible_date])
    period_end = models.DateField(_("period end"), validators=[plausible_date])
    status = models.CharField(_("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies", verbose_name=_("copied from")
    )

    # Targets (Mål för verksamheten)
    occupancy_target = models.PositiveIntegerField(
        _("occupancy key figure (beläggningsmål)"),
        null=True,
        blank=True,
        help_text=_("Number of active participants the unit aims for, e.g. 80. The priority order applies from this number."),
    )
    outcome_target_percent = models.DecimalField(
        _("outcome target (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Share of participants who work or study when they leave, e.g. 60."),
    )
    outcome_denominator = models.CharField(
        _("the outcome target counts"), max_length=30, choices=OutcomeDenominator.choices, blank=True
    )
    outcome_studies = models.CharField(
        _("the outcome target counts exits to"), max_length=10, choices=OutcomeStudies.choices, default=OutcomeStudies.ANY,
        help_text=_("Whether part-time studies count towards the target, or only full-time studies."),
    )
    goals_text = models.TextField(_("long-term goals"), max_length=10000, blank=True)

    # Eligibility (målgrupp); age limits and municipalities are lines of their own
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=18, validators=[MinValueValidator(15), MaxValueValidator(99)])
    require_drug_free = models.BooleanField(_("must be drug-free"), default=True)
    require_housing = models.BooleanField(_("must have arranged housing"), default=True)
    require_childcare = models.BooleanField(_("must have arranged childcare"), default=False)
    # The target group by criminal-justice situation (seeds/003: convicted men and women, and women
    # at risk of crime). All four empty: the agreement names no such condition.
    target_in_institution = models.CharField(
        _("target group: in an institution"), max_length=10, choices=TargetScope.choices, blank=True, help_text=TARGET_HELP
    )
    target_under_supervision = models.CharField(
        _("target group: under supervision"), max_length=10, choices=TargetScope.choices, blank=True, help_text=TARGET_HELP
    )
    target_convicted = models.CharField(
        _("target group: convicted"), max_length=10, choices=TargetScope.choices, blank=True,
        help_text=_("Convicted at any time, in an institution and under supervision included; empty: nobody."),
    )
    target_at_risk = models.CharField(
        _("target group: at risk of crime"), max_length=10, choices=TargetScope.choices, blank=True, help_text=TARGET_HELP
    )
    target_group_text = models.TextField(_("target group, additions"), max_length=10000, blank=True)

    # Priority order (prioriteringsordning)
    priority_order = models.JSONField(_("priority order"), default=_default_priority_order)
    women_first = models.BooleanField(_("women first between two equal applicants"), default=True)
    priority_only_at_occupancy_target = models.BooleanField(
        _("apply the priority order only when the occupancy target is reached"), default=True
    )
    young_min_age = models.PositiveSmallIntegerField(_("young applicants: from age"), default=18)
    young_max_age = models.PositiveSmallIntegerField(_("young applicants: up to age"), default=25)
    special_starts_text = models.TextField(_("special starts and individual planning"), max_length=10000, blank=True)
    intake_mode = models.CharField(
        _("starts in the guidance course"), max_length=10, choices=IntakeMode.choices, default=IntakeMode.BOTH,
        help_text=_("Group starts only (e.g. groups of 5–6), individual starts only, or both."),
    )

    # Governance, staffing texts and follow-up (Ledning och styrning, Uppföljning)
    governance_text = models.TextField(_("governance"), max_length=10000, blank=True)
    steering_group_meetings_per_year = models.PositiveSmallIntegerField(
        _("steering group meetings per year (at least)"), null=True, blank=True
    )
    drug_policy_text = models.TextField(_("drug policy"), max_length=10000, blank=True)
    drug_test_no_show = models.CharField(
        _("not turning up for a drug test"), max_length=20, choices=NoShowRule.choices, default=NoShowRule.TEAM,
        help_text=_("Whether a no-show counts as not cooperating (which discharges), or goes to the team to decide."),
    )
    drug_test_no_show_limit = models.PositiveSmallIntegerField(
        _("no-shows that count as not cooperating"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("When no-shows count as not cooperating: the no-show within one enrolment that discharges, e.g. 1 "
                    "for the first."),
    )
    recruitment_text = models.TextField(_("recruitment"), max_length=10000, blank=True)
    introduction_text = models.TextField(_("introduction of new staff"), max_length=10000, blank=True)
    guideline_follow_ups_per_year = models.PositiveSmallIntegerField(_("follow-ups of the joint guideline per year"), null=True, blank=True)
    follow_up_text = models.TextField(_("other follow-up"), max_length=10000, blank=True)

    # Costs: the split itself is in CostCategory/CostShare
    budget_owner_text = models.TextField(_("budget responsibility"), max_length=10000, blank=True)
    costs_text = models.TextField(_("costs, other terms"), max_length=10000, blank=True)

    # Purchased places (Betalningsmodell för kommuner som ej ingår)
    place_price_model = models.CharField(
        _("price model for a purchased place"), max_length=10, choices=PriceModel.choices, default=PriceModel.PER_MONTH,
        help_text=_("“24 500 kr (4 900 kr a month for five months)” can be read either way: say which."),
    )
    place_monthly_price = models.DecimalField(
        _("price per month for a purchased place"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("What a municipality outside the agreement pays per participant and month, e.g. 4 900."),
    )
    place_months = models.PositiveSmallIntegerField(
        _("months charged per participant"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("e.g. 5: a place costs 5 × the monthly price."),
    )
    drug_tests_billed_at_cost = models.BooleanField(_("drug tests are billed separately at cost"), default=True)
    pricing_text = models.TextField(_("purchased places, other terms"), max_length=10000, blank=True)

    # Period and termination (Avtalstid och uppsägning)
    notice_months = models.PositiveSmallIntegerField(
        _("notice period (months before the period ends)"), default=6, validators=[MaxValueValidator(24)]
    )
    termination_text = models.TextField(_("termination, other terms"), max_length=10000, blank=True)
    wind_down_months = models.PositiveSmallIntegerField(_("wind-down period (months)"), null=True, blank=True)
    wind_down_category = models.ForeignKey(
        "agreements.CostCategory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("remaining costs in a wind-down are shared as"),
    )
    wind_down_text = models.TextField(_("wind-down rule"), max_length=10000, blank=True)
    terminated_on = models.DateField(_("notice given on"), null=True, blank=True, validators=[plausible_date])
    terminated_by_party = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("notice given by")
    )
    termination_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("termination recorded by"),
    )
    termination_reason = models.TextField(_("reason for termination"), max_length=2000, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True, validators=[plausible_date])
    appendices_text = models.TextField(_("appendices"), max_length=10000, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("local agreement")
        verbose_name_plural = _("local agreements")
        ordering = ["unit__name", "-period_start"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="agreement_period_order"),
            models.UniqueConstraint(fields=["unit", "period_start"], name="agreement_unique_unit_start"),
        ]
        indexes = [models.Index(fields=["unit", "status", "period_start"], name="agreement_unit_status")]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_label}"

    @property
    def period_label(self) -> str:
        if (
            self.period_start.year == self.period_end.year
            and (self.period_start.month, self.period_start.day) == (1, 1)
            and (
                self.period_end.month,
                self.period_end.day,
            )
            == (12, 31)
        ):
            return str(self.period_start.year)
        return f"{self.period_start:%Y-%m-%d} – {self.period_end:%Y-%m-%d}"

    @property
    def notice_deadline(self) -> date:
        return notice_deadline(period_end=self.period_end, months=self.notice_months)

    @property
    def in_force_until(self) -> date:
        return self.ended_on or self.period_end

    @property
    def is_editable(self) -> bool:
        """Ended agreements are a record of what was agreed; drafts and running ones can change."""
        return self.status in (AgreementStatus.DRAFT, AgreementStatus.ACTIVE, AgreementStatus.TERMINATED)

    @property
    def place_price(self) -> PlacePrice | None:
        """The price of a purchased place (agreements/pricing.py), or None when none is agreed."""
        if self.place_monthly_price is None or not self.place_months:
            return None
        return PlacePrice(monthly=self.place_monthly_price, months=self.place_months, model=self.place_price_model)

    @property
    def place_price_total(self):
        price = self.place_price
        return price.per_participant if price else None

    @property
    def target_group(self) -> list[tuple[str, str]]:
        """(situation, scope) for each situation of the target group, in TargetSituation's order."""
        return [(situation, getattr(self, name)) for situation, name in TARGET_GROUP_FIELDS.items() if getattr(self, name)]

    @property
    def priority_labels(self) -> list[str]:
        labels = dict(PriorityCategory.choices)
        return [str(labels.get(code, code)) for code in self.priority_order or []]

    def in_force_on(self, day: date) -> bool:
        return self.status in IN_FORCE_STATUSES and self.period_start <= day <= self.in_force_until


class AgreementParty(models.Model):
    """A party as named in the agreement, with its signature (date, place, name)."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    name_in_agreement = models.CharField(
        _("name in the agreement"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “VO lokalarbetsmarknad Stockholm-Globen”; empty: the organisation's name."),
    )
    division = models.CharField(_("verksamhetsområde"), max_length=200, blank=True, help_text=_("Kriminalvården only."))
    site = models.CharField(_("verksamhetsställe"), max_length=200, blank=True, help_text=_("Kriminalvården only."))
    signed_on = models.DateField(_("signed on"), null=True, blank=True, validators=[plausible_date])
    signed_place = models.CharField(_("place"), max_length=100, blank=True)
    signatory = models.CharField(_("name of signatory"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party to the agreement")
        verbose_name_plural = _("parties to the agreement")
        ordering = [party_order(), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation"], name="agreementparty_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_in_agreement or self.organisation.name

    @property
    def is_signed(self) -> bool:
        return bool(self.signed_on and self.signatory)


class InflowTarget(models.Model):
    """At least `minimum` people (interviewed, enrolled) during the agreement's period."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="inflow_targets")
    measure = models.CharField(_("measure"), max_length=20, choices=InflowMeasure.choices)
    minimum = models.PositiveIntegerField(_("at least"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inflow target")
        verbose_name_plural = _("inflow targets")
        ordering = ["measure"]
        constraints = [models.UniqueConstraint(fields=["agreement", "measure"], name="inflowtarget_unique")]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} ≥ {self.minimum}"


class AgeLimit(models.Model):
    """Age limits for one gender, or for everyone (Trollhättan: men 18–40, women 18+)."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="age_limits")
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True, help_text=_("Empty: applies to everyone."))
    min_age = models.PositiveSmallIntegerField(_("from age"), validators=[MinValueValidator(15), MaxValueValidator(99)])
    max_age = models.PositiveSmallIntegerField(
        _("up to age (inclusive)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text=_("Empty: no upper limit."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("age limit")
        verbose_name_plural = _("age limits")
        ordering = ["gender", "min_age"]
        constraints = [
            models.CheckConstraint(condition=Q(max_age__isnull=True) | Q(max_age__gte=F("min_age")), name="agelimit_order"),
            models.UniqueConstraint(fields=["agreement", "gender"], name="agelimit_unique_gender"),
        ]

    def __str__(self) -> str:
        who = self.get_gender_display() if self.gender else _("Everyone")
        upper = self.max_age if self.max_age is not None else ""
        return f"{who}: {self.min_age}–{upper}"


class EligibleMunicipality(models.Model):
    """A municipality whose residents may take part; none listed: residents of anywhere."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="eligible_municipalities")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality of residence"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipality of residence")
        verbose_name_plural = _("municipalities of residence")
        ordering = ["municipality__name"]
        constraints = [models.UniqueConstraint(fields=["agreement", "municipality"], name="eligiblemunicipality_unique")]

    def __str__(self) -> str:
        return str(self.municipality)
