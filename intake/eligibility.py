"""Eligibility: does an applicant meet the unit's target-group rules? (DOMAIN.md, "Target group and eligibility")

The rules come from the unit's agreement (`agreements.rules.EligibilityRules`, read through
`agreements.selectors.rules_for_unit`); this module only evaluates them. `evaluate` is a pure
function over plain facts, so each rule can be tested as one row of a table. It returns every
failed condition, not just the first: the team meeting sees all reasons at once, and staff can
accept an applicant anyway with a recorded reason (intake/services/assessment.py).

The target group by criminal-justice situation (seeds/003: "Dömda män och kvinnor samt kvinnor i
riskzonen för kriminalitet") is read from Kriminalvården's status (`situations_of`). It is the one
condition derived from criminal-justice data: a user who may not see that data is told only that
a condition they may not see is not met (`Failure.category`, `visible_message`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from agreements.rules import AgeLimit, EligibilityRules, TargetGroupLine, TargetScope, TargetSituation
from krami.dates import age_on
from krami.models import DataCategory, Gender
from participants.models import Condition, CriminalJusticeStatus


@dataclass(frozen=True)
class Facts:
    """What the rules look at: the participant's core record (category CORE), and Kriminalvården's
    status (category CRIMINAL_JUSTICE) for the target group."""

    age: int
    gender: str
    identifies_as_woman: bool
    municipality_id: int
    municipality_name: str
    drug_free: str
    housing_arranged: str
    childcare_arranged: str
    criminal_justice_status: str = CriminalJusticeStatus.NONE

    @property
    def counts_as_woman(self) -> bool:
        """Women's rules (age limits, women's groups, women first) apply to women and to people who identify as women."""
        return self.gender == Gender.WOMAN or self.identifies_as_woman


@dataclass(frozen=True)
class Failure:
    """One failed condition: a stable code (stored with the assessment) and its parameters."""

    code: str
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return describe(self.code, self.params)

    @property
    def category(self) -> str:
        """The data category the condition is derived from (what a reader of the message learns about)."""
        return category_of(self.code)

    def as_json(self) -> dict:
        return {"code": self.code, "params": self.params}


def facts_for(participant, on: date) -> Facts:
    """The facts of `participant` on `on` (age is computed at that date, e.g. the decision date)."""
    return Facts(
        age=age_on(participant.birth_date, on),
        gender=participant.gender,
        identifies_as_woman=participant.identifies_as_woman,
        municipality_id=participant.municipality_id,
        municipality_name=str(participant.municipality),
        drug_free=participant.drug_free,
        housing_arranged=participant.housing_arranged,
        childcare_arranged=participant.childcare_arranged,
        criminal_justice_status=_status(participant),
    )


def _status(participant) -> str:
    cj = getattr(participant, "criminal_justice", None)
    return cj.status if cj is not None else CriminalJusticeStatus.NONE


# The situations each criminal-justice status puts a person in: in an institution or under
# supervision is convicted as well. "Other criminal context" says neither convicted nor at risk.
SITUATIONS = {
    CriminalJusticeStatus.PRISON_RELEASE_MEASURE: {TargetSituation.IN_INSTITUTION, TargetSituation.CONVICTED},
    CriminalJusticeStatus.PROBATION: {TargetSituation.UNDER_SUPERVISION, TargetSituation.CONVICTED},
    CriminalJusticeStatus.CONDITIONAL_RELEASE: {TargetSituation.UNDER_SUPERVISION, TargetSituation.CONVICTED},
    CriminalJusticeStatus.CONVICTED: {TargetSituation.CONVICTED},
    CriminalJusticeStatus.AT_RISK: {TargetSituation.AT_RISK},
}


def situations_of(status: str) -> set[str]:
    return set(SITUATIONS.get(status, set()))


def _in_scope(facts: Facts, scope: str) -> bool:
    if scope == TargetScope.WOMEN:
        return facts.counts_as_woman
    if scope == TargetScope.MEN:
        return not facts.counts_as_woman
    return True


def _target_group(facts: Facts, lines: tuple[TargetGroupLine, ...]) -> Failure | None:
    """None when the person belongs to one line of the target group (or the agreement names none)."""
    if not lines:
        return None
    situations = situations_of(facts.criminal_justice_status)
    if any(line.situation in situations and _in_scope(facts, line.scope) for line in lines):
        return None
    group = [{"situation": line.situation, "scope": line.scope} for line in lines]
    if facts.criminal_justice_status == CriminalJusticeStatus.OTHER_CRIMINAL_CONTEXT:
        return Failure("target_group_unknown", {"group": group})
    return Failure("target_group", {"group": group})


def _limits_for(facts: Facts, limits: tuple[AgeLimit, ...]) -> list[AgeLimit]:
    """The age limits that apply to this person: those for everyone and those for their gender."""
    genders = {None}
    if facts.counts_as_woman:
        genders.add(Gender.WOMAN)
    elif facts.gender == Gender.MAN:
        genders.add(Gender.MAN)
    return [limit for limit in limits if limit.gender in genders]


def _condition(value: str, *, required: bool, code: str, passes: set[str]) -> Failure | None:
    if not required or value in passes:
        return None
    if value == Condition.UNKNOWN:
        return Failure(f"{code}_unknown")
    return Failure(code)


def evaluate(facts: Facts, rules: EligibilityRules) -> list[Failure]:
    """Every condition of `rules` that `facts` do not meet (empty list: eligible)."""
    failures: list[Failure] = []
    if facts.age < rules.min_age:
        failures.append(Failure("min_age", {"min": rules.min_age, "age": facts.age}))
    for limit in _limits_for(facts, rules.age_limits):
        too_young = facts.age < limit.min_age
        too_old = limit.max_age is not None and facts.age > limit.max_age
        if too_young or too_old:
            failures.append(
                Failure(
                    "age_limit",
                    {"gender": limit.gender or "", "min": limit.min_age, "max": limit.max_age, "age": facts.age},
                )
            )
    if rules.municipality_ids and facts.municipality_id not in rules.municipality_ids:
        failures.append(Failure("municipality", {"municipality": facts.municipality_name}))
    checks = [
        (facts.drug_free, rules.require_drug_free, "drug_free", {Condition.YES}),
        (facts.housing_arranged, rules.require_housing, "housing", {Condition.YES}),
        # Childcare matters only for people with children: "not applicable" passes.
        (facts.childcare_arranged, rules.require_childcare, "childcare", {Condition.YES, Condition.NOT_APPLICABLE}),
    ]
    for value, required, code, passes in checks:
        failure = _condition(value, required=required, code=code, passes=passes)
        if failure:
            failures.append(failure)
    target_group = _target_group(facts, rules.target_group)
    if target_group:
        failures.append(target_group)
    return failures


def _age_limit_message(params: dict) -> str:
    who = {Gender.MAN: _("Men"), Gender.WOMAN: _("Women")}.get(params.get("gender"), _("Applicants"))
    if params.get("max") is None:
        return _("%(who)s must be at least %(min)s years old; the age at the decision date is %(age)s.") % {
            "who": who, "min": params["min"], "age": params["age"]
        }
    return _("%(who)s must be %(min)s–%(max)s years old; the age at the decision date is %(age)s.") % {
        "who": who, "min": params["min"], "max": params["max"], "age": params["age"]
    }


def _target_group_message(code: str, params: dict) -> str:
    situations, scopes = dict(TargetSituation.choices), dict(TargetScope.choices)
    group = "; ".join(
        f"{str(situations.get(line['situation'], line['situation'])).lower()}: {str(scopes.get(line['scope'], '')).lower()}"
        for line in params.get("group", [])
    )
    if code == "target_group_unknown":
        return _("The criminal-justice situation (“other criminal context”) does not say whether the person belongs to "
                 "the target group: %(group)s.") % {"group": group}
    return _("Not in the target group by criminal-justice situation: %(group)s.") % {"group": group}


def category_of(code: str) -> str:
    return DataCategory.CRIMINAL_JUSTICE if code.startswith("target_group") else DataCategory.CORE


HIDDEN_MESSAGE = _lazy(
    "A condition derived from data you may not see is not met. Ask a colleague who may see it."
)


def visible_message(code: str, params: dict, visible: frozenset[str]) -> str:
    """The failed condition as a user who sees the categories `visible` may read it."""
    if category_of(code) not in visible:
        return str(HIDDEN_MESSAGE)
    return describe(code, params)


def describe(code: str, params: dict) -> str:
    """The failed condition in words, in the user's language (stored codes stay language-neutral)."""
    if code == "age_limit":
        return _age_limit_message(params)
    if code.startswith("target_group"):
        return _target_group_message(code, params)
    messages = {
        "min_age": _("Must be at least %(min)s years old; the age at the decision date is %(age)s."),
        "municipality": _("Lives in %(municipality)s, which is not one of the municipalities the unit serves."),
        "drug_free": _("Is not drug-free."),
        "drug_free_unknown": _("Whether the person is drug-free is not known yet."),
        "housing": _("Has no arranged housing."),
        "housing_unknown": _("Whether housing is arranged is not known yet."),
        "childcare": _("Has no arranged childcare."),
        "childcare_unknown": _("Whether childcare is arranged is not known yet."),
    }
    template = messages.get(code)
    if template is None:
        return code
    return template % params if params else template
