"""The programme after the start: group starts, sessions, enrolment episodes, exits, follow-ups."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from krami.models import Unit
from krami.validators import plausible_date
from participants.models import InParticipantsUnit, Participant


class GroupAudience(models.TextChoices):
    """Separate groups for women and men where possible (DOMAIN.md, "Programme")."""

    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    MIXED = "mixed", _("Mixed")


class GuidanceGroup(models.Model):
    """A group start of the guidance course (vägledningskurs): 3–4 weeks, a handful of places."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="guidance_groups")
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("start date"), validators=[plausible_date])
    weeks = models.PositiveSmallIntegerField(_("length in weeks"), default=4)
    capacity = models.PositiveSmallIntegerField(_("places"), default=6)
    audience = models.CharField(
        _("group for"), max_length=10, choices=GroupAudience.choices, default=GroupAudience.MIXED
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("guidance course group")
        verbose_name_plural = _("guidance course groups")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="group_capacity_positive"),
            models.CheckConstraint(condition=Q(weeks__gte=1) & Q(weeks__lte=8), name="group_weeks_range"),
        ]
        indexes = [models.Index(fields=["unit", "starts_on"], name="group_unit_start")]

    def __str__(self) -> str:
        return self.name

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(weeks=self.weeks) - timedelta(days=1)

    def status_on(self, today: date) -> str:
        if today < self.starts_on:
            return "planned"
        return "running" if today <= self.ends_on else "finished"


class GroupSession(models.Model):
    """One meeting of a group; attendance is recorded per session."""

    group = models.ForeignKey(
        GuidanceGroup, verbose_name=_("guidance course group"), on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField(_("date"), validators=[plausible_date])
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        ordering = ["held_on", "starts_at", "pk"]
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        indexes = [models.Index(fields=["group", "held_on"], name="session_group_date")]

    def __str__(self) -> str:
        return f"{self.group} {self.held_on}"


class StartKind(models.TextChoices):
    GROUP = "group", _("Group start")
    INDIVIDUAL = "individual", _("Individual start")


class ExitOutcome(models.TextChoices):
    """What the person went on to (avslutsorsak). Work and studies come first, in this order
    (reporting counts them together: reporting/kpis.py)."""

    WORK_WITH_SUBSIDY = "work_subsidy", _("Work with wage subsidy")
    WORK = "work", _("Work without subsidy")
    STUDIES_FULL_TIME = "studies_full_time", _("Studies, full time")
    STUDIES_PART_TIME = "studies_part_time", _("Studies, part time")
    # Exits recorded before full and part time were told apart (and imports that do not say).
    STUDIES = "studies", _("Studies (unspecified)")
    OTHER_PROGRAMME = "other_programme", _("Other programme")
    MOVED = "moved", _("Moved")
    ILLNESS = "illness", _("Illness")
    DRUG_TEST_DISCHARGE = "drug_test", _("Discharged after drug test")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    OTHER = "other", _("Other")


class Episode(InParticipantsUnit):
    """An enrolment (inskrivning) from a start to an exit (avslut).

    A participant has at most one open episode (the database enforces it); re-enrolment opens a
    new one, so the history of earlier enrolments stays as it was.
    """

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="episodes"
    )
    kind = models.CharField(_("start"), max_length=10, choices=StartKind.choices)
    group = models.ForeignKey(
        GuidanceGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="episodes", verbose_name=_("group")
    )
    started_on = models.DateField(_("start date"), validators=[plausible_date])
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("enrolled by"), on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(_("exit date"), null=True, blank=True, validators=[plausible_date])
    exit_outcome = models.CharField(_("outcome"), max_length=20, choices=ExitOutcome.choices, blank=True)
    completed_guidance_programme = models.BooleanField(_("completed the guidance programme"), null=True, blank=True)
    exit_note = models.TextField(_("note"), max_length=2000, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("exit recorded by"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("enrolment episode")
        verbose_name_plural = _("enrolment episodes")
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=Q(ended_on__isnull=True), name="episode_one_open_per_participant"
            ),
            models.CheckConstraint(
                condition=(Q(kind="group") & Q(group__isnull=False)) | (Q(kind="individual") & Q(group__isnull=True)),
                name="episode_group_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="episode_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(exit_outcome=""))
                | (Q(ended_on__isnull=False) & ~Q(exit_outcome="")),
                name="episode_exit_has_outcome",
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "started_on"], name="episode_participant_start"),
            # A unit's episodes of a period (the dashboard's occupancy, starts and exits).
            models.Index(fields=["unit", "started_on"], name="episode_unit_start"),
            models.Index(fields=["ended_on", "exit_outcome"], name="episode_exit"),
        ]

    def __str__(self) -> str:
        return f"{self.participant.reference} {self.started_on}–{self.ended_on or ''}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Absent with notice")


