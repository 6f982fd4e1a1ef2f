"""Forms for the agreement's status changes, comparison and settlement period."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.forms.base import party_organisations
from agreements.forms.sections import PeriodForm
from agreements.models import Agreement
from agreements.periods import Period
from agreements.selectors import overlap_message, overlapping_in_force
from agreements.services.agreement import activation_problems
from krami.forms import DateField, DateInput


class CreateAgreementForm(PeriodForm):
    """A blank draft: title and period; everything else is filled in section by section."""


class ActivateForm(PeriodForm):
    """Activation shows the period once more: an overlap is reported next to it. When a party has
    not signed, activating needs a tick that says so (the agreement is then in force unsigned)."""

    confirm_unsigned = forms.BooleanField(
        label=_("Activate although not every party has signed"),
        help_text=_("Intake and the reports use an active agreement whether it is signed or not. Record the signatures "
                    "first if you can."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if all(party.is_signed for party in self.instance.parties.all()):
            del self.fields["confirm_unsigned"]

    def clean_confirm_unsigned(self):
        if not self.cleaned_data["confirm_unsigned"]:
            raise forms.ValidationError(_("Not every party has signed: tick the box to activate anyway, or record the signatures first."))
        return True

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end >= start and not self.has_error("period_start"):
            clash = overlapping_in_force(unit=self.unit, start=start, end=end, exclude_pk=self.instance.pk)
            if clash:
                self.add_error("period_start", overlap_message(clash))
        for problem in activation_problems(self.instance):
            self.add_error(None, problem)
        return data


class TerminateForm(forms.Form):
    notice_given_on = DateField(label=_("Notice given on"), widget=DateInput())
    party = forms.ModelChoiceField(label=_("Notice given by"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.fields["party"].queryset = party_organisations(agreement)
        self.fields["notice_given_on"].initial = timezone.localdate()

    def clean_notice_given_on(self):
        day = self.cleaned_data["notice_given_on"]
        if day < self.agreement.period_start or day > self.agreement.period_end:
            raise forms.ValidationError(_("Notice can only be given during the agreement's period."))
        return day


class EndForm(forms.Form):
    ended_on = DateField(
        label=_("Ended on"),
        widget=DateInput(),
        help_text=_("The last day the agreement applies: its period end, or earlier if the parties so agreed."),
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.fields["ended_on"].initial = agreement.period_end

    def clean_ended_on(self):
        day = self.cleaned_data["ended_on"]
        if not self.agreement.period_start <= day <= self.agreement.period_end:
            raise forms.ValidationError(_("Choose a day within the agreement's period."))
        return day


class CompareForm(forms.Form):
    other = forms.ModelChoiceField(label=_("Compare with"), queryset=Agreement.objects.none(), empty_label=None)

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = Agreement.objects.filter(unit_id=agreement.unit_id).exclude(pk=agreement.pk)


class SettlementPeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args, periods: list[Period], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.key, p.label) for p in periods]
