"""Group starts of the guidance course: groups, their sessions, attendance per session."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from intake.models import Episode, GroupSession, GuidanceGroup, SessionAttendance
from krami.models import Unit
from krami.services import audit


def session_dates(starts_on: date, weeks: int, weekdays: Iterable[int]) -> list[date]:
    """Every date in the course's weeks that falls on one of `weekdays` (0 = Monday)."""
    wanted = set(weekdays)
    days = (starts_on + timedelta(days=i) for i in range(weeks * 7))
    return [d for d in days if d.weekday() in wanted]


@transaction.atomic
def group_create(
    *,
    unit: Unit,
    by,
    name: str,
    starts_on: date,
    weeks: int,
    capacity: int,
    audience: str,
    place: str = "",
    session_weekdays: Iterable[int] = (),
    session_time: time | None = None,
) -> GuidanceGroup:
    """Create a group start and, if weekdays are given, its sessions; audit ``group.created``."""
    group = GuidanceGroup(
        unit=unit, name=name.strip(), starts_on=starts_on, weeks=weeks, capacity=capacity,
        audience=audience, place=place.strip(), created_by=by,
    )
    group.full_clean(exclude=["unit", "created_by"])
    group.save()
    GroupSession.objects.bulk_create(
        [GroupSession(group=group, held_on=d, starts_at=session_time) for d in session_dates(starts_on, weeks, session_weekdays)]
    )
    audit(user=by, action="group.created", obj=group, unit=unit, capacity=capacity, audience=audience)
    return group


@transaction.atomic
def session_add(*, group: GuidanceGroup, by, held_on: date, starts_at: time | None = None, topic: str = "") -> GroupSession:
    """Add one session to a group; audit ``group.session_added``."""
    session = GroupSession.objects.create(group=group, held_on=held_on, starts_at=starts_at, topic=topic.strip())
    audit(user=by, action="group.session_added", obj=session, unit=group.unit, group=group.pk)
    return session


@transaction.atomic
def session_attendance_save(*, session: GroupSession, by, statuses: dict[int, str]) -> int:
    """Record attendance for the given episodes (episode id → status); returns how many were saved.

    Only episodes of the session's group count; others are refused. Audit ``group.attendance_recorded``.
    """
    member_ids = set(Episode.objects.filter(group_id=session.group_id, pk__in=statuses).values_list("pk", flat=True))
    strangers = set(statuses) - member_ids
    if strangers:
        raise ValidationError(_("Attendance can only be recorded for the group's participants."))
    existing = {a.episode_id: a for a in SessionAttendance.objects.filter(session=session, episode_id__in=member_ids)}
    for episode_id, status in statuses.items():
        row = existing.get(episode_id) or SessionAttendance(session=session, episode_id=episode_id)
        row.status, row.recorded_by = status, by
        row.save()
    audit(
        user=by, action="group.attendance_recorded", obj=session, unit=session.group.unit,
        group=session.group_id, rows=len(statuses),
    )
    return len(statuses)
