"""Two records of one person made one (DOMAIN.md, "One person, one participation").

Two parties of a unit can each register the same person: the duplicate check sees only the user's
own records, so that it never tells anyone what another party holds. Once a consent lets the
parties see each other's record, their owners can merge them: one proposes, the other confirms
(docs/access.md, "Merging two records of one person").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from krami.models import Organisation, Unit
from participants.models.register import Participant


class MergeStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the other organisation")
    MERGED = "merged", _("Merged")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MergeProposal(models.Model):
    """A proposal to merge two records of one person, and once confirmed the record of the merge.

    The record registered first is kept (`kept`); the other one's rows move to it and the other one
    is removed, so `absorbed` becomes empty and `absorbed_participant_id` and `absorbed_reference`
    name it from then on (its reads stay in the access log under that id). The audit events
    (``merge.proposed``, ``participant.merged``, ``merge.declined``, ``merge.withdrawn``) are the
    append-only trail; this row is the register extract's account of the merge.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    kept = models.ForeignKey(
        Participant, verbose_name=_("record kept"), on_delete=models.CASCADE, related_name="merge_proposals"
    )
    absorbed = models.ForeignKey(
        Participant, verbose_name=_("record merged into it"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="absorbing_proposals",
    )
    absorbed_participant_id = models.BigIntegerField(_("id of the record merged into it"))
    absorbed_reference = models.CharField(_("reference of the record merged into it"), max_length=20)
    kept_owner = models.ForeignKey(
        Organisation, verbose_name=_("owner of the record kept"), on_delete=models.PROTECT, related_name="+"
    )
    absorbed_owner = models.ForeignKey(
        Organisation, verbose_name=_("owner of the record merged into it"), on_delete=models.PROTECT, related_name="+"
    )
    proposing_organisation = models.ForeignKey(
        Organisation, verbose_name=_("proposed by party"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    note = models.CharField(
        _("why it is the same person"), max_length=300, blank=True,
        help_text=_("For the other organisation: how you know that the two records are one person."),
    )
    status = models.CharField(_("status"), max_length=10, choices=MergeStatus.choices, default=MergeStatus.OPEN)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer_note = models.CharField(_("answer"), max_length=300, blank=True)
    moved = models.JSONField(_("rows moved"), default=dict, blank=True)

    class Meta:
        verbose_name = _("merge of two records")
        verbose_name_plural = _("merges of two records")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kept", "absorbed_participant_id"], condition=Q(status="open"), name="merge_one_open_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(kept_owner=models.F("absorbed_owner")), name="merge_two_owners"
            ),
            models.CheckConstraint(
                condition=Q(status="open", answered_at__isnull=True) | (~Q(status="open") & Q(answered_at__isnull=False)),
                name="merge_answered_when_closed",
            ),
        ]
        indexes = [models.Index(fields=["absorbed_participant_id"], name="merge_absorbed")]

    def __str__(self) -> str:
        return f"{self.absorbed_reference} → {self.kept.reference}"

    @property
    def answering_organisation_id(self) -> int:
        """The owner who did not propose: the one whose handler or coordinator confirms."""
        if self.proposing_organisation_id == self.kept_owner_id:
            return self.absorbed_owner_id
        return self.kept_owner_id
