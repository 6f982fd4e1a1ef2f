"""Information meetings (informationsmöte): a weekly slot per unit, occurrences, attendance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from krami.models import Unit
from krami.validators import plausible_date
from participants.models import Participant


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class MeetingSlot(models.Model):
    """The unit's recurring information meeting: every week on a fixed day, time and place.

    No application is needed to come (DOMAIN.md, "Intake", step 1).
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="meeting_slots", verbose_name=_("unit"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("time"))
    place = models.CharField(_("place"), max_length=200)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick when the meeting is no longer held.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["weekday", "starts_at"]
        verbose_name = _("information meeting slot")
        verbose_name_plural = _("information meeting slots")
        indexes = [models.Index(fields=["unit", "is_active"], name="meetingslot_unit_active")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}, {self.place}"


class InformationMeeting(models.Model):
    """One information meeting that took place (or is about to): the attendance list hangs off it."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="information_meetings"
    )
    slot = models.ForeignKey(
        MeetingSlot, verbose_name=_("information meeting slot"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    held_on = models.DateField(_("date"), validators=[plausible_date])
    starts_at = models.TimeField(_("time"))
    place = models.CharField(_("place"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-starts_at"]
        verbose_name = _("information meeting")
        verbose_name_plural = _("information meetings")
        constraints = [
            models.UniqueConstraint(fields=["unit", "held_on", "starts_at"], name="infomeeting_unique_time"),
        ]
        indexes = [models.Index(fields=["unit", "held_on"], name="infomeeting_unit_date")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.starts_at:%H:%M}"


class AttendanceState(models.TextChoices):
    """A place on a meeting's list: booked ahead, then recorded on or after the day (issue 16).

    Only ATTENDED counts as having come (reports, the person's page); a booking is a plan.
    """

    BOOKED = "booked", _("Booked")
    ATTENDED = "attended", _("Came")
    ABSENT = "absent", _("Did not come")


class MeetingAttendance(models.Model):
    """Someone booked on, or who came to, an information meeting.

    Either a registered participant, or a walk-in with the minimum needed to reach them again
    (a name and a phone number or e-mail). A walk-in who applies is registered as a participant
    (intake/services/meetings.py::walkin_register); the walk-in fields are then emptied, so the
    personal data lives in one place only, under the participant's access rules.

    A registered participant can be booked on a coming meeting (`state` BOOKED); whether they came
    is recorded on or after the day. A walk-in is someone who came: always ATTENDED.
    """

    meeting = models.ForeignKey(
        InformationMeeting, verbose_name=_("information meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"),
        null=True, blank=True, on_delete=models.CASCADE, related_name="meeting_attendances"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    contact = models.CharField(
        _("how to reach them"), max_length=200, blank=True, help_text=_("A phone number or an e-mail address.")
    )
    state = models.CharField(
        _("attendance"), max_length=10, choices=AttendanceState.choices, default=AttendanceState.ATTENDED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    linked_at = models.DateTimeField(_("registered as participant"), null=True, blank=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("attendance at an information meeting")
        verbose_name_plural = _("attendance at information meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | ~Q(name=""), name="attendance_participant_or_name"
            ),
            models.UniqueConstraint(
                fields=["meeting", "participant"],
                condition=Q(participant__isnull=False),
                name="attendance_unique_participant",
            ),
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | Q(state="attended"), name="attendance_walk_in_came"
            ),
        ]
        indexes = [models.Index(fields=["state", "meeting"], name="attendance_state_meeting")]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.pk}"

    @property
    def is_walk_in(self) -> bool:
        return self.participant_id is None

    @property
    def is_booked(self) -> bool:
        return self.state == AttendanceState.BOOKED

    @property
    def came(self) -> bool:
        return self.state == AttendanceState.ATTENDED
