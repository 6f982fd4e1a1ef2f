"""Forms of the core, and the project's form renderer (error summary, labels, hints)."""

from __future__ import annotations

import hashlib

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.renderers import TemplatesSetting
from django.template import Context, TemplateDoesNotExist
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.functional import cached_property
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from krami.drafts import DraftBoundField, draft_notice
from krami.models import AccessLog
from krami.validators import plausible_date

_INPUT = '{% include "django/forms/widgets/input.html" %}\n'
# Django's widget templates that this renderer writes in Python, with their exact source: a template
# whose source differs (another Django version, or one overridden in templates/) is rendered as a template.
_KNOWN_SOURCES = {
    "django/forms/widgets/attrs.html": (
        "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}{% if value is not True %}"
        "=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}{% endfor %}"
    ),
    "django/forms/widgets/input.html": (
        '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %} '
        "value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}{% include \"django/forms/widgets/attrs.html\" %}>\n"
    ),
    "django/forms/widgets/select.html": (
        '<select name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>{% for group_name, group_choices, '
        "group_index in widget.optgroups %}{% if group_name %}\n  <optgroup label=\"{{ group_name }}\">{% endif %}"
        "{% for option in group_choices %}\n  {% include option.template_name with widget=option %}{% endfor %}"
        "{% if group_name %}\n  </optgroup>{% endif %}{% endfor %}\n</select>\n"
    ),
    "django/forms/widgets/select_option.html": (
        "<option value=\"{{ widget.value|stringformat:'s' }}\"{% include \"django/forms/widgets/attrs.html\" %}>"
        "{{ widget.label }}</option>\n"
    ),
    **{f"django/forms/widgets/{kind}.html": _INPUT for kind in (
        "text", "number", "email", "url", "password", "hidden", "search", "tel", "date", "datetime", "time", "checkbox",
    )},
}


_INPUTS = {name for name, source in _KNOWN_SOURCES.items() if source == _INPUT} | {"django/forms/widgets/input.html"}
# Our own field templates (templates/forms/), written in Python by `_field` below, by the SHA-256 of
# the source that code writes: a change to the template turns the Python path off until both agree.
_KNOWN_HASHES = {
    "forms/field.html": "2fc3b03ef312dd70b1d40137c24dd88f49462b7ffdea555563aec649cfac2538",
    "forms/helptext.html": "926ad8ccdfbe94b8a01c09f29c0ce95c65ca0e6f302c4c18c5762e5cf5a0fec2",
}


_CONTEXT = Context()  # read only: render_value_in_context reads its autoescape, use_l10n and use_tz


def _shown(value) -> str:
    """`{{ value }}` in a template: localised, escaped unless marked safe."""
    return render_value_in_context(value, _CONTEXT)


def _as_s(value) -> str:
    """`{{ value|stringformat:'s' }}` in a template (stringformat keeps a safe value safe)."""
    text = stringformat(value, "s")
    return _shown(mark_safe(text) if isinstance(value, SafeData) else text)  # nosec B703 B308 - safe only if it was


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {_shown(name)}" + ("" if value is True else f'="{_as_s(value)}"') for name, value in attrs.items() if value is not False
    )


