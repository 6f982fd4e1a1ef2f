"""Eligibility (DOMAIN.md, "Target group and eligibility"): each Trollhättan rule (seeds/003), the
target group by criminal-justice situation, and a unit without gender limits."""

from dataclasses import replace

import pytest
from django.utils import translation

from agreements.rules import EligibilityRules, TargetGroupLine, TargetScope, TargetSituation
from intake.eligibility import Facts, evaluate
from krami.models import Gender
from participants.models import Condition
from participants.models import CriminalJusticeStatus as CJ
from tests.intake.factories import TROLLHATTAN_TARGET_GROUP, trollhattan_rules

TROLLHATTAN, VANERSBORG, UDDEVALLA = 1488, 1487, 1485
THN = trollhattan_rules([1488, 1487, 1461, 1462, 1444])
# Stockholm-style: the general rules only (18+, drug-free, housing), anywhere, no gender limits.
STOCKHOLM = EligibilityRules()

BASE = Facts(
    age=30, gender=Gender.MAN, identifies_as_woman=False, municipality_id=TROLLHATTAN, municipality_name="Trollhättan",
    drug_free=Condition.YES, housing_arranged=Condition.YES, childcare_arranged=Condition.NOT_APPLICABLE,
    criminal_justice_status=CJ.PROBATION,
)


def codes(rules, **changes):
    return [f.code for f in evaluate(replace(BASE, **changes), rules)]


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({}, []),
        # men 18–40
        ({"age": 18}, []),
        ({"age": 40}, []),
        ({"age": 41}, ["age_limit"]),
        ({"age": 17}, ["min_age", "age_limit"]),
        # women 18+, no upper limit; identifying as a woman counts as a woman
        ({"gender": Gender.WOMAN, "age": 55}, []),
        ({"gender": Gender.WOMAN, "age": 17}, ["min_age", "age_limit"]),
        ({"identifies_as_woman": True, "age": 55}, []),
        # the five municipalities
        ({"municipality_id": VANERSBORG}, []),
        ({"municipality_id": 1461}, []),
        ({"municipality_id": UDDEVALLA, "municipality_name": "Uddevalla"}, ["municipality"]),
        # drug-free
        ({"drug_free": Condition.NO}, ["drug_free"]),
        ({"drug_free": Condition.UNKNOWN}, ["drug_free_unknown"]),
        # housing
        ({"housing_arranged": Condition.NO}, ["housing"]),
        ({"housing_arranged": Condition.UNKNOWN}, ["housing_unknown"]),
        # childcare: required when it applies
        ({"childcare_arranged": Condition.YES}, []),
        ({"childcare_arranged": Condition.NO}, ["childcare"]),
        ({"childcare_arranged": Condition.UNKNOWN}, ["childcare_unknown"]),
        # every failed condition is listed, not only the first
        ({"age": 45, "municipality_id": UDDEVALLA, "municipality_name": "Uddevalla", "housing_arranged": Condition.NO},
         ["age_limit", "municipality", "housing"]),
    ],
)
def test_trollhattan_rules(changes, expected):
    assert codes(THN, **changes) == expected


# Seeds/003, "Målgrupp": "Dömda män och kvinnor samt kvinnor i riskzonen för kriminalitet". In an
# institution or under supervision is convicted as well; "other criminal context" does not say.
@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"criminal_justice_status": CJ.NONE}, ["target_group"]),  # an otherwise eligible man, no CJ situation
        ({"criminal_justice_status": CJ.CONVICTED}, []),
        ({"criminal_justice_status": CJ.PROBATION}, []),
        ({"criminal_justice_status": CJ.CONDITIONAL_RELEASE}, []),
        ({"criminal_justice_status": CJ.PRISON_RELEASE_MEASURE}, []),
        ({"criminal_justice_status": CJ.AT_RISK}, ["target_group"]),  # at risk: women only
        ({"criminal_justice_status": CJ.AT_RISK, "gender": Gender.WOMAN}, []),
        ({"criminal_justice_status": CJ.AT_RISK, "identifies_as_woman": True}, []),
        ({"criminal_justice_status": CJ.CONVICTED, "gender": Gender.WOMAN}, []),
        ({"criminal_justice_status": CJ.NONE, "gender": Gender.WOMAN}, ["target_group"]),
        ({"criminal_justice_status": CJ.OTHER_CRIMINAL_CONTEXT}, ["target_group_unknown"]),
    ],
)
def test_trollhattan_target_group(changes, expected):
    assert codes(THN, **changes) == expected


@pytest.mark.parametrize(
    "line, status, gender, passes",
    [
        (TargetGroupLine(TargetSituation.IN_INSTITUTION), CJ.PRISON_RELEASE_MEASURE, Gender.MAN, True),
        (TargetGroupLine(TargetSituation.IN_INSTITUTION), CJ.PROBATION, Gender.MAN, False),
        (TargetGroupLine(TargetSituation.UNDER_SUPERVISION), CJ.CONDITIONAL_RELEASE, Gender.WOMAN, True),
        (TargetGroupLine(TargetSituation.UNDER_SUPERVISION), CJ.CONVICTED, Gender.WOMAN, False),
        (TargetGroupLine(TargetSituation.CONVICTED, TargetScope.MEN), CJ.CONVICTED, Gender.WOMAN, False),
        (TargetGroupLine(TargetSituation.CONVICTED, TargetScope.MEN), CJ.CONVICTED, Gender.OTHER, True),
        (TargetGroupLine(TargetSituation.AT_RISK), CJ.CONVICTED, Gender.MAN, False),  # convicted is not "at risk"
    ],
)
def test_each_situation_and_scope(line, status, gender, passes):
    rules = EligibilityRules(target_group=(line,))
    assert (codes(rules, criminal_justice_status=status, gender=gender) == []) is passes


def test_the_target_group_message_names_the_group():
    [failure] = evaluate(replace(BASE, criminal_justice_status=CJ.NONE), EligibilityRules(target_group=TROLLHATTAN_TARGET_GROUP))
    assert failure.category == "criminal_justice"
    with translation.override("en"):
        assert failure.message == (
            "Not in the target group by criminal-justice situation: convicted: everyone; at risk of crime: women."
        )


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"age": 55}, []),  # no upper age limit for men
        ({"age": 17}, ["min_age"]),
        ({"gender": Gender.OTHER, "age": 60}, []),
        ({"municipality_id": UDDEVALLA}, []),  # anywhere
        ({"childcare_arranged": Condition.NO}, []),  # childcare not required
        ({"drug_free": Condition.NO}, ["drug_free"]),
        ({"housing_arranged": Condition.NO}, ["housing"]),
        ({"criminal_justice_status": CJ.NONE}, []),  # no target-group condition in the agreement
    ],
)
def test_stockholm_style_unit_without_gender_limits(changes, expected):
    assert codes(STOCKHOLM, **changes) == expected


def test_messages_name_the_condition_and_the_values():
    failures = evaluate(
        replace(BASE, age=44, municipality_id=UDDEVALLA, municipality_name="Uddevalla"), THN
    )
    messages = [f.message for f in failures]
    assert "44" in messages[0] and "18" in messages[0] and "40" in messages[0]
    assert "Uddevalla" in messages[1]
