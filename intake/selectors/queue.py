"""The priority queue page: occupancy against the target, and every row with the reason for its place.

The order is computed over *all* accepted applicants of the unit, so that every case worker
sees the same positions; each row then shows only what the user may see. A row whose person
the user may not see shows its position and nothing else. The priority category is derived
from criminal-justice data (and, for "young", social-services and AF data): its label is shown
only while the priority order is in force, and only to a user who may see every category it
was derived from (`priority.category_basis`).
The residual: the position of a row still hints at its category to someone who knows the rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from agreements import selectors as agreement_selectors
from agreements.rules import IntakeMode, PriorityCategory, UnitRules
from intake import priority
from intake.access import visible_category_sets
from intake.models import Assessment, Decision, Episode, GuidanceGroup, QueuePlacement, StartKind
from intake.selectors.groups import with_places_taken
from intake.services.programme import start_kinds
from krami.models import DataCategory, Unit
from participants.models import ACTIVE_PHASES, Participant, Phase

CATEGORY_LABELS = dict(PriorityCategory.choices)
BASIS_CATEGORIES = (
    DataCategory.CORE,
    DataCategory.CRIMINAL_JUSTICE,
    DataCategory.SOCIAL_SERVICES,
    DataCategory.LABOUR_MARKET,
)


@dataclass
class QueueRow:
    position: int
    participant: Participant | None  # None: the user may not see this person
    decided_on: date | None = None
    waiting_days: int | None = None
    category_label: str | None = None
    placement: QueuePlacement | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass
class QueuePage:
    unit: Unit
    rules: UnitRules
    occupancy: int
    basis: str
    rows: list[QueueRow]
    open_groups: list[GuidanceGroup] = field(default_factory=list)  # group starts with free places

    @property
    def target(self) -> int | None:
        return self.rules.occupancy_target

    @property
    def intake_mode_label(self) -> str:
        return str(IntakeMode(self.rules.intake_mode).label)

    @property
    def group_starts(self) -> bool:
        return StartKind.GROUP in start_kinds(self.rules.intake_mode)

    @property
    def visible_participants(self) -> list[Participant]:
        return [r.participant for r in self.rows if r.participant is not None]


def occupancy(*, unit: Unit) -> int:
    """Active participants of the unit (guidance course, internship, work or studies).

    An aggregate over every participant of the unit, whoever owns the record: it shows no one.
    """
    return Participant.objects.filter(unit=unit, phase__in=ACTIVE_PHASES).count()


def open_groups(*, unit: Unit, on: date, limit: int = 3) -> list[GuidanceGroup]:
    """The unit's next group starts that still have free places and have not finished on `on`."""
    groups = (
        with_places_taken(GuidanceGroup.objects.filter(unit=unit, starts_on__gte=on - timedelta(weeks=8)))
        .order_by("starts_on", "name")
    )
    return [g for g in groups if g.ends_on >= on and g.taken < g.capacity][:limit]


def _accepted_by_participant(ids: list[int]) -> dict[int, Assessment]:
    latest: dict[int, Assessment] = {}
    for a in Assessment.objects.filter(participant_id__in=ids, decision=Decision.ACCEPTED).order_by("decided_on", "pk"):
        latest[a.participant_id] = a
    return latest


def _placements(assessments) -> dict[int, QueuePlacement]:
    current: dict[int, QueuePlacement] = {}
    rows = QueuePlacement.objects.filter(assessment__in=assessments).select_related("placed_by").order_by("placed_at", "pk")
    for row in rows:
        current[row.assessment_id] = row
    return {k: v for k, v in current.items() if v.position is not None}


def _applicant(p: Participant, decided_on: date, placement: QueuePlacement | None) -> priority.Applicant:
    cj, ss, lm = p.criminal_justice, p.social_services, p.labour_market
    return priority.Applicant(
        key=p.pk,
        decided_on=decided_on,
        birth_date=p.birth_date,
        is_woman=p.gender == "woman" or p.identifies_as_woman,
        criminal_justice_status=cj.status,
        current_at_kv=cj.current_at_kv,
        current_at_social_services=ss.current_at_social_services,
        registered_at_af=lm.registered_at_af,
        manual_position=placement.position if placement else None,
        manual_placed_at=placement.placed_at if placement else None,
    )


