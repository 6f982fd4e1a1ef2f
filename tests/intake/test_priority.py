"""The priority order of the queue (DOMAIN.md, "Priority order"), as tables: one row per rule."""

from dataclasses import replace
from datetime import date, datetime

import pytest

from agreements.rules import PriorityCategory as Cat
from agreements.rules import PriorityRules, UnitRules
from intake.priority import Applicant, priority_basis, priority_category, rank
from participants.models import CriminalJusticeStatus as CJ

DECIDED = date(2026, 3, 2)
TODAY = date(2026, 4, 1)
AT_TARGET = {"rules": UnitRules(occupancy_target=10), "active_count": 10}


def applicant(key, *, status=CJ.OTHER_CRIMINAL_CONTEXT, age=30, woman=False, decided=DECIDED, kv=False,
              social=False, af=False, manual=None, placed_at=None) -> Applicant:
    born = date(decided.year - age, 1, 1)  # `age` years old on the decision date (decided after 1 January)
    return Applicant(
        key=key, decided_on=decided, birth_date=born, is_woman=woman, criminal_justice_status=status,
        current_at_kv=kv, current_at_social_services=social, registered_at_af=af,
        manual_position=manual, manual_placed_at=placed_at,
    )


@pytest.mark.parametrize(
    "case, expected",
    [
        (dict(status=CJ.PRISON_RELEASE_MEASURE), Cat.PRISON_RELEASE),
        (dict(status=CJ.PRISON_RELEASE_MEASURE, age=21), Cat.PRISON_RELEASE),  # 1 before 3 for the young too
        (dict(status=CJ.PROBATION), Cat.SUPERVISION),
        (dict(status=CJ.CONDITIONAL_RELEASE), Cat.SUPERVISION),
        (dict(age=22, kv=True), Cat.YOUNG_CRIMINAL_CONTEXT),
        (dict(age=22), Cat.YOUNG_CRIMINAL_CONTEXT),  # current nowhere: "not current at all authorities"
        (dict(age=22, kv=True, social=True), Cat.YOUNG_CRIMINAL_CONTEXT),
        (dict(age=22, kv=True, social=True, af=True), Cat.OTHER_CRIMINAL_CONTEXT),  # current at all three
        (dict(age=18), Cat.YOUNG_CRIMINAL_CONTEXT),
        (dict(age=25), Cat.YOUNG_CRIMINAL_CONTEXT),
        (dict(age=26), Cat.OTHER_CRIMINAL_CONTEXT),
        (dict(age=40), Cat.OTHER_CRIMINAL_CONTEXT),
        (dict(status=CJ.NONE, age=22), None),  # not in a criminal context: no category
        # Convicted earlier, or at risk of crime (seeds/003's target group): in a criminal context.
        (dict(status=CJ.CONVICTED, age=22), Cat.YOUNG_CRIMINAL_CONTEXT),
        (dict(status=CJ.CONVICTED, age=35), Cat.OTHER_CRIMINAL_CONTEXT),
        (dict(status=CJ.AT_RISK, age=19), Cat.YOUNG_CRIMINAL_CONTEXT),
        (dict(status=CJ.AT_RISK, age=30), Cat.OTHER_CRIMINAL_CONTEXT),
    ],
)
def test_priority_category(case, expected):
    assert priority_category(applicant(1, **case), PriorityRules()) == expected


@pytest.mark.parametrize(
    "decided, expected",
    [
        (date(2026, 6, 14), Cat.YOUNG_CRIMINAL_CONTEXT),  # 25 on the decision date, 26 the day after
        (date(2026, 6, 15), Cat.OTHER_CRIMINAL_CONTEXT),  # 26th birthday on the decision date
    ],
)
def test_age_counts_at_the_decision_date_not_today(decided, expected):
    a = Applicant(key=1, decided_on=decided, birth_date=date(2000, 6, 15), is_woman=False,
                  criminal_justice_status=CJ.OTHER_CRIMINAL_CONTEXT)
    assert priority_category(a, PriorityRules()) == expected
    # Ranking years later does not change the category: the decision date counts.
    row = rank([a], rules=UnitRules(occupancy_target=1), active_count=5, today=date(2031, 1, 1)).rows[0]
    assert row.category == expected


