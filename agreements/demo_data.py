"""Demo step: the Stockholm 2023 agreement as in seeds/004, last year's copy (ended, a full year
of costs), this year's copy with monthly costs, a draft for next year, and Trollhättan's
agreements with their own rules (seeds/003: the target group, an outcome target of work or
full-time studies; and, invented, group starts only, the second no-show discharging, a fixed
price per place), last year's and this year's. Last year's are there so that in January the
dashboard of December still has its targets.

Built through the services, so the history pages have content too. Signatories are the
invented demo staff, never the people named in the seeds.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from agreements.models import (
    AgeLimit,
    Agreement,
    EligibleMunicipality,
    InflowMeasure,
    InflowTarget,
    OutcomeDenominator,
    SharedRole,
    SplitMethod,
    StaffingLine,
)
from agreements.models.costs import ActualCost, CostCategory, CostShare
from agreements.pricing import PriceModel
from agreements.rules import IntakeMode, NoShowRule, OutcomeStudies, TargetScope
from agreements.services.agreement import agreement_activate, agreement_create, agreement_end, save_tracked
from agreements.services.copy import agreement_copy
from krami import demo
from krami.models import Gender, OrganisationKind

STOCKHOLM_TEXTS = {
    "governance_text": (
        "Verksamheten drivs som en samverkan i organiserad form mellan tre likvärdiga parter; Stockholms Stad genom "
        "Arbetsmarknadsförvaltningen, Kriminalvården och Arbetsförmedlingen. Verksamheten bedrivs i gemensamma lokaler "
        "och har gemensam uppföljning och utvärdering som presenteras för styrgruppen."
    ),
    "drug_policy_text": (
        "Krami skall, vid misstanke om drogpåverkan, remittera deltagaren för drogtest. Om deltagaren inte medverkar "
        "skrivs hen ut ur vägledningsprogrammet. För återinskrivning krävs ett negativt test, alternativt ett test som "
        "visar på ett nedåtgående värde."
    ),
    "recruitment_text": (
        "Ansvarig myndighet samråder om kompetensprofil med samverkande myndigheter innan rekrytering påbörjas, "
        "och samråder därefter om kandidaterna."
    ),
    "introduction_text": "Arbetsgruppen ansvarar gemensamt för introduktion av ny medarbetare.",
    "follow_up_text": (
        "Vägledarna följer upp verksamheten vid verksamhetsmötena 1 gång/vecka och rapporterar resultaten till "
        "styrgruppen 1 gång/månad."
    ),
    "goals_text": (
        "Deltagarna ska finna, få och behålla ett arbete och bli självförsörjande, leva ett liv utan kriminalitet och "
        "bli delaktiga i nya sociala sammanhang."
    ),
    "special_starts_text": (
        "Krami Stockholm tillgodoser behov av särskilda uppstarter för personer som identifierar sig som kvinnor samt "
        "individuell planering för deltagare som uppger att de har ett sådant behov."
    ),
    "budget_owner_text": "Enhetschef inom Arbetsmarknadsförvaltningen har budgetansvar för Krami i dialog med styrgruppen.",
    "pricing_text": "Denna överenskommelse gäller ovanstående kommun. För närliggande kommuner gäller betalningsmodellen.",
    "termination_text": (
        "Om övergripande budgetförutsättningar hos någon part förändras ska justering kunna ske även senare än sex "
        "månader före årsskiftet."
    ),
    "wind_down_text": "Kriminalvården och Stockholms Stad delar lika på kvarstående driftskostnader under en avvecklingsperiod.",
}

OPERATING = (
    "Handledning, lokalkostnader, service och städ, investering och underhåll, deltagartelefoner och -datorer, "
    "förbrukningsmaterial, försäkringar samt kostnader för deltagare och personal i uppdraget."
)


def _orgs(agreement: Agreement) -> dict[str, object]:
    return {p.organisation.kind: p.organisation for p in agreement.parties.select_related("organisation")}


def _category(agreement, by, name, method, *, order, budget=None, shares=(), description=""):
    category = CostCategory(agreement=agreement, name=name, split_method=method, order=order, budget=budget,
                            description=description)
    save_tracked(category, by)
    for org, percent in shares:
        save_tracked(CostShare(category=category, organisation=org, percent=Decimal(percent)), by)
    return category


def build_stockholm_2023(unit, by) -> Agreement:
    agreement = agreement_create(
        unit=unit, title="Lokal överenskommelse för Krami i Stockholm för år 2023",
        period_start=date(2023, 1, 1), period_end=date(2023, 12, 31), by=by,
    )
    orgs = _orgs(agreement)
    names = {
        OrganisationKind.AF: ("VO lokalarbetsmarknad Stockholm-Globen", "", "", date(2023, 1, 10), "Henrik Norén"),
        OrganisationKind.KV: ("Kriminalvården", "Frivården Stockholm Stad", "Frivården Stockholm Stad", date(2022, 12, 21), "Eva Strand"),
        OrganisationKind.KOMMUN: ("Stockholms Stad", "", "", date(2023, 3, 8), "Karin Vik"),
    }
    for party in agreement.parties.select_related("organisation"):
        name, division, site, signed_on, signatory = names[party.organisation.kind]
        party.name_in_agreement, party.division, party.site = name, division, site
        party.signed_on, party.signed_place, party.signatory = signed_on, "Stockholm", signatory
        save_tracked(party, by)
    for kind in (OrganisationKind.AF, OrganisationKind.KV, OrganisationKind.KOMMUN):
        save_tracked(StaffingLine(agreement=agreement, organisation=orgs[kind], fte=Decimal(2), role_description="vägledare"), by)
    _category(agreement, by, "Egen personal", SplitMethod.OWN, order=1,
              description="Löner, resor i tjänsten och andra direkta personalkostnader bärs av respektive myndighet.")
    admin = _category(agreement, by, "Administratör (50 %)", SplitMethod.SHARED, order=2, budget=Decimal("330000"),
                      shares=[(orgs[OrganisationKind.KV], 50), (orgs[OrganisationKind.KOMMUN], 50)])
    operating = _category(agreement, by, "Driftskostnader", SplitMethod.SHARED, order=3, budget=Decimal("840000"),
                          shares=[(orgs[OrganisationKind.KV], 50), (orgs[OrganisationKind.KOMMUN], 50)], description=OPERATING)
    _category(agreement, by, "Arbetsmarknadspolitiska insatser (AF)", SplitMethod.OUTSIDE, order=4,
              description="Aktivitetsstöd och lönesubventioner från Arbetsförmedlingen, utanför kostnadsfördelningen.")
    save_tracked(SharedRole(agreement=agreement, title="Administratör", fte=Decimal("0.5"),
                     employer=orgs[OrganisationKind.KOMMUN], cost_category=admin), by)
    for field, text in STOCKHOLM_TEXTS.items():
        setattr(agreement, field, text)
    agreement.occupancy_target = 80
    agreement.outcome_target_percent = Decimal(60)
    agreement.outcome_denominator = OutcomeDenominator.COMPLETED_PROGRAMME
    agreement.steering_group_meetings_per_year = 4
    agreement.guideline_follow_ups_per_year = 1
    agreement.place_monthly_price, agreement.place_months = Decimal(4900), 5
    agreement.wind_down_category = operating
    save_tracked(agreement, by)
    return agreement


def monthly_costs(agreement: Agreement, by, months: list[date]) -> None:
    """Invented but plausible monthly costs: premises and the administrator paid by the kommun,
    supervision, phones and insurance by Kriminalvården, labour-market measures by AF."""
    orgs = _orgs(agreement)
    cats = {c.name: c for c in agreement.cost_categories.all()}
    af, kv, kommun = orgs[OrganisationKind.AF], orgs[OrganisationKind.KV], orgs[OrganisationKind.KOMMUN]
    for month in months:
        m = month.month
        lines = [
            ("Driftskostnader", Decimal("41250.00"), kommun, "Lokalhyra"),
            ("Driftskostnader", Decimal("5380.00"), kommun, "Service och städ"),
            ("Driftskostnader", Decimal("1000.00") + Decimal("137.35") * m, kommun, "Förbrukningsmaterial"),
            ("Driftskostnader", Decimal("3129.50"), kv, "Deltagartelefoner och -datorer"),
            ("Administratör (50 %)", Decimal("26840.00"), kommun, "Lön inkl. sociala avgifter"),
            ("Arbetsmarknadspolitiska insatser (AF)", Decimal("18000.00"), af, "Aktivitetsstöd"),
        ]
        if m % 2 == 1:
            lines.append(("Driftskostnader", Decimal("7500.00"), kv, "Handledning"))
        if m in (1, 4, 7, 10):
            lines.append(("Driftskostnader", Decimal("3100.00"), kv, "Försäkring, kvartal"))
        for name, amount, payer, note in lines:
            save_tracked(ActualCost(agreement=agreement, category=cats[name], month=month, amount=amount, paid_by=payer,
                             note=note, created_by=by), by)


def build_trollhattan(unit, by, year: int) -> Agreement:
    agreement = agreement_create(
        unit=unit, title=f"Lokal överenskommelse för Krami Trollhättan Vänersborg {year}",
        period_start=date(year, 1, 1), period_end=date(year, 12, 31), by=by,
    )
    orgs = _orgs(agreement)
    for kind in (OrganisationKind.AF, OrganisationKind.KV, OrganisationKind.KOMMUN):
        save_tracked(StaffingLine(agreement=agreement, organisation=orgs[kind], fte=Decimal(1), role_description="vägledare"), by)
    save_tracked(AgeLimit(agreement=agreement, gender=Gender.MAN, min_age=18, max_age=40), by)
    save_tracked(AgeLimit(agreement=agreement, gender=Gender.WOMAN, min_age=18), by)
    for municipality in unit.municipalities.all():
        save_tracked(EligibleMunicipality(agreement=agreement, municipality=municipality), by)
    save_tracked(InflowTarget(agreement=agreement, measure=InflowMeasure.INTERVIEWED, minimum=50), by)
    save_tracked(InflowTarget(agreement=agreement, measure=InflowMeasure.ENROLLED, minimum=35), by)
    three = [(orgs[k], p) for k, p in ((OrganisationKind.AF, "33.34"), (OrganisationKind.KV, "33.33"), (OrganisationKind.KOMMUN, "33.33"))]
    _category(agreement, by, "Gemensamma fasta och rörliga kostnader", SplitMethod.SHARED, order=1, budget=Decimal("240000"), shares=three)
    _category(agreement, by, "Resor för deltagare från Vänersborg", SplitMethod.SHARED, order=2, budget=Decimal("20000"),
              shares=[(orgs[OrganisationKind.KOMMUN], 100)])
    _category(agreement, by, "Egen personal och kompetensutveckling", SplitMethod.OWN, order=3)
    agreement.require_childcare = True
    # "Dömda män och kvinnor samt kvinnor i riskzonen för kriminalitet" (seeds/003, "Målgrupp").
    agreement.target_convicted, agreement.target_at_risk = TargetScope.EVERYONE, TargetScope.WOMEN
    agreement.young_max_age = 30
    # "Minst 50 % av de inskrivna avslutas mot arbete eller heltidsstudier" (seeds/003, "Mål").
    agreement.outcome_target_percent = Decimal(50)
    agreement.outcome_denominator = OutcomeDenominator.ALL_CLOSED
    agreement.outcome_studies = OutcomeStudies.FULL_TIME
    # Invented for the demo, so that every reading of the rules shows somewhere (Stockholm keeps the
    # defaults): the plan's group starts are the normal case (seeds/003), here group starts only, as
    # Helsingborg does (seeds/002); the second no-show within an enrolment counts as not cooperating;
    # and nearby municipalities buy places (seeds/003 names no price) at 4 900 kr × 5 as a fixed sum.
    agreement.intake_mode = IntakeMode.GROUP
    agreement.drug_test_no_show, agreement.drug_test_no_show_limit = NoShowRule.NOT_COOPERATING, 2
    agreement.place_price_model = PriceModel.PER_PLACE
    agreement.place_monthly_price, agreement.place_months = Decimal(4900), 5
    # Invented figure (the project plan sets no occupancy key figure): a small 1 + 1 + 1 FTE team
    # at its target, so the demo queue shows the priority order in force.
    agreement.occupancy_target = 7
    agreement.steering_group_meetings_per_year = 12
    agreement.target_group_text = "Särskild prioritet för unga nykriminella 18–30 år och kvinnor."
    save_tracked(agreement, by)
    return agreement


def _ended_year(agreement: Agreement, by, *, costs: bool = True) -> Agreement:
    """Activate `agreement`, give it a full year of costs (Stockholm's categories) and end it with its period."""
    agreement_activate(
        agreement=agreement, title=agreement.title, period_start=agreement.period_start, period_end=agreement.period_end, by=by
    )
    if costs:
        monthly_costs(agreement, by, [date(agreement.period_start.year, m, 1) for m in range(1, 13)])
    agreement_end(agreement=agreement, ended_on=agreement.period_end, by=by)
    return agreement


@demo.step(30, "local agreements")
def seed_agreements(ctx: demo.DemoContext) -> None:
    today = timezone.localdate()
    year = today.year
    past_months = [date(year, m, 1) for m in range(1, today.month)]
    sthlm, by = ctx.units["sthlm"], ctx.users["sthlm.avtal"]
    if not Agreement.objects.filter(unit=sthlm).exists():
        a2023 = _ended_year(build_stockholm_2023(sthlm, by), by)
        if year - 1 > 2023:
            _ended_year(agreement_copy(agreement=a2023, by=by, period_start=date(year - 1, 1, 1), period_end=date(year - 1, 12, 31)), by)
        current = agreement_copy(agreement=a2023, by=by, period_start=date(year, 1, 1), period_end=date(year, 12, 31))
        agreement_activate(agreement=current, title=current.title, period_start=current.period_start, period_end=current.period_end, by=by)
        monthly_costs(current, by, past_months)
        draft = agreement_copy(agreement=current, by=by)
        draft.occupancy_target = 85
        save_tracked(draft, by)
    thn, thn_by = ctx.units["thn"], ctx.users["thn.kommun.styrgrupp"]
    if not Agreement.objects.filter(unit=thn).exists():
        _ended_year(build_trollhattan(thn, thn_by, year - 1), thn_by, costs=False)
        agreement = build_trollhattan(thn, thn_by, year)
        agreement_activate(
            agreement=agreement, title=agreement.title, period_start=agreement.period_start, period_end=agreement.period_end, by=thn_by
        )
