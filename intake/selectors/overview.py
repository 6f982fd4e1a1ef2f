"""The intake overview: for each of a case worker's units, this week's meetings, the applicants
waiting for an interview or the team's assessment, the queue and the occupancy."""

from __future__ import annotations

from datetime import date

from django.db.models import Count

from agreements import selectors as agreement_selectors
from intake.selectors.agenda import awaiting_assessment, meetings_in_week
from intake.selectors.queue import occupancy
from participants.access import visible_participants
from participants.models import Participant, Phase


def unit_overview(*, user, units, on: date, limit: int) -> tuple[list[dict], list[Participant]]:
    """(a row per unit, the participants shown): at most `limit` people in each list, only people the
    user may see (the counts of the queue are the unit's, not people's data)."""
    seen = visible_participants(user)
    queue_counts = dict(
        Participant.objects.filter(unit__in=units, phase=Phase.QUEUED)
        .values_list("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    meetings = meetings_in_week(units=units, on=on)
    rows, shown = [], []
    for unit in units:
        new = list(
            seen.filter(unit=unit, phase=Phase.APPLICANT, interviews__isnull=True).order_by("phase_since", "pk")[:limit]
        )
        to_assess = list(awaiting_assessment(seen.filter(unit=unit)).order_by("last_interview", "pk")[:limit])
        shown += new + to_assess
        rows.append(
            {
                "unit": unit,
                "meetings": [m for m in meetings if m.unit.pk == unit.pk],
                "new": new,
                "to_assess": to_assess,
                "queued": queue_counts.get(unit.pk, 0),
                "occupancy": occupancy(unit=unit),
                "target": agreement_selectors.rules_for_unit(unit=unit, on=on).occupancy_target,
            }
        )
    return rows, shown