def _reasons(
    row: priority.Ranked, *, basis: str, label: str | None, hidden: bool, placement, assessment: Assessment | None
) -> list[str]:
    reasons = []
    if placement is not None:
        who = placement.placed_by.get_full_name() or placement.placed_by.get_username()
        reasons.append(
            _("Moved to place %(n)s by %(who)s on %(on)s: %(reason)s")
            % {"n": placement.position, "who": who, "on": placement.placed_at.date().isoformat(), "reason": placement.reason}
        )
    if basis in ("at_target", "always"):
        if hidden:
            reasons.append(_("Priority category not shown: it is derived from data you may not see."))
        elif label is None:
            reasons.append(_("No priority category (not in a criminal context): after the priority categories."))
        else:
            reasons.append(_("Priority %(rank)s: %(label)s.") % {"rank": row.category_rank, "label": label})
            if row.category == PriorityCategory.YOUNG_CRIMINAL_CONTEXT:
                reasons.append(_("Age %(age)s at the decision date.") % {"age": row.age_at_decision})
    if row.women_first:
        reasons.append(
            _("Women first between equal applicants: goes before a man accepted the same day with the same priority.")
            if basis in ("at_target", "always") else
            _("Women first between equal applicants: goes before a man accepted the same day.")
        )
    if row.after_equal_woman:
        reasons.append(
            _("Women first between equal applicants: after a woman accepted the same day with the same priority.")
            if basis in ("at_target", "always") else
            _("Women first between equal applicants: after a woman accepted the same day.")
        )
    if assessment is not None and assessment.no_interview_reason:
        reasons.append(_("Accepted without an interview: %(reason)s") % {"reason": assessment.no_interview_reason})
    reasons.append(
        _("Waiting since %(on)s (%(days)s days).") % {"on": row.applicant.decided_on.isoformat(), "days": row.waiting_days}
    )
    return reasons


def queue_for_unit(*, unit: Unit, user, on: date) -> QueuePage:
    """The unit's queue of accepted applicants who have not started, as `user` may see it, on `on`."""
    rules = agreement_selectors.rules_for_unit(unit=unit, on=on)
    active = occupancy(unit=unit)
    queued = list(
        # A start entered for a coming date has taken the applicant out of the queue (issue 16). Asked
        # per applicant (NOT EXISTS): `pk NOT IN (open episodes)` read every unit's open episodes.
        Participant.objects.filter(unit=unit, phase=Phase.QUEUED)
        .exclude(Exists(Episode.objects.filter(participant=OuterRef("pk"), ended_on__isnull=True)))
        .select_related(
            "criminal_justice", "social_services", "labour_market", "handler"
        )
    )
    ids = [p.pk for p in queued]
    accepted = _accepted_by_participant(ids)
    placements = _placements(list(accepted.values()))
    by_id = {p.pk: p for p in queued}
    applicants = []
    for p in queued:
        assessment = accepted.get(p.pk)
        decided_on = assessment.decided_on if assessment else p.phase_since
        applicants.append(_applicant(p, decided_on, placements.get(assessment.pk) if assessment else None))
    order = priority.rank(applicants, rules=rules, active_count=active, today=on)
    visible = visible_category_sets(user, ids, BASIS_CATEGORIES)
    rows = []
    for ranked in order.rows:
        seen = visible.get(ranked.applicant.key, frozenset())
        if DataCategory.CORE not in seen:
            rows.append(QueueRow(position=ranked.position, participant=None))
            continue
        participant = by_id[ranked.applicant.key]
        assessment = accepted.get(participant.pk)
        placement = placements.get(assessment.pk) if assessment else None
        hidden = not priority.category_basis(ranked.applicant, rules.priority) <= seen
        # The label is criminal-justice data: shown only when the priority order is in force.
        shown = order.priority_applies and not hidden and ranked.category is not None
        label = str(CATEGORY_LABELS[ranked.category]) if shown else None
        rows.append(
            QueueRow(
                position=ranked.position,
                participant=participant,
                decided_on=ranked.applicant.decided_on,
                waiting_days=ranked.waiting_days,
                category_label=label,
                placement=placement,
                reasons=_reasons(
                    ranked, basis=order.basis, label=label, hidden=hidden, placement=placement, assessment=assessment
                ),
            )
        )
    groups = open_groups(unit=unit, on=on) if StartKind.GROUP in start_kinds(rules.intake_mode) else []
    return QueuePage(unit=unit, rules=rules, occupancy=active, basis=order.basis, rows=rows, open_groups=groups)