def _order(applicants, **kwargs):
    kwargs = {**AT_TARGET, **kwargs}
    return [row.applicant.key for row in rank(applicants, today=TODAY, **kwargs).rows]


# Each row: the applicants (key → attributes) and the expected order at the occupancy target.
ORDER_TABLE = [
    pytest.param(
        {"other": dict(age=40, decided=date(2026, 1, 5)), "supervision": dict(status=CJ.PROBATION),
         "prison": dict(status=CJ.PRISON_RELEASE_MEASURE), "young": dict(age=20, decided=date(2026, 1, 1))},
        ["prison", "supervision", "young", "other"],
        id="categories 1-4 before waiting time",
    ),
    pytest.param(
        {"man": dict(status=CJ.PROBATION, decided=date(2026, 3, 20)),
         "woman": dict(status=CJ.PROBATION, woman=True, decided=date(2026, 3, 20))},
        ["woman", "man"],
        id="women first between equals: same category, same day",
    ),
    pytest.param(
        {"man_long_wait": dict(status=CJ.PROBATION, decided=date(2026, 1, 1)),
         "woman_short_wait": dict(status=CJ.PROBATION, woman=True, decided=date(2026, 3, 20))},
        ["man_long_wait", "woman_short_wait"],
        id="a longer wait is not equal: waiting time first",
    ),
    pytest.param(
        {"man_cat1": dict(status=CJ.PRISON_RELEASE_MEASURE, decided=date(2026, 3, 20)),
         "woman_cat2": dict(status=CJ.PROBATION, woman=True, decided=date(2026, 1, 1))},
        ["man_cat1", "woman_cat2"],
        id="women first only within a category",
    ),
    pytest.param(
        {"woman_later": dict(woman=True, decided=date(2026, 3, 1)), "woman_earlier": dict(woman=True, decided=date(2026, 2, 1)),
         "man": dict(decided=date(2026, 1, 1))},
        ["man", "woman_earlier", "woman_later"],
        id="waiting time within one category",
    ),
    pytest.param(
        {"no_context": dict(status=CJ.NONE, decided=date(2026, 1, 1)), "other": dict(decided=date(2026, 3, 1))},
        ["other", "no_context"],
        id="no criminal context after the four categories",
    ),
]


@pytest.mark.parametrize("people, expected", ORDER_TABLE)
def test_order_at_the_occupancy_target(people, expected):
    keys = {name: i for i, name in enumerate(people)}
    applicants = [applicant(keys[name], **attrs) for name, attrs in people.items()]
    names = {v: k for k, v in keys.items()}
    assert [names[k] for k in _order(applicants)] == expected


def test_women_first_rule_off_leaves_equal_applicants_in_the_order_they_came():
    rules = UnitRules(occupancy_target=10, priority=PriorityRules(women_first=False))
    man = applicant(1, status=CJ.PROBATION)
    woman = applicant(2, status=CJ.PROBATION, woman=True)
    assert _order([woman, man], rules=rules) == [1, 2]
    assert _order([woman, man]) == [2, 1]  # the rule on (the default)


def test_the_units_own_category_order_is_followed():
    reversed_order = tuple(reversed(PriorityRules().order))
    rules = UnitRules(occupancy_target=10, priority=PriorityRules(order=reversed_order))
    prison = applicant(1, status=CJ.PRISON_RELEASE_MEASURE)
    other = applicant(2, age=40)
    assert _order([prison, other], rules=rules) == [2, 1]


