"""Drug tests (drogtest): health data, owned record by record by the recording organisation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from krami.models import Organisation
from krami.validators import plausible_date
from participants.models import InParticipantsUnit, Participant


class DrugTestResult(models.TextChoices):
    NEGATIVE = "negative", _("Negative")
    POSITIVE = "positive", _("Positive")
    DECLINING = "declining", _("Declining value")
    REFUSED = "refused", _("Refused to take the test")
    NO_SHOW = "no_show", _("Did not come")


class NoShowDecision(models.TextChoices):
    """What came of a no-show while enrolled (DOMAIN.md, "Drug policy"): the unit's agreement says
    whether a no-show counts as not cooperating, or the team decides (agreements.rules.NoShowRule)."""

    PENDING = "pending", _("Waiting for the team's decision")
    DISCHARGE = "discharge", _("Discharged: the team counts it as not cooperating")
    CONTINUE = "continue", _("Not discharged: the team does not count it as not cooperating")
    BY_RULE = "by_rule", _("Discharged by the agreement's rule: counts as not cooperating")


class DrugTest(InParticipantsUnit):
    """A referral to a drug test on suspicion, its result, and after a no-show while enrolled what
    came of it (`no_show_decision`: pending, the team's decision with its reason, or the agreement's
    rule). Category HEALTH.

    Visible to staff of `owner_organisation` (who recorded it) and, with the participant's
    consent to share drug tests (the HEALTH grant), to the other parties (docs/access.md).
    """

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="drug_tests"
    )
    owner_organisation = models.ForeignKey(
        Organisation, verbose_name=_("owning organisation"), on_delete=models.PROTECT, related_name="+"
    )
    referred_on = models.DateField(_("referred on"), validators=[plausible_date])
    reason = models.TextField(_("reason for the referral"), max_length=1000)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("drug test", "referred by")
    )
    result = models.CharField(_("result"), max_length=10, choices=DrugTestResult.choices, blank=True)
    result_on = models.DateField(_("result date"), null=True, blank=True, validators=[plausible_date])
    result_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("result recorded by"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    no_show_decision = models.CharField(
        _("decision after the no-show"), max_length=10, choices=NoShowDecision.choices, blank=True
    )
    no_show_reason = models.TextField(_("reason for the decision"), max_length=1000, blank=True)
    no_show_decided_on = models.DateField(_("decided on"), null=True, blank=True, validators=[plausible_date])
    no_show_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decision recorded by"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-pk"]
        verbose_name = _("drug test")
        verbose_name_plural = _("drug tests")
        constraints = [
            models.CheckConstraint(
                condition=(Q(result="") & Q(result_on__isnull=True)) | (~Q(result="") & Q(result_on__isnull=False)),
                name="drugtest_result_has_date",
            ),
            models.CheckConstraint(
                condition=Q(result_on__isnull=True) | Q(result_on__gte=models.F("referred_on")),
                name="drugtest_result_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(no_show_decision="") | Q(result="no_show"), name="drugtest_decision_after_no_show"
            ),
            models.CheckConstraint(
                condition=(Q(no_show_decision__in=["", "pending"]) & Q(no_show_decided_on__isnull=True))
                | (~Q(no_show_decision__in=["", "pending"]) & Q(no_show_decided_on__isnull=False)),
                name="drugtest_decision_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(no_show_decision__in=["discharge", "continue"]) | ~Q(no_show_reason=""),
                name="drugtest_team_decision_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "referred_on"], name="drugtest_participant_date"),
            models.Index(fields=["result", "referred_on"], name="drugtest_result_date"),
            # A unit's referrals of a month (the dashboard), not every unit's of the month.
            models.Index(fields=["unit", "referred_on"], name="drugtest_unit_referred"),
        ]

    def __str__(self) -> str:
        return f"{self.participant.reference} {self.referred_on} {self.result or '-'}"
