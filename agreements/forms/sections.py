"""The sections of an agreement, each edited on its own page (the summary links to each).

A section is one or more parts (a form on the agreement, or a formset of its lines) that are
validated and saved together by `agreements.services.agreement.agreement_save_section`.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from agreements.forms.base import NOT_NEGATIVE, Part, limit_party_field
from agreements.models import (
    AgeLimit,
    Agreement,
    AgreementParty,
    EligibleMunicipality,
    InflowMeasure,
    InflowTarget,
    SharedRole,
    StaffingLine,
)
from agreements.models.agreement import IN_FORCE_STATUSES, TARGET_GROUP_FIELDS, party_order
from agreements.rules import PriorityCategory, TargetScope
from agreements.selectors import overlap_message, overlapping_in_force
from krami.forms import DateInput
from krami.models import Municipality, Organisation


class PeriodForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["title", "period_start", "period_end"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit or self.instance.unit

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        elif start and end and self.instance.pk and self.instance.status in IN_FORCE_STATUSES:
            clash = overlapping_in_force(unit=self.unit, start=start, end=end, exclude_pk=self.instance.pk)
            if clash:
                self.add_error("period_start", overlap_message(clash))
        return data

    def validate_unique(self):
        """The unit is not a form field; check "one agreement per unit and start date" here."""
        start = self.cleaned_data.get("period_start")
        if start and self.unit:
            same = Agreement.objects.filter(unit=self.unit, period_start=start).exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error("period_start", _("The unit already has an agreement starting on this date."))


class PartyForm(forms.ModelForm):
    class Meta:
        model = AgreementParty
        fields = ["organisation", "name_in_agreement", "division", "site"]


class SignatureForm(forms.ModelForm):
    class Meta:
        model = AgreementParty
        fields = ["signed_on", "signed_place", "signatory"]
        widgets = {"signed_on": DateInput()}


class TargetsForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["occupancy_target", "outcome_target_percent", "outcome_denominator", "outcome_studies", "goals_text"]

    def clean(self):
        data = super().clean()
        if data.get("outcome_target_percent") is not None and not data.get("outcome_denominator"):
            self.add_error("outcome_denominator", _("Say which participants the percentage counts."))
        return data


class InflowTargetForm(forms.ModelForm):
    class Meta:
        model = InflowTarget
        fields = ["measure", "minimum"]


class EligibilityForm(forms.ModelForm):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities of residence"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Participants must live in one of these. None ticked: residents of any municipality "
                    "(people from outside the agreement's municipalities are purchased places)."),
    )

    class Meta:
        model = Agreement
        fields = [
            "min_age", "require_drug_free", "require_housing", "require_childcare", *TARGET_GROUP_FIELDS.values(),
            "target_group_text",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TARGET_GROUP_FIELDS.values():
            self.fields[name].choices = [("", _("Not in the target group")), *TargetScope.choices]
        chosen = self.instance.eligible_municipalities.values("municipality_id")
        self.fields["municipalities"].queryset = Municipality.objects.filter(
            Q(pk__in=self.instance.unit.municipalities.values("pk")) | Q(pk__in=chosen)
        ).order_by("name")
        self.fields["municipalities"].initial = [m for m in chosen.values_list("municipality_id", flat=True)]

    def save_related(self, agreement: Agreement, by) -> None:
        wanted = {m.pk for m in self.cleaned_data["municipalities"]}
        for row in agreement.eligible_municipalities.all():
            if row.municipality_id not in wanted:
                row._history_user = by
                row.delete()
        have = set(agreement.eligible_municipalities.values_list("municipality_id", flat=True))
        for pk in sorted(wanted - have):
            row = EligibleMunicipality(agreement=agreement, municipality_id=pk)
            row._history_user = by
            row.save()


class AgeLimitForm(forms.ModelForm):
    class Meta:
        model = AgeLimit
        fields = ["gender", "min_age", "max_age"]

    def clean(self):
        data = super().clean()
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", _("The upper age limit is below the lower one."))
        return data


class PriorityForm(forms.ModelForm):
    """The four categories of DOMAIN.md in the order the agreement gives them."""

    class Meta:
        model = Agreement
        fields = [
            "women_first", "priority_only_at_occupancy_target", "young_min_age", "young_max_age", "special_starts_text",
            "intake_mode",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        order = list(self.instance.priority_order or [])
        positions = {}
        for i in range(len(PriorityCategory.choices)):
            positions[f"position_{i + 1}"] = forms.ChoiceField(
                label=_("Priority %(n)s") % {"n": i + 1},
                choices=PriorityCategory.choices,
                initial=order[i] if i < len(order) else None,
            )
        self.fields = {**positions, **self.fields}

    def clean(self):
        data = super().clean()
        seen = {}
        for i in range(len(PriorityCategory.choices)):
            name = f"position_{i + 1}"
            value = data.get(name)
            if value in seen:
                self.add_error(name, _("This category is already priority %(n)s; each category appears once.") % {"n": seen[value]})
            elif value:
                seen[value] = i + 1
        low, high = data.get("young_min_age"), data.get("young_max_age")
        if low is not None and high is not None and high < low:
            self.add_error("young_max_age", _("The upper age limit is below the lower one."))
        return data

    def save(self, commit=True):
        agreement = super().save(commit=False)
        agreement.priority_order = [self.cleaned_data[f"position_{i + 1}"] for i in range(len(PriorityCategory.choices))]
        if commit:
            agreement.save()
        return agreement


class GovernanceForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "governance_text", "steering_group_meetings_per_year", "recruitment_text", "introduction_text",
            "guideline_follow_ups_per_year", "follow_up_text", "appendices_text",
        ]


class DrugPolicyForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["drug_policy_text", "drug_test_no_show", "drug_test_no_show_limit"]
        widgets = {"drug_test_no_show": forms.RadioSelect}
        error_messages = {"drug_test_no_show_limit": {
            "min_value": _("At least 1 (the first no-show)."), "max_value": _("At most 10."),
        }}


class StaffingLineForm(forms.ModelForm):
    class Meta:
        model = StaffingLine
        fields = ["organisation", "fte", "role_description"]
        error_messages = {"fte": {"min_value": NOT_NEGATIVE}}


class SharedRoleForm(forms.ModelForm):
    class Meta:
        model = SharedRole
        fields = ["title", "fte", "employer", "cost_category"]
        error_messages = {"fte": {"min_value": NOT_NEGATIVE}}


class CostTermsForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["budget_owner_text", "costs_text"]


class PricingForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["place_price_model", "place_monthly_price", "place_months", "drug_tests_billed_at_cost", "pricing_text"]
        error_messages = {"place_monthly_price": {"min_value": NOT_NEGATIVE}}

    def clean(self):
        data = super().clean()
        if (data.get("place_monthly_price") is None) != (data.get("place_months") is None):
            field = "place_months" if data.get("place_months") is None else "place_monthly_price"
            self.add_error(field, _("Give both the monthly price and the number of months, or neither."))
        return data


class TerminationTermsForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["notice_months", "termination_text", "wind_down_months", "wind_down_category", "wind_down_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wind_down_category"].queryset = self.instance.cost_categories.all()


def _formset(model, form, *, extra=2, can_delete=True, max_num=None):
    return inlineformset_factory(Agreement, model, form=form, extra=extra, can_delete=can_delete, max_num=max_num)


PartyFormSet = _formset(AgreementParty, PartyForm)
SignatureFormSet = _formset(AgreementParty, SignatureForm, extra=0, can_delete=False)
# One empty line to type into; "Add a row" gives another, up to one per measure.
InflowTargetFormSet = _formset(InflowTarget, InflowTargetForm, extra=1, max_num=len(InflowMeasure.choices))
AgeLimitFormSet = _formset(AgeLimit, AgeLimitForm)
StaffingFormSet = _formset(StaffingLine, StaffingLineForm, extra=3)
SharedRoleFormSet = _formset(SharedRole, SharedRoleForm, extra=1)


def _party_formset(formset_class, agreement, data, prefix, *fields, queryset=None):
    formset = formset_class(data, instance=agreement, prefix=prefix, **({"queryset": queryset} if queryset is not None else {}))
    for form in [*formset.forms, formset.empty_form]:
        for name in fields:
            limit_party_field(form, name, agreement)
    return formset


class Section:
    """One section of the agreement's summary page and its edit page."""

    slug = ""
    title = ""
    intro = ""

    def __init__(self, agreement: Agreement, data=None):
        self.agreement = agreement
        self.data = data
        self.parts = self.build(agreement, data)

    def build(self, agreement, data) -> list[Part]:
        raise NotImplementedError

    def is_valid(self) -> bool:
        return all([part.is_valid() for part in self.parts])  # a list: every part shows its errors

    def add_row(self, prefix: str) -> None:
        """One more empty line in the formset `prefix` (the posted data must be mutable), up to its
        maximum; the section is then shown as typed, without errors, the new line's first field focused."""
        part = next((p for p in self.parts if p.can_add and p.formset.prefix == prefix), None)
        if part is not None and not part.full:
            index = part.formset.total_form_count()
            self.data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
            self.parts = self.build(self.agreement, self.data)
            new = next(p for p in self.parts if p.formset is not None and p.formset.prefix == prefix).formset.forms[index]
            new.fields[next(iter(new.fields))].widget.attrs["autofocus"] = True
        for p in self.parts:
            p.show_without_errors()

    def save(self, by) -> None:
        for part in self.parts:
            part.save(by)


