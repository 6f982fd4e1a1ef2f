"""Eligibility (DOMAIN.md, "Target group and eligibility"): each Trollhättan rule, and a unit without gender limits."""

from dataclasses import replace

import pytest

from agreements.rules import EligibilityRules
from intake.eligibility import Facts, evaluate
from krami.models import Gender
from participants.models import Condition
from tests.intake.factories import trollhattan_rules

TROLLHATTAN, VANERSBORG, UDDEVALLA = 1488, 1487, 1485
THN = trollhattan_rules([1488, 1487, 1461, 1462, 1444])
# Stockholm-style: the general rules only (18+, drug-free, housing), anywhere, no gender limits.
STOCKHOLM = EligibilityRules()

BASE = Facts(
    age=30, gender=Gender.MAN, identifies_as_woman=False, municipality_id=TROLLHATTAN, municipality_name="Trollhättan",
    drug_free=Condition.YES, housing_arranged=Condition.YES, childcare_arranged=Condition.NOT_APPLICABLE,
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
