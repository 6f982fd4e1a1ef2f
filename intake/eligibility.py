"""Eligibility: does an applicant meet the unit's target-group rules? (DOMAIN.md, "Target group and eligibility")

The rules come from the unit's agreement (`agreements.rules.EligibilityRules`, read through
`agreements.selectors.rules_for_unit`); this module only evaluates them. `evaluate` is a pure
function over plain facts, so each rule can be tested as one row of a table. It returns every
failed condition, not just the first: the team meeting sees all reasons at once, and staff can
accept an applicant anyway with a recorded reason (intake/services/assessment.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from agreements.rules import AgeLimit, EligibilityRules
from krami.dates import age_on
from krami.models import Gender
from participants.models import Condition


@dataclass(frozen=True)
class Facts:
    """What the rules look at, all from the participant's core record (category CORE)."""

    age: int
    gender: str
    identifies_as_woman: bool
    municipality_id: int
    municipality_name: str
    drug_free: str
    housing_arranged: str
    childcare_arranged: str

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
    )


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


def describe(code: str, params: dict) -> str:
    """The failed condition in words, in the user's language (stored codes stay language-neutral)."""
    if code == "age_limit":
        return _age_limit_message(params)
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