class PeriodSection(Section):
    slug, title = "period", _("Title and period")
    intro = _("The agreement's name as on the document, and the period it covers (normally a calendar year).")

    def build(self, agreement, data):
        return [Part(form=PeriodForm(data, instance=agreement))]


class PartiesSection(Section):
    slug, title = "parties", _("Parties")
    intro = _("Arbetsförmedlingen's unit, Kriminalvården's verksamhetsområde and verksamhetsställe, and the kommun(er). "
              "Only the unit's own parties can be chosen.")

    def build(self, agreement, data):
        formset = PartyFormSet(data, instance=agreement, prefix="parties")
        for form in [*formset.forms, formset.empty_form]:
            form.fields["organisation"].queryset = Organisation.objects.filter(
                pk__in=agreement.unit.parties.values("pk")
            ).order_by(party_order(""), "name")
        return [Part(formset=formset, heading=_("Parties"), hint=_("Tick “Delete” to remove a party."))]


class SignaturesSection(Section):
    slug, title = "signatures", _("Signatures")
    intro = _("Who signed for each party, where and when (Underskrift: datum, ort, namnförtydligande).")

    def build(self, agreement, data):
        return [Part(formset=SignatureFormSet(data, instance=agreement, prefix="signatures"), heading=_("Signatures"))]


