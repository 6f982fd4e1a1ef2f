from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from krami.forms import DateField, DateInput
from krami.models import CASEWORK_ROLES
from participants.forms.register import HandlerChoiceField
from privacy.models import HandOver, IdentityCheck


class SignOffForm(forms.Form):
    comment = forms.CharField(
        label=_("What you checked and what you followed up"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )


class FlaggedReadCheckForm(forms.Form):
    comment = forms.CharField(
        label=_("What you found"),
        help_text=_("e.g. “Covered for the case worker at the team meeting; asked her.” Saved as written: it cannot be changed."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


def handlers_of(*, unit, organisation):
    """Who can handle a request to `organisation` in `unit`: its active case workers and coordinators there."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, memberships__unit=unit, memberships__organisation=organisation,
            memberships__role__in=CASEWORK_ROLES,
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


class ExtractRequestForm(forms.Form):
    received_on = DateField(
        label=_("Received on"), widget=DateInput(),
        help_text=_("The day the request reached your organisation: the month to answer it starts then."),
    )
    handled_by = HandlerChoiceField(queryset=get_user_model().objects.none(), label=_("Handled by"), empty_label=None)

    def __init__(self, *args, unit, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handled_by"].queryset = handlers_of(unit=unit, organisation=organisation)


def _choices(choices):
    return [("", _("Not yet")), *choices]


class ExtractRequestStepsForm(forms.Form):
    """The steps of a request; a step left empty has not happened yet."""

    handled_by = HandlerChoiceField(queryset=get_user_model().objects.none(), label=_("Handled by"), empty_label=None)
    identity_checked_on = DateField(label=_("Identity checked on"), widget=DateInput(), required=False)
    identity_check = forms.ChoiceField(label=_("How the identity was checked"), choices=_choices(IdentityCheck.choices), required=False)
    extract_made_on = DateField(
        label=_("Extract made on"), widget=DateInput(), required=False,
        help_text=_("The day the PDF (or JSON) was made from the participant's register extract page."),
    )
    handed_over_on = DateField(label=_("Handed over on"), widget=DateInput(), required=False)
    handed_over_how = forms.ChoiceField(label=_("How it was handed over"), choices=_choices(HandOver.choices), required=False)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handled_by"].queryset = handlers_of(unit=request.unit, organisation=request.organisation)
