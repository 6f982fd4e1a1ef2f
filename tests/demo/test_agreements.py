"""The demo step: Stockholm 2023 as in the document, last year's and this year's copies with costs, Trollhättan's rules; idempotent."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import timezone

from agreements.demo_data import seed_agreements
from agreements.models import Agreement, AgreementStatus
from agreements.periods import Period
from agreements.selectors import rules_for_unit, targets_for_unit
from agreements.settlement import settlement_for
from krami import demo
from krami.demo_data import seed_core
from krami.models import Unit

pytestmark = pytest.mark.django_db


def run_steps():
    ctx = demo.DemoContext()
    seed_core(ctx)
    seed_agreements(ctx)
    return ctx


def test_demo_agreements(seeded):
    year = timezone.localdate().year
    sthlm = {a.period_start.year: a for a in Agreement.objects.filter(unit__name="Krami Stockholm")}
    assert {y: a.status for y, a in sthlm.items()} == {
        2023: AgreementStatus.ENDED, year - 1: AgreementStatus.ENDED, year: AgreementStatus.ACTIVE,
        year + 1: AgreementStatus.DRAFT,
    }
    a2023 = sthlm[2023]
    assert a2023.place_price_total == D(24500)
    assert sum(s.fte for s in a2023.staffing.all()) == D(6)
    assert a2023.parties.exclude(signatory="").count() == 3
    # 2023 has a full year of costs: the settlement balances KV against the kommun.
    report = settlement_for(agreement=a2023, period=Period("all", date(2023, 1, 1), date(2023, 12, 31), "2023"))
    assert sum(p.balance.share for p in report.parties) == report.settlement.total > 0
    assert [(t.debtor.organisation.kind, t.creditor.organisation.kind) for t in report.transfers] == [("kv", "kommun")]
    # Trollhättan's own rules are in force.
    thn_unit = Unit.objects.get(name="Krami Trollhättan Vänersborg")
    thn = rules_for_unit(unit=thn_unit, on=timezone.localdate())
    assert thn.agreement_id is not None and thn.eligibility.require_childcare
    assert len(thn.eligibility.municipality_ids) == 5
    thn_targets = targets_for_unit(unit=thn_unit, on=timezone.localdate())
    assert {(t.measure, t.minimum) for t in thn_targets.inflow} == {("interviewed", 50), ("enrolled", 35)}
    # Seeds/003: convicted men and women, women at risk; at least 50 % to work or full-time studies.
    assert [(line.situation, line.scope) for line in thn.eligibility.target_group] == [("convicted", "everyone"), ("at_risk", "women")]
    assert (thn_targets.outcome_studies, thn.intake_mode, thn.drug_tests.no_show_limit) == ("full_time", "group", 2)
    assert Agreement.objects.get(unit=thn_unit, period_start__year=year).place_price.model == "per_place"
    # Stockholm keeps today's readings: per enrolment month started, both kinds of start, the team decides.
    sthlm_rules = rules_for_unit(unit=Unit.objects.get(name="Krami Stockholm"), on=timezone.localdate())
    assert (sthlm_rules.intake_mode, sthlm_rules.drug_tests.no_show, sthlm_rules.eligibility.target_group) == ("both", "team", ())
    assert sthlm[year].place_price.model == "per_month"


def test_demo_step_is_idempotent(seeded):
    counts = (Agreement.objects.count(), Agreement.history.count())
    run_steps()
    assert (Agreement.objects.count(), Agreement.history.count()) == counts
