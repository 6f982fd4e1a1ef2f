"""Time in each phase (DOMAIN.md, "Programme": "Time in each phase is visible").

A phase lasts from the date of its PhaseChange to the date of the next change; the day of a
change counts to the new phase. The current phase runs until `today`. Two changes in a row
to the same phase are one period (e.g. a second internship). Days are calendar days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from krami.aggregates import TextList
from participants.models import Participant, Phase, PhaseChange


@dataclass(frozen=True)
class PhasePeriod:
    phase: str
    start: date
    end: date | None  # None: the participant is still in this phase
    days: int

    @property
    def label(self) -> str:
        return Phase(self.phase).label

    @property
    def is_current(self) -> bool:
        return self.end is None


@dataclass(frozen=True)
class PhaseTotal:
    phase: str
    days: int

    @property
    def label(self) -> str:
        return Phase(self.phase).label


@dataclass(frozen=True)
class PlannedPhase:
    """A phase change entered ahead: the participant moves to `phase` on `on` (issue 16)."""

    phase: str
    on: date

    @property
    def label(self) -> str:
        return Phase(self.phase).label


@dataclass(frozen=True)
class PhaseTimeline:
    periods: list[PhasePeriod]
    totals: list[PhaseTotal]
    planned: list[PlannedPhase] = ()


def phase_periods(changes: Iterable[tuple[str, date]], *, today: date) -> list[PhasePeriod]:
    """Periods from (phase, from-date) pairs in the order they happened."""
    merged: list[tuple[str, date]] = []
    for phase, on in changes:
        if merged and merged[-1][0] == phase:
            continue  # still the same phase
        merged.append((phase, on))
    periods = []
    for i, (phase, start) in enumerate(merged):
        end = merged[i + 1][1] if i + 1 < len(merged) else None
        days = max(0, ((end or today) - start).days)
        periods.append(PhasePeriod(phase=phase, start=start, end=end, days=days))
    return periods


def days_by_phase(periods: Iterable[PhasePeriod]) -> list[PhaseTotal]:
    """Total days per phase (a phase can come back, e.g. after re-enrolment), in first-seen order."""
    totals: dict[str, int] = {}
    for period in periods:
        totals[period.phase] = totals.get(period.phase, 0) + period.days
    return [PhaseTotal(phase=phase, days=days) for phase, days in totals.items()]


def phase_history() -> Subquery:
    """The participant's phase changes as one text, "2026-03-02:17:guidance,…" (date, id, phase; in
    no set order), for a query of participants (the case page reads it with the record, issue 19)."""
    row = Concat(Cast("on", CharField()), Value(":"), Cast("pk", CharField()), Value(":"), "phase", output_field=CharField())
    return Subquery(
        PhaseChange.objects.filter(participant=OuterRef("pk")).order_by().values("participant")
        .annotate(rows=TextList(row)).values("rows")
    )


def _from_history(history: str) -> list[tuple[str, date]]:
    rows = sorted((on, int(pk), phase) for on, pk, phase in (row.split(":") for row in history.split(",") if row))
    return [(phase, date.fromisoformat(on)) for on, _pk, phase in rows]


def phase_timeline(*, participant: Participant, today: date | None = None) -> PhaseTimeline:
    """The participant's phases with days in each, from the PhaseChange history (one query, or
    none when the record came with `phase_history`); the changes planned for a coming day are
    listed apart (`planned`), not as time spent."""
    today = today or timezone.localdate()
    if getattr(participant, "phase_history", None) is not None:
        changes = _from_history(participant.phase_history)
    else:
        changes = list(PhaseChange.objects.filter(participant=participant).order_by("on", "pk").values_list("phase", "on"))
    periods = phase_periods([c for c in changes if c[1] <= today], today=today)
    planned = [PlannedPhase(phase=phase, on=on) for phase, on in changes if on > today]
    return PhaseTimeline(periods=periods, totals=days_by_phase(periods), planned=planned)
