"""Forms for cost categories (with their split between the parties) and actual costs."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.forms.base import NOT_NEGATIVE, MonthField, party_organisations
from agreements.models import ActualCost, Agreement, AgreementParty, CostCategory, CostShare, SplitMethod
from agreements.selectors import cost_months


class CostCategoryForm(forms.ModelForm):
    """A category and, for a shared one, each party's share in percent (one field per party)."""

    class Meta:
        model = CostCategory
        fields = ["name", "split_method", "description", "budget", "order"]
        widgets = {"split_method": forms.RadioSelect}
        error_messages = {"budget": {"min_value": NOT_NEGATIVE}}

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.instance.agreement = agreement
        current = {s.organisation_id: s.percent for s in self.instance.shares.all()} if self.instance.pk else {}
        self.parties = list(AgreementParty.objects.filter(agreement=agreement).select_related("organisation"))
        for party in self.parties:
            self.fields[self.share_field(party.organisation_id)] = forms.DecimalField(
                label=_("Share borne by %(party)s (%%)") % {"party": party.display_name},
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(100),
                decimal_places=2,
                initial=current.get(party.organisation_id),
                error_messages={"min_value": NOT_NEGATIVE},
                help_text=_("Only for a shared category; the shares must add up to 100 %.") if party is self.parties[0] else "",
            )

    @staticmethod
    def share_field(organisation_id: int) -> str:
        return f"share_{organisation_id}"

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if CostCategory.objects.filter(agreement=self.agreement, name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("The agreement already has a cost category with this name."))
        return name

    def clean(self):
        data = super().clean()
        if not self.parties:
            raise forms.ValidationError(_("Add the parties to the agreement before its cost categories."))
        names = [self.share_field(p.organisation_id) for p in self.parties]
        given = [(n, data.get(n)) for n in names if data.get(n)]
        method = data.get("split_method")
        if method == SplitMethod.SHARED:
            total = sum((value for _n, value in given), Decimal(0))
            if total != 100:
                self.add_error(
                    names[0],
                    _("The shares add up to %(total)s %%; they must add up to exactly 100 %%.") % {"total": f"{total.normalize():f}"},
                )
        elif method and given:
            self.add_error(given[0][0], _("Only a shared category has shares: leave the shares empty."))
        return data

    def shares(self) -> dict[int, Decimal]:
        """organisation id -> percent, for the parties with a share."""
        if self.cleaned_data.get("split_method") != SplitMethod.SHARED:
            return {}
        return {
            p.organisation_id: self.cleaned_data[self.share_field(p.organisation_id)]
            for p in self.parties
            if self.cleaned_data.get(self.share_field(p.organisation_id))
        }

    def save_related(self, category: CostCategory, by) -> None:
        wanted = self.shares()
        for share in category.shares.all():
            if share.organisation_id not in wanted:
                share._history_user = by
                share.delete()
            elif share.percent != wanted[share.organisation_id]:
                share.percent = wanted.pop(share.organisation_id)
                share._history_user = by
                share.save()
            else:
                wanted.pop(share.organisation_id)
        for organisation_id, percent in wanted.items():
            share = CostShare(category=category, organisation_id=organisation_id, percent=percent)
            share._history_user = by
            share.save()


class ActualCostForm(forms.ModelForm):
    month = MonthField(label=_("Month"))

    class Meta:
        model = ActualCost
        fields = ["month", "category", "amount", "paid_by", "note"]
        error_messages = {"amount": {"min_value": _("The amount cannot be negative.")}}

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.instance.agreement = agreement
        self.fields["category"].queryset = agreement.cost_categories.all()
        self.fields["paid_by"].queryset = party_organisations(agreement)
        self.fields["amount"].widget.attrs.update({"min": "0", "step": "0.01", "inputmode": "decimal"})

    def clean_month(self):
        month = self.cleaned_data["month"]
        first, last = cost_months(self.agreement)
        if not first <= month <= last:
            raise forms.ValidationError(
                _("Choose a month from %(first)s to %(last)s (the agreement's period).")
                % {"first": f"{first:%Y-%m}", "last": f"{last:%Y-%m}"}
            )
        return month


class CostFilterForm(forms.Form):
    month = MonthField(label=_("Month"), required=False, help_text="")
    category = forms.ModelChoiceField(label=_("Category"), queryset=CostCategory.objects.none(), required=False)

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = agreement.cost_categories.all()

    def filter(self, costs):
        if not self.is_valid():
            return costs
        if self.cleaned_data.get("month"):
            costs = costs.filter(month=self.cleaned_data["month"])
        if self.cleaned_data.get("category"):
            costs = costs.filter(category=self.cleaned_data["category"])
        return costs
