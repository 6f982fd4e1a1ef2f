"""Forms of the programme after the start: employers, internships, employment, studies, and the
case worker.

Rules that need the database (dates against the phase history, duplicates, who may take over a
case) live in the services; the forms check what a single form can see.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from krami.forms import AutocompleteSelect, DateInput
from krami.models import Municipality, Unit
from participants.access import caseworkers_who_may_see
from participants.forms.register import HandlerChoiceField
from participants.models import Employer, Employment, Internship, Studies
from participants.orgnr import normalise_orgnr

END_INTERNSHIPS_LABEL = _("End ongoing internships the day before this starts")


class EmployerForm(forms.ModelForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        required=False,
        max_length=20,
        help_text=_("Organisationsnummer, e.g. 556036-0793. Leave empty for a sole trader."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Employer
        fields = ["unit", "name", "organisation_number", "contact_person", "phone", "email", "municipality"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if self.instance.pk or len(units) == 1:
            del self.fields["unit"]
        if "municipality" in self.fields:
            self.fields["municipality"].queryset = Municipality.objects.order_by("name")

    def clean_organisation_number(self):
        value = self.cleaned_data.get("organisation_number", "").strip()
        return normalise_orgnr(value) if value else ""


class EmployerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Name, contact person or organisation number."))
    unit = forms.ChoiceField(label=_("Unit"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("All my units"))] + [(str(u.pk), u.name) for u in units]
        if len(units) < 2:
            del self.fields["unit"]


def _not_in_future(value, message):
    if value and value > timezone.localdate():
        raise ValidationError(message)
    return value


class EmployerQuickForm(EmployerForm):
    """A new employer added from inside an internship or employment form (issue 16, item 4)."""

    class Meta(EmployerForm.Meta):
        fields = ["unit", "name", "organisation_number", "contact_person", "phone"]


class WithNewEmployer:
    """A programme form whose employer can be added to the register without leaving the form
    (the view shows an EmployerQuickForm inside it: participants/views/programme.py)."""

    def _employer_field(self, unit):
        field = self.fields["employer"]
        field.queryset = Employer.objects.filter(unit=unit).order_by("name", "pk")
        field.help_text = _("Type part of the name. Not in the register? Add it at the end of this form, without leaving it.")


class InternshipForm(WithNewEmployer, forms.ModelForm):
    """Start a placement; the employer list is the participant's unit's register."""

    class Meta:
        model = Internship
        fields = [
            "employer", "start_date", "planned_end_date", "supervisor_name", "supervisor_phone", "wage_subsidy", "note",
        ]
        widgets = {
            "employer": AutocompleteSelect(), "start_date": DateInput(), "planned_end_date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self._employer_field(unit)
        self.fields["start_date"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        start, planned = data.get("start_date"), data.get("planned_end_date")
        if start and planned and planned < start:
            self.add_error("planned_end_date", _("The planned end date is before the start date."))
        return data


class InternshipEditForm(forms.ModelForm):
    class Meta:
        model = Internship
        fields = ["planned_end_date", "actual_end_date", "supervisor_name", "supervisor_phone", "wage_subsidy", "note"]
        widgets = {
            "planned_end_date": DateInput(),
            "actual_end_date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_actual_end_date(self):
        return _not_in_future(self.cleaned_data.get("actual_end_date"), _("The end date is in the future."))

    def clean(self):
        data = super().clean()
        start = self.instance.start_date
        for name in ("planned_end_date", "actual_end_date"):
            if data.get(name) and data[name] < start:
                self.add_error(name, _("The date is before the start date (%(start)s).") % {"start": start.isoformat()})
        return data


class _WorkOrStudiesForm(forms.ModelForm):
    end_internships = forms.BooleanField(label=END_INTERNSHIPS_LABEL, required=False, initial=True)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return data


class EmploymentRecordForm(WithNewEmployer, _WorkOrStudiesForm):
    class Meta:
        model = Employment
        fields = ["employer", "employment_type", "subsidy", "start_date", "end_date", "note"]
        widgets = {
            "employer": AutocompleteSelect(), "start_date": DateInput(), "end_date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, unit=unit, **kwargs)
        self._employer_field(unit)


class StudiesRecordForm(_WorkOrStudiesForm):
    class Meta:
        model = Studies
        fields = ["school", "programme", "full_time", "start_date", "end_date", "note"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}


class EmploymentEditForm(forms.ModelForm):
    class Meta:
        model = Employment
        fields = ["employment_type", "subsidy", "end_date", "note"]
        widgets = {"end_date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}


class StudiesEditForm(forms.ModelForm):
    class Meta:
        model = Studies
        fields = ["full_time", "end_date", "note"]
        widgets = {"end_date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}


class ReassignForm(forms.Form):
    new_handler = HandlerChoiceField(label=_("New case worker"), queryset=None)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=200)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["new_handler"]
        field.queryset = candidates  # validates the choice
        field.help_text = _("Case workers of the unit who may see this participant.")
        # The page reads the candidates once: whether to show the form, and its options.
        self.candidates = list(candidates)
        field.choices = [("", field.empty_label), *((u.pk, field.label_from_instance(u)) for u in self.candidates)]


def reassign_form(participant, data=None) -> ReassignForm:
    """The form on the participant page: everyone who may take over, except the current one."""
    candidates = caseworkers_who_may_see(participant).exclude(pk=participant.handler_id)
    return ReassignForm(data, candidates=candidates, prefix="reassign")
