"""The priority order of the queue of accepted applicants (DOMAIN.md, "Priority order").

When the unit's active participants reach the occupancy target (beläggningsmål), applicants
are ordered by priority category (from the Stockholm agreement 2022/2023), then by waiting time
since the decision. Below the target, or when no target is set, the order is by waiting time
only. At any occupancy, women go first between two *equal* applicants (when the unit's rule is
on; "Vid två likvärdiga sökanden ska kvinnor prioriteras" is a paragraph of its own): equal means
accepted on the same day and, while the priority order is in force, of the same priority
category (docs/intake.md). Staff can place an applicant at a position by hand, with a reason
(intake/services/queue.py); those placements are applied on top of the rule order.

Everything here is a pure function over plain values so that the rules are table-tested
(tests/intake/test_priority.py); intake/selectors/queue.py feeds it from the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from agreements.rules import PriorityCategory, PriorityRules, UnitRules
from krami.dates import age_on
from krami.models import DataCategory
from participants.models import CriminalJusticeStatus


@dataclass(frozen=True)
class Applicant:
    """One accepted applicant, as the rule sees them."""

    key: int
    decided_on: date  # the date of the accepting assessment: waiting time and age count from here
    birth_date: date
    is_woman: bool  # gender woman, or identifies as a woman
    criminal_justice_status: str = CriminalJusticeStatus.NONE
    current_at_kv: bool = False
    current_at_social_services: bool = False
    registered_at_af: bool = False
    manual_position: int | None = None  # placed by hand at this position (1 = first)
    manual_placed_at: datetime | None = None


@dataclass(frozen=True)
class Ranked:
    """An applicant's place in the queue and the facts that explain it."""

    applicant: Applicant
    position: int
    category: str | None  # a PriorityCategory value, or None: no criminal context
    category_rank: int | None  # 1-based rank of the category in the unit's order
    age_at_decision: int
    waiting_days: int
    women_first: bool  # a woman the women-first rule put before an equal man
    after_equal_woman: bool  # a man the women-first rule put after an equal woman
    manual: bool


@dataclass(frozen=True)
class QueueOrder:
    rows: list[Ranked]
    priority_applies: bool
    basis: str  # "no_target", "below_target", "at_target" or "always": why this order applies


# In a criminal context without being in prison or under supervision: categories 3 and 4.
CONTEXT_STATUSES = frozenset({
    CriminalJusticeStatus.CONVICTED, CriminalJusticeStatus.AT_RISK, CriminalJusticeStatus.OTHER_CRIMINAL_CONTEXT,
})


def in_criminal_context(status: str) -> bool:
    return status != CriminalJusticeStatus.NONE


def is_young(age: int, rules: PriorityRules) -> bool:
    return rules.young_min_age <= age <= rules.young_max_age


def current_at_all_authorities(a: Applicant) -> bool:
    return a.current_at_kv and a.current_at_social_services and a.registered_at_af


def priority_category(applicant: Applicant, rules: PriorityRules) -> str | None:
    """The applicant's category; age counts at the decision date.

    "Young" reads the agreement's "inte är aktuella vid samtliga myndigheter" as *not current at
    every one of the three authorities* (at most two of KV, social services, AF).
    """
    status = applicant.criminal_justice_status
    if status == CriminalJusticeStatus.PRISON_RELEASE_MEASURE:
        return PriorityCategory.PRISON_RELEASE
    if status in (CriminalJusticeStatus.PROBATION, CriminalJusticeStatus.CONDITIONAL_RELEASE):
        return PriorityCategory.SUPERVISION
    if not in_criminal_context(status):
        return None
    age = age_on(applicant.birth_date, applicant.decided_on)
    if is_young(age, rules) and not current_at_all_authorities(applicant):
        return PriorityCategory.YOUNG_CRIMINAL_CONTEXT
    return PriorityCategory.OTHER_CRIMINAL_CONTEXT


