"""The rules a unit's agreement hands to the rest of the system, as plain immutable values.

`agreements.selectors.rules_for_unit(unit=..., on=...)` returns a `UnitRules`; intake reads
eligibility (intake/eligibility.py), the priority order (intake/priority.py) and the
occupancy target from it, and never reads agreement models directly.

Defaults are the general rules of DOMAIN.md ("Target group and eligibility", "Priority
order"): 18 or older, drug-free and housing arranged; the Stockholm priority order with
women first between equals, applying once the occupancy target is reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class PriorityCategory(models.TextChoices):
    """DOMAIN.md, "Priority order" (Stockholm agreement 2022 and 2023)."""

    PRISON_RELEASE = "prison_release", _("Prison client with a release-phase measure")
    SUPERVISION = "supervision", _("Under supervision after probation or conditional release")
    YOUNG_CRIMINAL_CONTEXT = "young", _("Young (18–25), not current at all authorities, in a criminal context")
    OTHER_CRIMINAL_CONTEXT = "other", _("Other participant in a criminal context")


DEFAULT_PRIORITY_ORDER = (
    PriorityCategory.PRISON_RELEASE,
    PriorityCategory.SUPERVISION,
    PriorityCategory.YOUNG_CRIMINAL_CONTEXT,
    PriorityCategory.OTHER_CRIMINAL_CONTEXT,
)


@dataclass(frozen=True)
class AgeLimit:
    """Age limits for one gender (Participant.gender value), or for everyone when gender is None."""

    gender: str | None
    min_age: int
    max_age: int | None = None  # inclusive; None: no upper limit


@dataclass(frozen=True)
class EligibilityRules:
    min_age: int = 18
    age_limits: tuple[AgeLimit, ...] = ()
    # Municipality ids where participants must live; empty: anywhere.
    municipality_ids: frozenset[int] = frozenset()
    require_drug_free: bool = True
    require_housing: bool = True
    require_childcare: bool = False


@dataclass(frozen=True)
class PriorityRules:
    order: tuple[str, ...] = DEFAULT_PRIORITY_ORDER
    women_first: bool = True
    # The order applies only when active participants reach the occupancy target;
    # below it, applicants are taken by waiting time.
    only_at_occupancy_target: bool = True
    young_min_age: int = 18
    young_max_age: int = 25


@dataclass(frozen=True)
class UnitRules:
    agreement_id: int | None = None  # None: no active agreement, national defaults apply
    occupancy_target: int | None = None
    eligibility: EligibilityRules = field(default_factory=EligibilityRules)
    priority: PriorityRules = field(default_factory=PriorityRules)


@dataclass(frozen=True)
class InflowTargetValue:
    """At least `minimum` people reach `measure` ("interviewed", "enrolled") within the period."""

    measure: str
    minimum: int


@dataclass(frozen=True)
class UnitTargets:
    """A unit's targets from the agreement in force (DOMAIN.md, "Targets"), for reporting.

    `outcome_denominator` says which participants the outcome percentage counts:
    "all_closed" (of all closed participants) or "completed_programme" (of closed
    participants who completed the guidance programme); empty when no outcome target.
    """

    agreement_id: int | None = None  # None: no agreement in force, no targets
    period_start: date | None = None
    period_end: date | None = None
    occupancy_target: int | None = None
    outcome_target_percent: Decimal | None = None
    outcome_denominator: str = ""
    inflow: tuple[InflowTargetValue, ...] = ()
