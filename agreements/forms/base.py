"""Building blocks for the section forms: parts that validate and save together, party choices."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.forms.utils import ErrorDict, ErrorList
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from agreements.models.agreement import party_order
from krami.models import Organisation
from krami.uniques import save_unique
from krami.validators import plausible_date

NOT_NEGATIVE = _("Cannot be negative.")


class MonthInput(forms.DateInput):
    """A month typed as ÅÅÅÅ-MM or picked in the browser."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m")


class MonthField(forms.DateField):
    widget = MonthInput
    default_validators = [plausible_date]

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m", "%Y-%m-%d"])
        kwargs.setdefault("help_text", _("Year and month, e.g. 2026-03."))
        super().__init__(**kwargs)

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


def party_organisations(agreement: Agreement):
    """The organisations that are parties to this agreement (choices for staffing, shares, costs)."""
    return Organisation.objects.filter(pk__in=agreement.parties.values("organisation_id")).order_by(party_order(""), "name")


def limit_party_field(form: forms.BaseForm, name: str, agreement: Agreement) -> None:
    if name in form.fields:
        form.fields[name].queryset = party_organisations(agreement)


@dataclass
class Part:
    """One form or formset in a section, with the heading it is shown under."""

    form: forms.BaseForm | None = None
    formset: forms.BaseFormSet | None = None
    heading: str = ""
    hint: str = ""

    def is_valid(self) -> bool:
        return (self.form or self.formset).is_valid()

    @property
    def can_add(self) -> bool:
        """A formset of lines that can grow (the signatures are one per party: no)."""
        return self.formset is not None and self.formset.extra > 0

    @property
    def full(self) -> bool:
        return self.formset is not None and self.formset.total_form_count() >= self.formset.max_num

    def show_without_errors(self) -> None:
        """Show the typed values as they are, without checking them: the user asked for another
        line ("Add a row" without JavaScript), not to save."""
        forms_ = [self.form] if self.form is not None else list(self.formset.forms)
        for form in forms_:
            form._errors, form.cleaned_data = ErrorDict(), {}
        if self.formset is not None:
            self.formset._errors, self.formset._non_form_errors = [ErrorDict() for _form in forms_], ErrorList()

    def save(self, by) -> None:
        if self.form is not None:
            save_model_form(self.form, by)
        else:
            save_formset(self.formset, by)


def save_model_form(form: forms.ModelForm, by):
    obj = form.save(commit=False)
    obj._history_user = by
    save_unique(obj)
    if hasattr(form, "save_related"):
        form.save_related(obj, by)
    return obj


def save_formset(formset: forms.BaseModelFormSet, by) -> None:
    """Save a model formset so that every row's history names `by`."""
    objects = formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj._history_user = by
        obj.delete()
    for obj in objects:
        obj._history_user = by
        save_unique(obj)
