"""The programme after the start (DOMAIN.md, "Programme"): employers, internships (praktik),
employment or studies with continued support, and the record of case-worker reassignments.

Placements, employments and studies are participant data of category CORE (programme
status): whoever may see the participant sees them. Employers are not personal data, but an
employer's list of placements is, so it is always read through `visible_participants`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from krami.appendonly import AppendOnlyModel
from krami.models import Municipality, Unit
from krami.validators import plausible_date

PARTICIPANT = "participants.Participant"


class Employer(models.Model):
    """An employer (arbetsgivare) in a unit's register: where internships and jobs happen."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="employers", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        help_text=_("Organisationsnummer, e.g. 556036-0793. Leave empty for a sole trader."),
    )
    contact_person = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("employer (arbetsgivare)")
        verbose_name_plural = _("employers")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "organisation_number"],
                condition=~Q(organisation_number=""),
                name="employer_unique_orgnr_per_unit",
                violation_error_message=_("An employer with this organisation number is already in the register."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "name"], name="employer_unit_name")]

    def __str__(self) -> str:
        return self.name


class Internship(models.Model):
    """A placement (praktik) of a participant at an employer, meant to lead to work or studies."""

    participant = models.ForeignKey(
        PARTICIPANT, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="internships"
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="internships", verbose_name=_("employer")
    )
    start_date = models.DateField(_("start date"), validators=[plausible_date])
    planned_end_date = models.DateField(_("planned end date"), validators=[plausible_date])
    actual_end_date = models.DateField(_("actual end date"), null=True, blank=True, validators=[plausible_date])
    supervisor_name = models.CharField(_("supervisor (handledare)"), max_length=100)
    supervisor_phone = models.CharField(_("supervisor's phone"), max_length=30, blank=True)
    wage_subsidy = models.BooleanField(
        _("with wage subsidy (lönestöd)"), default=False, help_text=_("Arbetsförmedlingen pays part of the cost.")
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    # Owned record by record: only the organisation that recorded it changes it (participants/authority.py).
    owner_organisation = models.ForeignKey(
        "krami.Organisation", verbose_name=_("owning organisation"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("internship (praktik)")
        verbose_name_plural = _("internships")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_date__gte=F("start_date")),
                name="internship_planned_after_start",
                violation_error_message=_("The planned end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end_date__isnull=True) | Q(actual_end_date__gte=F("start_date")),
                name="internship_ended_after_start",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "start_date"], name="internship_participant_start"),
            models.Index(fields=["employer", "start_date"], name="internship_employer_start"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.start_date}"

    @property
    def is_ongoing(self) -> bool:
        return self.actual_end_date is None


class EmploymentType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent (tillsvidareanställning)")
    FIXED_TERM = "fixed_term", _("Fixed-term (visstidsanställning)")
    OTHER = "other", _("Other form of employment")


class Subsidy(models.TextChoices):
    NONE = "none", _("Without subsidy")
    WAGE_SUBSIDY = "wage_subsidy", _("With wage subsidy (lönestöd)")
    NYSTARTSJOBB = "nystartsjobb", _("Nystartsjobb")
    OTHER = "other", _("Other subsidy")


class Employment(models.Model):
    """A job the participant got; Krami's support continues ("finna, få och behålla ett arbete")."""

    participant = models.ForeignKey(
        PARTICIPANT, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="employments"
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="employments", verbose_name=_("employer")
    )
    employment_type = models.CharField(_("type of employment"), max_length=20, choices=EmploymentType.choices)
    subsidy = models.CharField(_("subsidy"), max_length=20, choices=Subsidy.choices, default=Subsidy.NONE)
    start_date = models.DateField(_("start date"), validators=[plausible_date])
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("If known, e.g. a fixed term."), validators=[plausible_date]
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    # Owned record by record: only the organisation that recorded it changes it (participants/authority.py).
    owner_organisation = models.ForeignKey(
        "krami.Organisation", verbose_name=_("owning organisation"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="employment_end_after_start",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "start_date"], name="employment_participant_start"),
            models.Index(fields=["employer", "start_date"], name="employment_employer_start"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.start_date}"

    @property
    def is_subsidised(self) -> bool:
        return self.subsidy != Subsidy.NONE


class Studies(models.Model):
    """Studies the participant started (school and programme), full-time or not."""

    participant = models.ForeignKey(
        PARTICIPANT, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="studies"
    )
    school = models.CharField(_("school"), max_length=200)
    programme = models.CharField(_("programme or course"), max_length=200)
    full_time = models.BooleanField(_("full-time studies"), default=True)
    start_date = models.DateField(_("start date"), validators=[plausible_date])
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("If known."), validators=[plausible_date])
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    # Owned record by record: only the organisation that recorded it changes it (participants/authority.py).
    owner_organisation = models.ForeignKey(
        "krami.Organisation", verbose_name=_("owning organisation"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("studies")
        verbose_name_plural = _("studies")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="studies_end_after_start",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]
        indexes = [models.Index(fields=["participant", "start_date"], name="studies_participant_start")]

    def __str__(self) -> str:
        return f"{self.school} {self.start_date}"


class HandlerChange(AppendOnlyModel):
    """A reassignment of the participant's case worker (handläggare): who, when, from, to."""

    participant = models.ForeignKey(
        PARTICIPANT, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="handler_changes"
    )
    previous_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("previous case worker"), on_delete=models.PROTECT, related_name="+"
    )
    new_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("new case worker"), on_delete=models.PROTECT, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("case-worker reassignment")
        verbose_name_plural = _("case-worker reassignments")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["participant", "changed_at"], name="handlerchange_participant_at")]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.changed_at:%Y-%m-%d}"
