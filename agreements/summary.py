"""An agreement described section by section as (label, value) rows, in the document's order.

One description serves the summary page, the side-by-side comparison of two agreements and
the rules page: what the admin reads is what the comparison compares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from agreements.models import Agreement, OutcomeDenominator, SplitMethod
from agreements.models.agreement import TARGET_GROUP_FIELDS
from agreements.rules import IntakeMode, NoShowRule, OutcomeStudies, TargetScope, TargetSituation
from krami.templatetags.krami_tags import money


@dataclass
class SectionView:
    slug: str  # the section's edit page (agreements.forms.sections.SECTIONS), "" when edited elsewhere
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)

    def add(self, label: str, value) -> None:
        self.rows.append((label, "–" if value in (None, "") else str(value)))


def fte(value) -> str:
    return number_format(Decimal(value).normalize() if value else Decimal(0), decimal_pos=None)


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def day(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def percent(value) -> str:
    return f"{number_format(Decimal(value).normalize())} %" if value is not None else ""


def split_description(category) -> str:
    if category.split_method == SplitMethod.SHARED:
        parts = [f"{s.organisation.name} {percent(s.percent)}" for s in category.shares.all()]
        return _("Shared: %(shares)s") % {"shares": "; ".join(parts)}
    return category.get_split_method_display()


def outcome_target(agreement: Agreement) -> str:
    if agreement.outcome_target_percent is None:
        return ""
    denominator = OutcomeDenominator(agreement.outcome_denominator).label if agreement.outcome_denominator else ""
    share = " ".join(part for part in (percent(agreement.outcome_target_percent), str(denominator)) if part)
    return f"{share}: {OutcomeStudies(agreement.outcome_studies).label}"


def priority_lines(agreement: Agreement) -> list[str]:
    return [f"{i}. {label}" for i, label in enumerate(agreement.priority_labels, start=1)]


def describe(agreement: Agreement) -> list[SectionView]:
    """Every section with its rows. Expects `agreement_with_parts` prefetching (no queries per row)."""
    return [
        _period(agreement), _parties(agreement), _eligibility(agreement), _priority(agreement),
        _governance(agreement), _drug_policy(agreement), _staffing(agreement), _targets(agreement), _costs(agreement),
        _pricing(agreement), _termination(agreement), _signatures(agreement),
    ]


def _period(a: Agreement) -> SectionView:
    s = SectionView("period", _("Title and period"))
    s.add(_("Title"), a.title)
    s.add(_("Period"), f"{day(a.period_start)} – {day(a.period_end)}")
    return s


def _parties(a: Agreement) -> SectionView:
    s = SectionView("parties", _("Parties"))
    for p in a.parties.all():
        details = [p.display_name]
        if p.division:
            details.append(_("verksamhetsområde: %(name)s") % {"name": p.division})
        if p.site:
            details.append(_("verksamhetsställe: %(name)s") % {"name": p.site})
        s.add(p.organisation.name, "; ".join(details))
    return s


def _eligibility(a: Agreement) -> SectionView:
    s = SectionView("eligibility", _("Target group and eligibility"))
    s.add(_("Minimum age"), a.min_age)
    for limit in a.age_limits.all():
        who = limit.get_gender_display() if limit.gender else _("Everyone")
        ages = f"{limit.min_age}–{limit.max_age}" if limit.max_age is not None else _("%(age)s or older") % {"age": limit.min_age}
        s.add(_("Ages for: %(who)s") % {"who": who}, ages)
    places = [str(m.municipality) for m in a.eligible_municipalities.all()]
    s.add(_("Municipalities of residence"), ", ".join(places) or _("Any"))
    s.add(_("Must be drug-free"), yes_no(a.require_drug_free))
    s.add(_("Must have arranged housing"), yes_no(a.require_housing))
    s.add(_("Must have arranged childcare"), yes_no(a.require_childcare))
    s.add(_("Target group by criminal-justice situation"), target_group_description(a) or _("No condition"))
    s.add(_("Target group, additions"), a.target_group_text)
    return s


def target_group_description(a: Agreement) -> str:
    """"Convicted: everyone; at risk of crime: women (…)", one line per situation of the target group."""
    scopes = dict(TargetScope.choices)
    return "\n".join(
        f"{TargetSituation(situation).label}: {str(scopes[scope]).lower()}" for situation, scope in a.target_group
        if situation in TARGET_GROUP_FIELDS
    )


def _priority(a: Agreement) -> SectionView:
    s = SectionView("priority", _("Priority order and starts"))
    s.add(_("Order of priority"), "\n".join(priority_lines(a)))
    s.add(_("Applies"), _("when the occupancy target is reached") if a.priority_only_at_occupancy_target else _("always"))
    s.add(_("Women first between two equal applicants (at any occupancy)"), yes_no(a.women_first))
    s.add(_("“Young” means"), _("%(low)s–%(high)s years") % {"low": a.young_min_age, "high": a.young_max_age})
    s.add(_("Special starts and individual planning"), a.special_starts_text)
    s.add(_("Starts in the guidance course"), IntakeMode(a.intake_mode).label)
    return s


def no_show_description(a: Agreement) -> str:
    if a.drug_test_no_show == NoShowRule.NOT_COOPERATING:
        if a.drug_test_no_show_limit == 1:
            return _("Counts as not cooperating: the first no-show within an enrolment discharges.")
        return _("Counts as not cooperating: no-show number %(n)s within an enrolment discharges.") % {
            "n": a.drug_test_no_show_limit
        }
    return _("The team decides each time whether it counts as not cooperating (discharge), and records why.")


def _drug_policy(a: Agreement) -> SectionView:
    s = SectionView("drug_policy", _("Drug policy"))
    s.add(_("Drug policy"), a.drug_policy_text)
    s.add(_("Not turning up for a drug test"), no_show_description(a))
    return s


def _governance(a: Agreement) -> SectionView:
    s = SectionView("governance", _("Governance and follow-up"))
    s.add(_("Governance"), a.governance_text)
    s.add(_("Steering group meetings per year (at least)"), a.steering_group_meetings_per_year)
    s.add(_("Recruitment"), a.recruitment_text)
    s.add(_("Introduction of new staff"), a.introduction_text)
    s.add(_("Follow-ups of the joint guideline per year"), a.guideline_follow_ups_per_year)
    s.add(_("Other follow-up"), a.follow_up_text)
    s.add(_("Appendices"), a.appendices_text)
    return s


def _staffing(a: Agreement) -> SectionView:
    s = SectionView("staffing", _("Staffing"))
    total = Decimal(0)
    for line in a.staffing.all():
        total += line.fte
        role = f" ({line.role_description})" if line.role_description else ""
        s.add(line.organisation.name, _("%(fte)s FTE") % {"fte": fte(line.fte)} + role)
    s.add(_("Team in total"), _("%(fte)s FTE") % {"fte": fte(total)})
    for role in a.shared_roles.all():
        shared = _(", cost shared as “%(c)s”") % {"c": role.cost_category.name} if role.cost_category else ""
        s.add(
            _("Shared role: %(title)s") % {"title": role.title},
            _("%(fte)s FTE, employed by %(employer)s") % {"fte": fte(role.fte), "employer": role.employer.name} + shared,
        )
    return s


def _targets(a: Agreement) -> SectionView:
    s = SectionView("targets", _("Targets"))
    s.add(_("Occupancy key figure"), _("%(n)s participants") % {"n": a.occupancy_target} if a.occupancy_target else "")
    s.add(_("Outcome target"), outcome_target(a))
    for target in a.inflow_targets.all():
        s.add(_("Inflow: %(measure)s") % {"measure": target.get_measure_display()}, _("at least %(n)s") % {"n": target.minimum})
    s.add(_("Long-term goals"), a.goals_text)
    return s


def _costs(a: Agreement) -> SectionView:
    s = SectionView("cost_terms", _("Costs and their split"))
    for category in a.cost_categories.all():
        budget = _("; budget %(b)s") % {"b": money(category.budget)} if category.budget is not None else ""
        s.add(_("Category: %(name)s") % {"name": category.name}, split_description(category) + budget)
    s.add(_("Budget responsibility"), a.budget_owner_text)
    s.add(_("Other cost terms"), a.costs_text)
    return s


def _pricing(a: Agreement) -> SectionView:
    s = SectionView("pricing", _("Purchased places"))
    if a.place_price_total is not None:
        s.add(_("Price per participant"), _("%(total)s (%(monthly)s a month for %(months)s months)") % {
            "total": money(a.place_price_total), "monthly": money(a.place_monthly_price), "months": a.place_months,
        })
        s.add(_("Price model"), a.place_price.description)
    else:
        s.add(_("Price per participant"), "")
    s.add(_("Drug tests billed separately at cost"), yes_no(a.drug_tests_billed_at_cost))
    s.add(_("Other terms"), a.pricing_text)
    return s


def _termination(a: Agreement) -> SectionView:
    s = SectionView("termination", _("Period and termination"))
    s.add(_("Notice period"), _("%(n)s months before the period ends") % {"n": a.notice_months})
    s.add(_("Notice must be given by"), day(a.notice_deadline))
    s.add(_("Other termination terms"), a.termination_text)
    s.add(_("Wind-down period"), _("%(n)s months") % {"n": a.wind_down_months} if a.wind_down_months else "")
    s.add(_("Remaining costs in a wind-down"), split_description(a.wind_down_category) if a.wind_down_category else "")
    s.add(_("Wind-down rule"), a.wind_down_text)
    return s


def _signatures(a: Agreement) -> SectionView:
    s = SectionView("signatures", _("Signatures"))
    for p in a.parties.all():
        signed = ", ".join(x for x in (day(p.signed_on), p.signed_place, p.signatory) if x)
        s.add(p.organisation.name, signed or _("not signed"))
    return s


@dataclass(frozen=True)
class DiffRow:
    label: str
    left: str
    right: str

    @property
    def changed(self) -> bool:
        return self.left != self.right


def compare(left: Agreement, right: Agreement) -> list[tuple[str, list[DiffRow]]]:
    """Both agreements side by side, section by section; rows present in one only show "–" in the other."""
    result = []
    for a_section, b_section in zip(describe(left), describe(right), strict=True):
        a_rows, b_rows = dict(a_section.rows), dict(b_section.rows)
        labels = list(a_rows) + [label for label in b_rows if label not in a_rows]
        result.append(
            (a_section.title, [DiffRow(label, a_rows.get(label, "–"), b_rows.get(label, "–")) for label in labels])
        )
    return result
