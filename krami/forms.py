"""Forms of the core, and the project's form renderer (error summary, labels, hints)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from krami.models import AccessLog


class KramiFormRenderer(TemplatesSetting):
    """Every form gets an error summary at the top that links to the fields (templates/forms/)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class DateInput(forms.DateInput):
    """A date typed as ÅÅÅÅ-MM-DD (the Swedish standard form) or picked in the browser's calendar.

    A text field, not `<input type="date">`: Chromium's date field ignores a typed "-" (its year
    takes six digits) and shows mm/dd/åååå in a browser set to English, so staff could not type
    the Swedish form. The label says ÅÅÅÅ-MM-DD (templates/forms/field.html); krami.js shows the
    "Calendar" button, which opens the browser's own date picker and writes the date back here.
    """

    input_type = "text"
    template_name = "forms/widgets/date.html"

    def __init__(self, attrs=None):
        defaults = {"autocomplete": "off", "spellcheck": "false", "size": "10", "data-date-input": ""}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%Y-%m-%d")


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No autofocus: a screen reader would start in the field and skip the page's heading and
        # intro, and the skip link would no longer be the first tab stop.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=6,
        help_text=_("Six digits; a new code appears every 30 seconds."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}),
    )


class AccessLogFilterForm(forms.Form):
    username = forms.CharField(label=_("User"), required=False)
    reference = forms.CharField(label=_("Participant reference"), required=False, help_text=_("e.g. D-000123"))
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All"))] + AccessLog.Action.choices)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