@pytest.mark.parametrize(
    "target, active, only_at_target, basis",
    [
        (10, 9, True, "below_target"),
        (10, 10, True, "at_target"),
        (10, 14, True, "at_target"),
        (None, 50, True, "no_target"),
        (None, 0, False, "always"),
        (10, 3, False, "always"),
    ],
)
def test_activation_threshold(target, active, only_at_target, basis):
    rules = UnitRules(occupancy_target=target, priority=PriorityRules(only_at_occupancy_target=only_at_target))
    assert priority_basis(rules=rules, active_count=active) == basis
    long_wait_other = applicant(1, age=40, decided=date(2026, 1, 1))
    woman_prison = applicant(2, status=CJ.PRISON_RELEASE_MEASURE, woman=True, decided=date(2026, 3, 1))
    order = rank([woman_prison, long_wait_other], rules=rules, active_count=active, today=TODAY)
    expected = [2, 1] if basis in ("at_target", "always") else [1, 2]  # below target: waiting time only
    assert [r.applicant.key for r in order.rows] == expected
    assert order.priority_applies is (basis in ("at_target", "always"))
    # Different categories and days: not equal, so the women-first rule decided nothing.
    assert not any(r.women_first or r.after_equal_woman for r in order.rows)


def test_below_the_target_a_longer_wait_goes_before_women_first():
    man = applicant(1, decided=date(2026, 1, 1))
    woman = applicant(2, woman=True, decided=date(2026, 2, 1))
    assert _order([woman, man], rules=UnitRules(occupancy_target=10), active_count=3) == [1, 2]


# Seeds/004: "Vid två likvärdiga sökanden ska kvinnor prioriteras" is a paragraph of its own, so it
# applies at any occupancy. Equal: accepted the same day and, while the priority order is in force,
# of the same category. Two men and a woman accepted on one day, the men registered first.
SAME_DAY = [
    applicant(1, status=CJ.PROBATION),
    applicant(2, status=CJ.OTHER_CRIMINAL_CONTEXT, age=40),
    applicant(3, status=CJ.OTHER_CRIMINAL_CONTEXT, age=40, woman=True),
]


@pytest.mark.parametrize(
    "target, active, expected, decided",
    [
        pytest.param(10, 3, [3, 1, 2], {3, 1, 2}, id="below the target: the woman before both men"),
        pytest.param(None, 0, [3, 1, 2], {3, 1, 2}, id="no target: the woman before both men"),
        pytest.param(10, 10, [1, 3, 2], {3, 2}, id="at the target: category first, then the woman before the equal man"),
    ],
)
def test_women_first_between_equal_applicants_at_any_occupancy(target, active, expected, decided):
    order = rank(SAME_DAY, rules=UnitRules(occupancy_target=target), active_count=active, today=TODAY)
    assert [r.applicant.key for r in order.rows] == expected
    assert {r.applicant.key for r in order.rows if r.women_first} == {3}
    assert {r.applicant.key for r in order.rows if r.women_first or r.after_equal_woman} == decided


def test_rows_carry_the_facts_that_explain_them():
    a = applicant(7, status=CJ.OTHER_CRIMINAL_CONTEXT, age=23, woman=True, decided=date(2026, 3, 2))
    row = rank([a], today=TODAY, **AT_TARGET).rows[0]
    assert (row.position, row.category, row.category_rank, row.age_at_decision, row.waiting_days, row.women_first) == (
        1, Cat.YOUNG_CRIMINAL_CONTEXT, 3, 23, 30, False,  # no equal man: the women-first rule decided nothing
    )


@pytest.mark.parametrize(
    "positions, expected",
    [
        ({4: 1}, [4, 1, 2, 3]),  # the last moved to the top
        ({1: 3}, [2, 3, 1, 4]),
        ({1: 99}, [2, 3, 4, 1]),  # beyond the end: last
        ({3: 1, 4: 1}, [4, 3, 1, 2]),  # two placements at 1: the later one (4, placed at 09:04) wins the top
    ],
)
def test_manual_placements_are_applied_on_top_of_the_rule_order(positions, expected):
    applicants = []
    for key in (1, 2, 3, 4):
        a = applicant(key, decided=date(2026, 1, key))
        if key in positions:
            a = replace(a, manual_position=positions[key], manual_placed_at=datetime(2026, 3, 1, 9, key))
        applicants.append(a)
    rows = rank(applicants, today=TODAY, **AT_TARGET).rows
    assert [r.applicant.key for r in rows] == expected
    assert {r.applicant.key for r in rows if r.manual} == set(positions)
