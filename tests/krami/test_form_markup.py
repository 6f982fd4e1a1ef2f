"""Every form rendered with `{{ form }}` gets the project's accessible markup (templates/forms/):
an error summary at the top linking to the fields, errors and hints linked by aria-describedby,
required fields marked in the label, and the user's input kept."""

from __future__ import annotations

import re

from django.utils import translation

from participants.forms.consent import ConsentForm
from participants.forms.notes import JournalNoteForm
from participants.forms.register import ParticipantForm


def _render(form) -> str:
    with translation.override("sv"):
        form.is_valid()
        return str(form)


def _attrs(html: str, element_id: str) -> str:
    match = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{element_id}"[^>]*>', html)
    assert match, f"#{element_id} not rendered"
    return match.group(0)


def test_a_form_with_errors_starts_with_a_summary_that_links_to_each_field(world):
    form = ParticipantForm({"personnummer": "19900101-1234", "first_name": "Maja"}, units=[world.unit])
    html = _render(form)
    summary = html.split('<div class="field', 1)[0]
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert "Rätta följande" in summary
    # The gender is not asked for: it follows the personnummer unless changed (issue 21).
    for field in ["personnummer", "last_name", "municipality", "referral_source"]:
        assert f'href="#id_{field}"' in summary, field
    assert 'href="#id_first_name"' not in summary  # no error there


def test_errors_and_hints_are_linked_to_their_field_and_the_input_is_kept(world):
    form = ParticipantForm({"personnummer": "19900101-1234", "first_name": "Maja"}, units=[world.unit])
    html = _render(form)
    pnr = _attrs(html, "id_personnummer")
    assert 'aria-invalid="true"' in pnr
    assert 'aria-describedby="id_personnummer_helptext id_personnummer_error"' in pnr
    assert 'value="19900101-1234"' in pnr
    assert '<ul class="errorlist" id="id_personnummer_error"><li>' in html
    assert 'id="id_personnummer_helptext"' in html
    assert 'value="Maja"' in _attrs(html, "id_first_name")
    assert "aria-invalid" not in _attrs(html, "id_first_name")


def test_required_fields_are_marked_in_their_label_and_optional_ones_are_not(world):
    html = _render(ParticipantForm(units=[world.unit]))
    assert re.search(r'<label for="id_last_name">Efternamn <span class="required">\(obligatoriskt\)</span></label>', html)
    assert re.search(r'<label for="id_phone">Telefon</label>', html)
    assert "required" in _attrs(html, "id_last_name")


def test_a_single_checkbox_comes_before_its_label_with_its_hint_below(world):
    html = _render(ParticipantForm(units=[world.unit]))
    checkbox = html.index('id="id_identifies_as_woman"')
    assert checkbox < html.index('<label for="id_identifies_as_woman">') < html.index('id="id_identifies_as_woman_helptext"')


def test_a_group_of_choices_is_a_fieldset_whose_legend_names_it(world):
    parties = list(world.unit.parties.all())
    html = _render(ConsentForm({}, parties=parties, categories=["core", "notes"]))
    assert re.search(r'<fieldset aria-describedby="id_scopes_helptext id_scopes_error">\s*<legend>', html)
    note = _render(JournalNoteForm({}))
    assert re.search(r'<fieldset aria-describedby="id_visibility_error">\s*<legend>Synlig för', note)
    assert "---------" not in note  # radio buttons need no empty choice
