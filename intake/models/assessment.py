"""Interview, the team meeting's assessment, and manual placements in the priority queue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from krami.appendonly import AppendOnlyModel
from krami.validators import plausible_date
from participants.models import InParticipantsUnit, Participant


class InterviewStatus(models.TextChoices):
    """An interview is booked for a date and time; on or after the day it was held, or the person did not come.

    Only HELD counts: the interview an assessment rests on, the funnel's "interviewed" (issue 16).
    """

    BOOKED = "booked", _("Booked")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("Did not come")


class Interview(InParticipantsUnit):
    """Intervju: the person contacts Krami after the information meeting (DOMAIN.md, "Intake", step 2)."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="interviews"
    )
    held_on = models.DateField(_("date"), validators=[plausible_date])
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=InterviewStatus.choices, default=InterviewStatus.HELD)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("interviewer")
    )
    notes = models.TextField(_("outcome notes"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        indexes = [
            models.Index(fields=["participant", "held_on"], name="interview_participant_date"),
            # A unit's interviews of a month or a week (the dashboard, the home page's week).
            models.Index(fields=["unit", "held_on"], name="interview_unit_date"),
            models.Index(fields=["status", "held_on"], name="interview_status_date"),
        ]

    def __str__(self) -> str:
        return f"{self.participant.reference} {self.held_on}"

    @property
    def is_booked(self) -> bool:
        return self.status == InterviewStatus.BOOKED


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted for the guidance course")
    REFERRED = "referred", _("Referred elsewhere")
    NOT_NOW = "not_now", _("Not now")


class Assessment(InParticipantsUnit):
    """Bedömning at the team's work meeting (DOMAIN.md, "Intake", step 3).

    `failed_conditions` keeps the eligibility evaluation as it was at the decision (codes and
    parameters, see intake/eligibility.py): later changes to the person's data or to the unit's
    rules do not rewrite why the team decided as it did. Accepting someone who fails a condition
    needs `override_reason`; assessing someone who was not interviewed since their last assessment
    needs `no_interview_reason` (intake/services/assessment.py).
    """

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="assessments"
    )
    decided_on = models.DateField(_("date of the team meeting"), validators=[plausible_date])
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    referred_to = models.CharField(
        _("referred to"), max_length=200, blank=True, help_text=_("Where the person was referred, e.g. work training.")
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    failed_conditions = models.JSONField(_("conditions not met"), default=list, blank=True)
    override_reason = models.TextField(_("reason for accepting despite failed conditions"), max_length=2000, blank=True)
    no_interview_reason = models.TextField(
        _("reason for assessing without an interview"), max_length=2000, blank=True,
        help_text=_("The intake steps are information meeting, interview, assessment: empty when an interview was held."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="referred") | ~Q(referred_to=""), name="assessment_referral_has_destination"
            ),
            models.CheckConstraint(condition=~Q(decision="not_now") | ~Q(reason=""), name="assessment_not_now_has_reason"),
        ]
        indexes = [
            models.Index(fields=["participant", "decided_on"], name="assessment_participant_date"),
            # A unit's assessments of a month (the dashboard), not every unit's of the month.
            models.Index(fields=["unit", "decided_on"], name="assessment_unit_date"),
        ]

    def __str__(self) -> str:
        return f"{self.participant.reference} {self.decided_on} {self.decision}"

    @property
    def overridden(self) -> bool:
        return bool(self.failed_conditions) and self.decision == Decision.ACCEPTED

    @property
    def without_interview(self) -> bool:
        return bool(self.no_interview_reason)


class QueuePlacement(AppendOnlyModel):
    """A manual change of an applicant's place in the priority queue, with its reason.

    Append-only: the latest row for an assessment is in force (`position` None puts the applicant
    back in the rule order); the earlier rows are the log of who moved whom, when and why.
    """

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="placements"
    )
    position = models.PositiveSmallIntegerField(_("position"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=2000)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("placed in the queue by"), on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(_("placed in the queue"), auto_now_add=True)

    class Meta:
        ordering = ["placed_at", "pk"]
        verbose_name = _("manual queue placement")
        verbose_name_plural = _("manual queue placements")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="queueplacement_has_reason"),
            models.CheckConstraint(
                condition=Q(position__isnull=True) | Q(position__gte=1), name="queueplacement_position_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} → {self.position}"