class TargetsSection(Section):
    slug, title = "targets", _("Targets")
    intro = _("The occupancy key figure, the outcome target with the participants it counts, and inflow targets for the period.")

    def build(self, agreement, data):
        return [
            Part(form=TargetsForm(data, instance=agreement)),
            Part(formset=InflowTargetFormSet(data, instance=agreement, prefix="inflow"), heading=_("Inflow targets"),
                 hint=_("e.g. at least 50 interviewed and at least 35 enrolled during the period.")),
        ]


class EligibilitySection(Section):
    slug, title = "eligibility", _("Target group and eligibility")
    intro = _("Who can take part at this unit, the criminal-justice situations of the target group included (e.g. "
              "convicted men and women, and women at risk of crime). Intake checks applicants against these rules at "
              "the assessment.")

    def build(self, agreement, data):
        return [
            Part(form=EligibilityForm(data, instance=agreement)),
            Part(formset=AgeLimitFormSet(data, instance=agreement, prefix="ages"), heading=_("Age limits by gender"),
                 hint=_("e.g. men 18–40 and women from 18. Leave empty when the minimum age is enough.")),
        ]


class PrioritySection(Section):
    slug, title = "priority", _("Priority order and starts")
    intro = _("The order in which applicants are taken once the occupancy target is reached, whether women go first "
              "between two equal applicants (at any occupancy), and how people start the guidance course. Intake ranks "
              "its queue and offers starts by these rules.")

    def build(self, agreement, data):
        return [Part(form=PriorityForm(data, instance=agreement))]


class GovernanceSection(Section):
    slug, title = "governance", _("Governance and follow-up")
    intro = _("How the cooperation is led and followed up, as written in the agreement.")

    def build(self, agreement, data):
        return [Part(form=GovernanceForm(data, instance=agreement))]


class DrugPolicySection(Section):
    slug, title = "drug_policy", _("Drug policy")
    intro = _("Krami is drug-free: on suspicion the team refers the participant to a drug test, and a participant who "
              "does not cooperate is discharged. Say what not turning up for the test means: intake acts on it.")

    def build(self, agreement, data):
        return [Part(form=DrugPolicyForm(data, instance=agreement))]


class StaffingSection(Section):
    slug, title = "staffing", _("Staffing")
    intro = _("Full-time equivalents each party puts into the team, and roles the parties pay for together. "
              "The guideline asks for at least 1 FTE each from Arbetsförmedlingen and Kriminalvården and a team of at "
              "least 3 FTE; a shortfall is shown as a warning, not an error.")

    def build(self, agreement, data):
        roles = _party_formset(SharedRoleFormSet, agreement, data, "roles", "employer")
        for form in [*roles.forms, roles.empty_form]:
            form.fields["cost_category"].queryset = agreement.cost_categories.all()
        return [
            Part(formset=_party_formset(StaffingFormSet, agreement, data, "staffing", "organisation"), heading=_("FTE per party")),
            Part(formset=roles, heading=_("Shared roles"), hint=_("e.g. an administrator at 0.5 FTE employed by the kommun.")),
        ]


class CostTermsSection(Section):
    slug, title = "cost_terms", _("Budget responsibility and cost terms")
    intro = _("Who holds the budget, and other terms about costs. The split itself is set per cost category.")

    def build(self, agreement, data):
        return [Part(form=CostTermsForm(data, instance=agreement))]


class PricingSection(Section):
    slug, title = "pricing", _("Purchased places")
    intro = _("What a municipality outside the agreement pays for each of its residents who takes part, "
              "e.g. 4 900 kr a month for five months = 24 500 kr: per enrolment month started (someone who leaves "
              "after six weeks costs two months), or as a fixed sum per place.")

    def build(self, agreement, data):
        return [Part(form=PricingForm(data, instance=agreement))]


class TerminationSection(Section):
    slug, title = "termination", _("Period and termination")
    intro = _("The notice period and what happens to remaining costs if the cooperation ends.")

    def build(self, agreement, data):
        return [Part(form=TerminationTermsForm(data, instance=agreement))]


SECTIONS: dict[str, type[Section]] = {
    cls.slug: cls
    for cls in (
        PeriodSection, PartiesSection, EligibilitySection, PrioritySection, GovernanceSection, DrugPolicySection,
        StaffingSection,
        TargetsSection, CostTermsSection, PricingSection, TerminationSection, SignaturesSection,
    )
}
