"""Forms of the core, and the project's form renderer (error summary, labels, hints)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from krami.drafts import DraftBoundField, draft_notice
from krami.models import AccessLog
from krami.validators import plausible_date


class KramiFormRenderer(TemplatesSetting):
    """Every form gets an error summary at the top that links to the fields (templates/forms/), and
    is filled in again from what the user typed before a logout or a stale form (krami/drafts.py)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = DraftBoundField

    def render(self, template_name, context, request=None):
        if template_name == self.form_template_name and "form" in context:
            context = {**context, "draft_notice": draft_notice(context["form"])}
        return super().render(template_name, context, request=request)


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


class DateField(forms.DateField):
    """A date typed as ÅÅÅÅ-MM-DD (DateInput), between 1900 and 2100 (krami/validators.py)."""

    default_validators = [plausible_date]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DateInput())
        super().__init__(*args, **kwargs)


class AutocompleteSelect(forms.Select):
    """A long list to choose from (people, employers): a plain <select> that krami.js turns into
    GOV.UK's accessible autocomplete (static/vendor/accessible-autocomplete-*): type a few letters,
    arrow keys and Enter to choose, read out by screen readers. Without JavaScript it stays the
    select. The widget carries the autocomplete's Swedish texts; the page loads the library with
    templates/includes/autocomplete.html. `show_all`: a list short enough to open whole."""

    def __init__(self, attrs=None, choices=(), *, show_all: bool = True):
        texts = {
            "data-autocomplete": "all" if show_all else "typed",
            "data-t-no-results": _("No match"),
            "data-t-query-too-short": _("Type {n} or more characters for suggestions"),
            "data-t-status-no-results": _("No suggestions"),
            "data-t-selected": _("{option}, {index} of {length}, is highlighted"),
            "data-t-results-one": _("1 suggestion is available."),
            "data-t-results-many": _("{length} suggestions are available."),
            "data-t-hint": _(
                "Type to get suggestions; use the up and down arrows to go through them and Enter to choose. "
                "On a touch screen, explore by touch or swipe."
            ),
        }
        super().__init__(attrs={**texts, **(attrs or {})}, choices=choices)


def active_filters(form, *, ignore=("sort", "page")) -> int:
    """How many of a list's filters are in use (filled in the request): "Filter (2 active)"."""
    if not form.is_bound:
        return 0
    return sum(1 for name in form.fields if name not in ignore and any(v.strip() for v in form.data.getlist(name)))


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
    date_from = DateField(label=_("From"), required=False, widget=DateInput())
    date_to = DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filter(self, rows):
        data = self.cleaned_data
        if data.get("username"):
            rows = rows.filter(username__iexact=data["username"].strip())
        if data.get("reference"):
            rows = rows.filter(participant_reference__iexact=data["reference"].strip())
        if data.get("action"):
            rows = rows.filter(action=data["action"])
        if data.get("date_from"):
            rows = rows.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            rows = rows.filter(at__date__lte=data["date_to"])
        return rows


class AccountSettingsForm(forms.Form):
    daily_digest = forms.BooleanField(
        label=_("Send me a daily e-mail of what is due"),
        required=False,
        help_text=_("Each morning: how many follow-ups, endings, bookings and other to-dos are due on your cases, "
                    "and a link to your “To do” page. The e-mail never holds a name or a personnummer."),
    )
