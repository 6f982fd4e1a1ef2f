"""Trollhättan Vänersborg's rules (seeds/003) entered through the agreement's forms, as an admin would:
the target group ("Dömda män och kvinnor samt kvinnor i riskzonen för kriminalitet"), group starts,
what a no-show at a drug test means, an outcome target of work or full-time studies, and a price per
place. Intake and reporting get them through `rules_for_unit` / `targets_for_unit`; the summary, the
PDF, the copy for next year and the comparison show them."""

from datetime import date
from decimal import Decimal as D

from django.urls import reverse

from agreements.models import Agreement
from agreements.pdf import agreement_pdf
from agreements.pricing import PriceModel
from agreements.rules import (
    DrugTestRules,
    IntakeMode,
    NoShowRule,
    OutcomeStudies,
    TargetGroupLine,
    TargetScope,
    TargetSituation,
)
from agreements.selectors import agreement_with_parts, place_price_for, rules_for_unit, targets_for_unit
from agreements.services.copy import agreement_copy
from tests.agreements.factories import stockholm_like
from tests.agreements.helpers import error_next_to, submit
from tests.pdf import pdf_words


def section(agreement, name):
    return reverse("agreements:section_edit", kwargs={"pk": agreement.pk, "section": name})


def enter_trollhattan_rules(client, agreement) -> None:
    for name, changes in [
        ("eligibility", {"target_convicted": "everyone", "target_at_risk": "women", "require_childcare": "on"}),
        ("priority", {"intake_mode": "group"}),
        ("drug_policy", {"drug_test_no_show": "not_cooperating", "drug_test_no_show_limit": "2"}),
        ("targets", {"outcome_target_percent": "50", "outcome_denominator": "all_closed", "outcome_studies": "full_time"}),
        ("pricing", {"place_price_model": "per_place"}),
    ]:
        response = submit(client, section(agreement, name), changes)
        assert response.status_code == 302, (name, response.content.decode()[:3000])


def test_trollhattans_rules_reach_intake_and_reporting(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    enter_trollhattan_rules(admin_client, agreement)

    rules = rules_for_unit(unit=stockholm.unit, on=date(2026, 6, 1))
    assert rules.eligibility.target_group == (
        TargetGroupLine(TargetSituation.CONVICTED, TargetScope.EVERYONE), TargetGroupLine(TargetSituation.AT_RISK, TargetScope.WOMEN),
    )
    assert rules.intake_mode == IntakeMode.GROUP
    assert rules.drug_tests == DrugTestRules(no_show=NoShowRule.NOT_COOPERATING, no_show_limit=2)
    targets = targets_for_unit(unit=stockholm.unit, on=date(2026, 6, 1))
    assert (targets.outcome_target_percent, targets.outcome_denominator, targets.outcome_studies) == (
        D(50), "all_closed", OutcomeStudies.FULL_TIME,
    )
    price = place_price_for(Agreement.objects.get(pk=agreement.pk))
    assert (price.model, price.per_participant) == (PriceModel.PER_PLACE, D(24500))

    page = admin_client.get(reverse("agreements:detail", kwargs={"pk": agreement.pk})).content.decode()
    for text in ("Convicted: everyone\nAt risk of crime: women", "Group starts only",
                 "Counts as not cooperating: no-show number 2 within an enrolment discharges.",
                 "50 % of all closed participants: work or full-time studies", "per place, a fixed sum"):
        assert text in page, text

    pdf = pdf_words(agreement_pdf(agreement_with_parts(Agreement.objects.filter(pk=agreement.pk)).get()))
    for text in ("Convicted:everyone", "Atriskofcrime:women", "Startsintheguidancecourse:groupstartsonly",
                 "no-shownumber2withinanenrolmentdischarges", "workorstudyfulltime", "perplace,afixedsum"):
        assert text in pdf.replace("\xa0", ""), text


def test_the_copy_for_next_year_keeps_the_rules_and_the_comparison_shows_a_change(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2025)
    enter_trollhattan_rules(admin_client, agreement)
    new = agreement_copy(agreement=Agreement.objects.get(pk=agreement.pk), by=None)
    fields = ("target_convicted", "target_at_risk", "intake_mode", "drug_test_no_show", "drug_test_no_show_limit",
              "outcome_studies", "place_price_model")
    assert [getattr(new, f) for f in fields] == ["everyone", "women", "group", "not_cooperating", 2, "full_time", "per_place"]
    assert submit(admin_client, section(new, "priority"), {"intake_mode": "both"}).status_code == 302
    html = admin_client.get(reverse("agreements:compare", kwargs={"pk": new.pk}) + "?andrade=1").content.decode()
    assert ('<th scope="row">Starts in the guidance course</th><td class="prewrap">Group starts only</td>'
            '<td class="prewrap">Group and individual starts</td>') in html


def test_a_no_show_limit_below_one_is_refused_next_to_the_field(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    response = submit(admin_client, section(agreement, "drug_policy"),
                      {"drug_test_no_show": "not_cooperating", "drug_test_no_show_limit": "0"})
    assert response.status_code == 200
    assert error_next_to(response.content.decode(), "id_drug_test_no_show_limit", "At least 1 (the first no-show).")


def test_stockholms_agreement_keeps_todays_readings(stockholm):
    """No target-group condition, both kinds of start, the team decides on a no-show, any studies,
    and 4 900 kr per enrolment month started (someone who leaves after six weeks costs 9 800 kr)."""
    stockholm_like(unit=stockholm.unit, year=2026)
    rules = rules_for_unit(unit=stockholm.unit, on=date(2026, 6, 1))
    assert (rules.eligibility.target_group, rules.intake_mode, rules.drug_tests) == ((), IntakeMode.BOTH, DrugTestRules())
    assert targets_for_unit(unit=stockholm.unit, on=date(2026, 6, 1)).outcome_studies == OutcomeStudies.ANY
    assert place_price_for(Agreement.objects.get(unit=stockholm.unit)).model == PriceModel.PER_MONTH
