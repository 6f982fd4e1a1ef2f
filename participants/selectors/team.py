"""The team view: a unit's participants that the user may see, by case worker and phase."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from krami.models import CASEWORK_ROLES, Unit
from participants import identity
from participants.access import visible_participants
from participants.models import OPEN_PHASES, Participant, Phase


@dataclass
class CaseworkerRow:
    handler: object
    counts: list[int]  # one per phase of `TeamOverview.phases`
    total: int = 0
    participants: list[Participant] = field(default_factory=list)  # those in open phases


@dataclass
class TeamOverview:
    phases: list[Phase]
    rows: list[CaseworkerRow]
    totals: list[int]
    total: int

    @property
    def listed(self) -> list[Participant]:
        return [p for row in self.rows for p in row.participants]


def team_overview(*, user, unit: Unit) -> TeamOverview:
    """Counts per (case worker, phase) and the open cases of each case worker, in 3 queries.

    Every case worker of the unit has a row, even without participants (who has room for
    more?); a handler who has left the unit keeps a row while they have participants.
    """
    phases = list(Phase)
    visible = visible_participants(user).filter(unit=unit)
    counts: dict[tuple[int, str], int] = {
        (row["handler_id"], row["phase"]): row["n"]
        for row in visible.values("handler_id", "phase").annotate(n=Count("pk")).order_by()
    }
    handler_ids = {h for h, _ in counts}
    handlers = (
        get_user_model()
        .objects.filter(
            Q(pk__in=handler_ids)
            | Q(is_active=True, memberships__unit=unit, memberships__role__in=CASEWORK_ROLES)
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )
    rows = {h.pk: CaseworkerRow(handler=h, counts=[counts.get((h.pk, p), 0) for p in phases]) for h in handlers}
    for row in rows.values():
        row.total = sum(row.counts)
    open_cases = identity.order_by_shown_name(visible.filter(phase__in=OPEN_PHASES), user)
    for participant in open_cases:
        rows[participant.handler_id].participants.append(participant)
    totals = [sum(r.counts[i] for r in rows.values()) for i in range(len(phases))]
    return TeamOverview(phases=phases, rows=list(rows.values()), totals=totals, total=sum(totals))