class KramiFormRenderer(TemplatesSetting):
    """Every form gets an error summary at the top that links to the fields (templates/forms/), and
    is filled in again from what the user typed before a logout or a stale form (krami/drafts.py).

    Django's select and input widgets, and our field template (label, hint, errors, widget), are
    written here in Python instead of through their templates (issue 19): a select renders one
    template per option and every field its own template, and the participant list's filter form
    cost a fifth of the page's Python so. The HTML is the same, character for character
    (tests/krami/test_form_rendering.py); a template whose source is not the one known here is
    rendered as a template."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = DraftBoundField

    @cached_property
    def _python(self) -> frozenset[str]:
        """The known templates whose source is the one this renderer writes in Python."""
        same = set()
        for name, source in _KNOWN_SOURCES.items():
            try:
                found = self.get_template(name).template.source
            except TemplateDoesNotExist:
                continue
            if found == source:
                same.add(name)
        for name, digest in _KNOWN_HASHES.items():
            try:
                found = self.get_template(name).template.source
            except TemplateDoesNotExist:
                continue
            if hashlib.sha256(found.encode()).hexdigest() == digest:
                same.add(name)
        needed = {"django/forms/widgets/attrs.html", "django/forms/widgets/input.html"}
        return frozenset(same) if needed <= same else frozenset()

    def render(self, template_name, context, request=None):
        if template_name == self.form_template_name and "form" in context:
            context = {**context, "draft_notice": draft_notice(context["form"])}
        if template_name in self._python and request is None:
            if template_name == "django/forms/widgets/select.html":
                return self._select(context["widget"])
            if template_name in _INPUTS:
                return self._input(context["widget"]).strip()
            if template_name == self.field_template_name and set(_KNOWN_HASHES) <= self._python and set(context) == {"field"}:
                return self._field(context["field"]).strip()
        return super().render(template_name, context, request=request)

    @staticmethod
    def _helptext(field) -> str:
        """templates/forms/helptext.html."""
        if not field.help_text:
            return "\n"
        id_ = f' id="{_shown(field.auto_id)}_helptext"' if field.auto_id else ""
        return f'<div class="helptext"{id_}>{_shown(mark_safe(str(field.help_text)))}</div>\n'  # nosec B703 B308 - |safe

    def _field(self, field) -> str:
        """templates/forms/field.html: the label (or legend), hint, errors and widget of one field."""
        required = f' <span class="required">({_shown(gettext("required"))})</span>' if field.field.required else ""
        helptext = self._helptext(field)
        if field.widget_type == "checkbox" and not field.use_fieldset:
            return (
                f'\n{_shown(field.errors)}\n<div class="checkbox">{_shown(field)}<div>\n'
                f'  <label for="{_shown(field.id_for_label)}">{_shown(field.label)}{required}</label>\n'
                f"  {helptext}\n</div></div>\n"
            )
        if field.use_fieldset:
            described = f' aria-describedby="{_shown(field.aria_describedby)}"' if field.aria_describedby else ""
            legend = f"<legend>{_shown(field.label)}{required}</legend>" if field.label else ""
            heading = f"<fieldset{described}>\n  {legend}\n"
        elif field.label:
            date = f' <span class="format">({_shown(gettext("YYYY-MM-DD"))})</span>' if field.widget_type == "date" else ""
            heading = f'<label for="{_shown(field.id_for_label)}">{_shown(field.label)}{date}{required}</label>'
        else:
            heading = ""
        closing = "</fieldset>" if field.use_fieldset else ""
        return f"\n{heading}\n{helptext}\n{_shown(field.errors)}\n{_shown(field)}{closing}\n"

    def _input(self, widget: dict) -> str:
        value = f' value="{_as_s(widget["value"])}"' if widget["value"] != None else ""  # noqa: E711 - as the template compares
        return f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}{_attrs(widget["attrs"])}>\n'

    def _option(self, option: dict) -> str:
        if option["template_name"] in self._python:
            return f'<option value="{_as_s(option["value"])}"{_attrs(option["attrs"])}>{_shown(option["label"])}</option>\n'
        return self.get_template(option["template_name"]).render({"widget": option})

    def _select(self, widget: dict) -> str:
        if "django/forms/widgets/select_option.html" not in self._python:
            return super().render("django/forms/widgets/select.html", {"widget": widget})
        out = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{_shown(group_name)}">')
            out += [f"\n  {self._option(option)}" for option in group_choices]
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>\n")
        return "".join(out).strip()


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


class AccountSettingsForm(forms.Form):
    daily_digest = forms.BooleanField(
        label=_("Send me a daily e-mail of what is due"),
        required=False,
        help_text=_("Each morning: how many follow-ups, endings, bookings and other to-dos are due on your cases, "
                    "and a link to your “To do” page. The e-mail never holds a name or a personnummer."),
    )