class SessionAttendance(models.Model):
    session = models.ForeignKey(
        GroupSession, verbose_name=_("group session"), on_delete=models.CASCADE, related_name="attendance"
    )
    episode = models.ForeignKey(
        Episode, verbose_name=_("enrolment episode"), on_delete=models.CASCADE, related_name="session_attendance"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        constraints = [models.UniqueConstraint(fields=["session", "episode"], name="sessionattendance_unique")]

    def __str__(self) -> str:
        return f"{self.session} {self.episode_id} {self.status}"


class FollowUpResult(models.TextChoices):
    WORKING = "working", _("Working")
    STUDYING_FULL_TIME = "studying_full_time", _("Studying full time")
    STUDYING_PART_TIME = "studying_part_time", _("Studying part time")
    # Answers recorded before full and part time were told apart.
    STUDYING = "studying", _("Studying (unspecified)")
    NEITHER = "neither", _("Neither working nor studying")
    NOT_REACHED = "not_reached", _("Could not be reached")


# A follow-up recorded earlier than this before its due date needs a reason (issue 21): it does not
# yet measure whether the person kept the job for the months it is named after.
EARLY_FOLLOW_UP = timedelta(days=14)


class FollowUp(models.Model):
    """Uppföljning after exit: at 3, 6 and 12 months, is the person still working or studying?

    This is how "behålla ett arbete" (keeping a job) is measured. One recorded more than
    `EARLY_FOLLOW_UP` before it is due says why (`early_reason`).
    """

    episode = models.ForeignKey(
        Episode, verbose_name=_("enrolment episode"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    # The participant's unit (a participant never changes unit): a unit's follow-ups due in a month
    # are read by (unit, due date), without a look at other units' (issue 19).
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    months = models.PositiveSmallIntegerField(_("months after exit"))
    due_on = models.DateField(_("due"), validators=[plausible_date])
    result = models.CharField(_("result"), max_length=20, choices=FollowUpResult.choices, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True, validators=[plausible_date])
    note = models.TextField(_("note"), max_length=2000, blank=True)
    early_reason = models.TextField(
        _("reason for recording it before it was due"), blank=True, max_length=2000,
        help_text=_("Required when the follow-up is recorded more than two weeks before its due date."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["episode", "months"], name="followup_unique_per_episode"),
            models.CheckConstraint(
                condition=(Q(result="") & Q(checked_on__isnull=True)) | (~Q(result="") & Q(checked_on__isnull=False)),
                name="followup_result_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["result", "due_on"], name="followup_open_due"),
            # A unit's follow-ups due in a month (the dashboard, the month's closing).
            models.Index(fields=["unit", "due_on"], name="followup_unit_due"),
        ]

    def __str__(self) -> str:
        return f"{self.episode} +{self.months}m"

    @property
    def is_done(self) -> bool:
        return bool(self.result)

    def is_early(self, checked_on: date) -> bool:
        """Recorded on `checked_on`, the follow-up would be more than two weeks early."""
        return checked_on < self.due_on - EARLY_FOLLOW_UP
