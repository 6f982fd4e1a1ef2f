"""The rules a unit's agreement hands to the rest of the system, as plain immutable values.

`agreements.selectors.rules_for_unit(unit=..., on=...)` returns a `UnitRules`; intake reads
eligibility (intake/eligibility.py), the priority order (intake/priority.py), the drug-test
no-show rule (intake/drugpolicy.py), the kinds of start (intake/services/programme.py) and the
occupancy target from it, and never reads agreement models directly.

Defaults are the general rules of DOMAIN.md ("Target group and eligibility", "Priority
order", "Drug policy"): 18 or older, drug-free and housing arranged, no target-group condition
beyond that; the Stockholm priority order, applying once the occupancy target is reached, and
women first between two equal applicants at any occupancy; a no-show at a drug test goes to the
team to decide; group and individual starts.
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


class TargetSituation(models.TextChoices):
    """The criminal-justice situations a target group names (seeds/003: "Dömda män och kvinnor samt
    kvinnor i riskzonen för kriminalitet"). A person in an institution or under supervision is
    convicted as well (intake/eligibility.py reads the situations from Kriminalvården's status)."""

    IN_INSTITUTION = "in_institution", _("In an institution (anstalt)")
    UNDER_SUPERVISION = "under_supervision", _("Under supervision (frivård)")
    CONVICTED = "convicted", _("Convicted")
    AT_RISK = "at_risk", _("At risk of crime")


class TargetScope(models.TextChoices):
    """Who of the people in a situation belong to the target group ("women" includes people who
    identify as women, as everywhere in Krami)."""

    EVERYONE = "everyone", _("Everyone")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")


class IntakeMode(models.TextChoices):
    """How a unit starts people in the guidance course (DOMAIN.md, "Programme"; seeds/002:
    Helsingborg group intake only, Kristianstad individual only, Blekinge both)."""

    GROUP = "group", _("Group starts only")
    INDIVIDUAL = "individual", _("Individual starts only")
    BOTH = "both", _("Group and individual starts")


class NoShowRule(models.TextChoices):
    """What not turning up for a drug test means (DOMAIN.md, "Drug policy")."""

    TEAM = "team", _("The team decides each time")
    NOT_COOPERATING = "not_cooperating", _("Counts as not cooperating")


class OutcomeStudies(models.TextChoices):
    """Which studies an outcome target counts (seeds/004 "arbetar eller studerar"; seeds/003
    "arbete eller heltidsstudier")."""

    ANY = "any", _("work or studies")
    FULL_TIME = "full_time", _("work or full-time studies")


@dataclass(frozen=True)
class TargetGroupLine:
    """People in `situation` belong to the target group; `scope` says which of them (TargetScope)."""

    situation: str
    scope: str = TargetScope.EVERYONE


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
    # The criminal-justice situations that make up the target group; empty: no such condition.
    target_group: tuple[TargetGroupLine, ...] = ()


@dataclass(frozen=True)
class PriorityRules:
    order: tuple[str, ...] = DEFAULT_PRIORITY_ORDER
    # Between two equal applicants women go first, at any occupancy (intake/priority.py says
    # what "equal" is).
    women_first: bool = True
    # The order of the categories applies only when active participants reach the occupancy
    # target; below it, applicants are taken by waiting time.
    only_at_occupancy_target: bool = True
    young_min_age: int = 18
    young_max_age: int = 25


@dataclass(frozen=True)
class DrugTestRules:
    """A no-show at a drug test: the team decides (`TEAM`), or the `no_show_limit`-th no-show of
    an enrolment counts as not cooperating and discharges (`NOT_COOPERATING`)."""

    no_show: str = NoShowRule.TEAM
    no_show_limit: int = 1


@dataclass(frozen=True)
class UnitRules:
    agreement_id: int | None = None  # None: no active agreement, national defaults apply
    occupancy_target: int | None = None
    eligibility: EligibilityRules = field(default_factory=EligibilityRules)
    priority: PriorityRules = field(default_factory=PriorityRules)
    drug_tests: DrugTestRules = field(default_factory=DrugTestRules)
    intake_mode: str = IntakeMode.BOTH


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
    `outcome_studies` says which studies count towards it (OutcomeStudies).
    """

    agreement_id: int | None = None  # None: no agreement in force, no targets
    period_start: date | None = None
    period_end: date | None = None
    occupancy_target: int | None = None
    outcome_target_percent: Decimal | None = None
    outcome_denominator: str = ""
    outcome_studies: str = OutcomeStudies.ANY  # which studies the outcome target counts
    inflow: tuple[InflowTargetValue, ...] = ()
