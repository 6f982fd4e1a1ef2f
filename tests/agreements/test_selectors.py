"""rules_for_unit (intake's contract) and targets_for_unit (reporting's): the agreement in force, else defaults."""

from datetime import date
from decimal import Decimal as D

import pytest

from agreements.models import AgeLimit, AgreementStatus, EligibleMunicipality, InflowMeasure, InflowTarget
from agreements.rules import DEFAULT_PRIORITY_ORDER, UnitRules, UnitTargets
from agreements.rules import AgeLimit as AgeLimitValue
from agreements.selectors import current_agreement, rules_for_unit, targets_for_unit
from agreements.services.agreement import agreement_activate, agreement_end, agreement_terminate, save_tracked
from krami.models import Gender
from tests.agreements.factories import stockholm_like
from tests.krami.factories import MunicipalityFactory, UnitFactory


def test_no_agreement_means_national_defaults(db):
    unit = UnitFactory()
    assert rules_for_unit(unit=unit, on=date(2026, 5, 1)) == UnitRules()
    assert targets_for_unit(unit=unit, on=date(2026, 5, 1)) == UnitTargets()


def test_the_active_agreement_gives_its_rules(db):
    unit = UnitFactory()
    agreement = stockholm_like(unit=unit, year=2026, occupancy_target=72, status=AgreementStatus.DRAFT)
    trollhattan, vanersborg = MunicipalityFactory(name="Trollhättan"), MunicipalityFactory(name="Vänersborg")
    for m in (trollhattan, vanersborg):
        save_tracked(EligibleMunicipality(agreement=agreement, municipality=m), None)
    save_tracked(AgeLimit(agreement=agreement, gender=Gender.MAN, min_age=18, max_age=40), None)
    save_tracked(AgeLimit(agreement=agreement, gender="", min_age=20), None)
    agreement.require_childcare = True
    agreement.women_first = False
    agreement.priority_order = ["young", "prison_release", "supervision", "other"]
    agreement.young_max_age = 30
    save_tracked(agreement, None)
    assert rules_for_unit(unit=unit, on=date(2026, 5, 1)) == UnitRules()  # a draft is not in force

    agreement_activate(agreement=agreement, title=agreement.title, period_start=agreement.period_start,
                       period_end=agreement.period_end, by=None)
    rules = rules_for_unit(unit=unit, on=date(2026, 5, 1))
    assert rules.agreement_id == agreement.pk
    assert rules.occupancy_target == 72
    assert rules.eligibility.municipality_ids == frozenset({trollhattan.pk, vanersborg.pk})
    assert set(rules.eligibility.age_limits) == {AgeLimitValue("man", 18, 40), AgeLimitValue(None, 20, None)}
    assert (rules.eligibility.require_drug_free, rules.eligibility.require_housing, rules.eligibility.require_childcare) == (
        True,
        True,
        True,
    )
    assert rules.priority.order == ("young", "prison_release", "supervision", "other")
    assert (rules.priority.women_first, rules.priority.only_at_occupancy_target, rules.priority.young_max_age) == (False, True, 30)


@pytest.mark.parametrize(
    ("on", "in_force"),
    [(date(2025, 12, 31), False), (date(2026, 1, 1), True), (date(2026, 12, 31), True), (date(2027, 1, 1), False)],
)
def test_only_within_the_period(db, on, in_force):
    unit = UnitFactory()
    agreement = stockholm_like(unit=unit, year=2026)
    assert (rules_for_unit(unit=unit, on=on).agreement_id == agreement.pk) is in_force


def test_a_terminated_agreement_applies_to_the_end_of_its_period(db):
    unit = UnitFactory()
    agreement = stockholm_like(unit=unit, year=2026)
    kv = agreement.parties.get(organisation__kind="kv").organisation
    agreement_terminate(agreement=agreement, notice_given_on=date(2026, 5, 1), party=kv, reason="", by=None)
    assert rules_for_unit(unit=unit, on=date(2026, 12, 31)).agreement_id == agreement.pk


def test_an_agreement_ended_early_stops_applying(db):
    unit = UnitFactory()
    agreement = stockholm_like(unit=unit, year=2026)
    agreement_end(agreement=agreement, ended_on=date(2026, 8, 31), by=None)
    assert rules_for_unit(unit=unit, on=date(2026, 8, 31)).agreement_id == agreement.pk
    assert rules_for_unit(unit=unit, on=date(2026, 9, 1)) == UnitRules()
    assert current_agreement(unit=unit, on=date(2026, 9, 1)) is None


def test_another_units_agreement_is_never_used(db):
    unit, other = UnitFactory(), UnitFactory()
    stockholm_like(unit=other, year=2026)
    assert rules_for_unit(unit=unit, on=date(2026, 5, 1)) == UnitRules()


def test_targets_for_reporting(db):
    unit = UnitFactory()
    agreement = stockholm_like(unit=unit, year=2026)
    save_tracked(InflowTarget(agreement=agreement, measure=InflowMeasure.INTERVIEWED, minimum=50), None)
    save_tracked(InflowTarget(agreement=agreement, measure=InflowMeasure.ENROLLED, minimum=35), None)
    targets = targets_for_unit(unit=unit, on=date(2026, 3, 1))
    assert targets.agreement_id == agreement.pk
    assert (targets.period_start, targets.period_end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert targets.occupancy_target == 80
    assert (targets.outcome_target_percent, targets.outcome_denominator) == (D(60), "completed_programme")
    assert {(t.measure, t.minimum) for t in targets.inflow} == {("interviewed", 50), ("enrolled", 35)}


def test_defaults_are_the_stockholm_priority_order(db):
    assert rules_for_unit(unit=UnitFactory(), on=date(2026, 1, 1)).priority.order == DEFAULT_PRIORITY_ORDER