def category_basis(applicant: Applicant, rules: PriorityRules) -> frozenset[str]:
    """The data categories the applicant's priority category was derived from.

    Showing the category label tells the reader something about each of them, so the label may
    be shown only to a user who may see all of them (intake/selectors/queue.py).
    """
    basis = {DataCategory.CRIMINAL_JUSTICE}
    status = applicant.criminal_justice_status
    young = is_young(age_on(applicant.birth_date, applicant.decided_on), rules)
    if status in CONTEXT_STATUSES and young:
        # young or not depends on being current at social services and AF as well
        basis |= {DataCategory.SOCIAL_SERVICES, DataCategory.LABOUR_MARKET}
    return frozenset(basis)


def priority_basis(*, rules: UnitRules, active_count: int) -> str:
    """Why the queue is in the order it is: "always", "no_target", "below_target" or "at_target"."""
    if not rules.priority.only_at_occupancy_target:
        return "always"
    if rules.occupancy_target is None:
        return "no_target"
    return "at_target" if active_count >= rules.occupancy_target else "below_target"


def _equal_key(applicant: Applicant, category_rank: int, *, priority: bool) -> tuple:
    """What makes two applicants equal: the same waiting date and, while the priority order is in
    force, the same category."""
    return (category_rank if priority else 0, applicant.decided_on)


def _rule_key(applicant: Applicant, category_rank: int, *, priority: bool, women_first: bool):
    woman_rank = 0 if (women_first and applicant.is_woman) else 1
    return (*_equal_key(applicant, category_rank, priority=priority), woman_rank, applicant.key)


def rank(applicants: list[Applicant], *, rules: UnitRules, active_count: int, today: date) -> QueueOrder:
    """Order `applicants`: the rule order, then manual placements inserted at their positions.

    Manual placements are applied in the order they were made; a position beyond the end of
    the queue puts the applicant last. Within a group of equal applicants the key (the order they
    were registered in) breaks what the rules leave open.
    """
    basis = priority_basis(rules=rules, active_count=active_count)
    priority = basis in ("always", "at_target")
    order = list(rules.priority.order)
    women_first = rules.priority.women_first

    def category_rank(cat: str | None) -> int:
        return order.index(cat) + 1 if cat in order else len(order) + 1

    categories = {a.key: priority_category(a, rules.priority) for a in applicants}
    automatic = sorted(
        (a for a in applicants if a.manual_position is None),
        key=lambda a: _rule_key(a, category_rank(categories[a.key]), priority=priority, women_first=women_first),
    )
    # The women-first rule decided wherever a group of equal applicants holds both women and men.
    group_of = {a.key: _equal_key(a, category_rank(categories[a.key]), priority=priority) for a in automatic}
    women_in: dict[tuple, set[bool]] = {}
    for a in automatic:
        women_in.setdefault(group_of[a.key], set()).add(a.is_woman)
    decided = {a.key for a in automatic if women_first and len(women_in[group_of[a.key]]) == 2}
    manual = sorted(
        (a for a in applicants if a.manual_position is not None),
        key=lambda a: (a.manual_placed_at or datetime.min, a.key),
    )
    ordered = list(automatic)
    for a in manual:
        ordered.insert(min(a.manual_position - 1, len(ordered)), a)
    rows = []
    for position, a in enumerate(ordered, start=1):
        cat = categories[a.key]
        rows.append(
            Ranked(
                applicant=a,
                position=position,
                category=cat,
                category_rank=category_rank(cat) if cat in order else None,
                age_at_decision=age_on(a.birth_date, a.decided_on),
                waiting_days=(today - a.decided_on).days,
                women_first=a.key in decided and a.is_woman,
                after_equal_woman=a.key in decided and not a.is_woman,
                manual=a.manual_position is not None,
            )
        )
    return QueueOrder(rows=rows, priority_applies=priority, basis=basis)
