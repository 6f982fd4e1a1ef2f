"""The form renderer writes Django's select and input widgets in Python (issue 19: the participant
list's filter form cost a third of the page): the HTML must be the one the templates give, character
for character, for every widget and every page."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from krami.forms import AccessLogFilterForm, DateInput, KramiFormRenderer
from participants.forms.register import ParticipantFilterForm
from tests.access.pages import get_pages


class TemplatesOnly(KramiFormRenderer):
    """The same renderer with every widget rendered through its template."""

    _python = frozenset()


class Tricky(forms.Form):
    plain = forms.CharField(label="Text", required=False, help_text="<b>hint</b>",
                            widget=forms.TextInput(attrs={"data-x": 'a"b<c>&', "autofocus": True, "hidden": False}))
    number = forms.IntegerField(required=False)
    email = forms.EmailField(required=False)
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    flag = forms.BooleanField(required=False)
    day = forms.DateField(required=False, widget=DateInput())
    grouped = forms.ChoiceField(required=False, choices=[
        ("", _("All")),
        ("Group <1>", [("a", "A & a"), ("b", mark_safe("<em>B</em>"))]),  # nosec B308 - a label marked safe on purpose
        (3, 1234567),
        (None, "none"),
    ])
    many = forms.MultipleChoiceField(required=False, choices=[("x", "X"), ("y", _("Yes"))])
    maybe = forms.NullBooleanField(required=False)
    must = forms.CharField(label="Must <have>")
    agree = forms.BooleanField(label="Agree", help_text="Tick it")
    pick = forms.ChoiceField(required=False, widget=forms.RadioSelect, choices=[("1", "One"), ("2", "Two")],
                             help_text="One of them")
    pick_many = forms.MultipleChoiceField(label="", required=True, widget=forms.CheckboxSelectMultiple,
                                          choices=[("a", "A")])
    unlabelled = forms.CharField(label="", required=False)


def _both(make) -> tuple[str, str]:
    """The form `make(renderer)` builds, rendered by each renderer (a form's fields and widgets use
    the renderer the form was made with)."""
    forms_ = [make(renderer) for renderer in (KramiFormRenderer(), TemplatesOnly())]
    for form in forms_:
        if form.is_bound:
            form.is_valid()
    fast, slow = (str(form) for form in forms_)
    return fast, slow


def test_the_renderer_writes_the_widgets_and_the_fields_in_python():
    python = KramiFormRenderer()._python
    assert {"django/forms/widgets/select.html", "forms/field.html", "forms/helptext.html"} <= python


@pytest.mark.parametrize("data", [
    None,
    {"plain": '"quoted" <tag> & more', "number": "12x", "email": "a@b", "secret": "s<", "hidden": "h&",
     "flag": "on", "day": "2026-13-01", "grouped": "b", "many": ["x", "y"], "maybe": "true"},
    {"grouped": "3", "number": "1234567", "day": "2026-01-31"},
])
def test_every_widget_renders_as_its_template(data):
    fast, slow = _both(lambda renderer: Tricky(data, renderer=renderer))
    assert fast == slow
    assert "<select" in fast and "<optgroup" in fast
    if data and "plain" in data:
        assert 'value="&quot;quoted&quot; &lt;tag&gt; &amp; more"' in fast


def test_the_filter_forms_render_as_their_templates(world):
    units = [world.unit, world.other_unit]
    for data in (None, {"gender": "man", "handler": "me", "registered_from": "2026-02-30", "sort": "-created_at"}):
        fast, slow = _both(lambda renderer, data=data: ParticipantFilterForm(
            data, units=units, user=world.users["kommun_vagledare"], criminal_justice=True, renderer=renderer))
        assert fast == slow and "<select" in fast
    fast, slow = _both(lambda renderer: AccessLogFilterForm(
        {"action": "view", "date_from": "2026-05-01", "date_to": "2026-04-01"}, renderer=renderer))
    assert fast == slow and "error" in fast


_TOKENS = re.compile(r'(name="(?:csrfmiddlewaretoken|submit_token)" value=")[^"]+"')
# Every page carries the minute it was printed (base.html, "… Krami by X, 2026-12-07 07:58."): the
# two renders of a page may fall in two minutes. Only that notice's time is masked.
_PRINTED_AT = re.compile(r'(<p class="print-only print-notice">[^<]*?\d{4}-\d{2}-\d{2} )\d{2}:\d{2}')


@pytest.mark.slow
def test_every_page_is_the_same_with_the_widgets_written_in_python(world, client, settings):
    def page(url: str) -> str:
        get_default_renderer.cache_clear()
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            return ""  # documents and exports: no form in them
        return _PRINTED_AT.sub(r"\1hh:mm", _TOKENS.sub(r'\1…"', response.content.decode()))

    compared = 0
    try:
        for url, _case, user_key in get_pages(world):
            if user_key is None:
                continue
            client.force_login(world.users[user_key])
            settings.FORM_RENDERER = "krami.forms.KramiFormRenderer"
            fast = page(url)
            if not fast:
                continue  # a document (PDF, workbook, calendar): no form in it, and not worth making twice
            settings.FORM_RENDERER = "tests.krami.test_form_rendering.TemplatesOnly"
            slow = page(url)
            assert fast == slow, url
            compared += "<select" in fast or "<input" in fast
    finally:
        get_default_renderer.cache_clear()
    assert compared > 20
