"""Forms of consent: the grid of what one party releases to whom, asking for a consent, answering without one."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from krami.forms import DateInput
from krami.models import DataCategory, Organisation
from participants.models import (
    Consent,
    ConsentMethod,
)

ALL = "*"  # "every category for this party" in the consent grid


class ConsentGrid(forms.CheckboxSelectMultiple):
    """The consent's scopes as a grid: one row per receiving party, one column per category the
    recording party releases, and "everything for this party" first in each row (krami.js ticks
    the row; without JavaScript the server reads it as every category of the row)."""

    template_name = "forms/widgets/consent_grid.html"
    use_fieldset = True

    def __init__(self, *, parties, categories, attrs=None):
        super().__init__(attrs)
        self.parties = parties
        self.categories = categories

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = {str(v) for v in (value or [])}
        base_id = context["widget"]["attrs"].get("id", f"id_{name}")
        rows = []
        for party in self.parties:
            cells = [
                {
                    "value": f"{party.pk}:{category}",
                    "id": f"{base_id}_{party.pk}_{category}",
                    "label": DataCategory(category).label,
                    "checked": f"{party.pk}:{category}" in chosen,
                }
                for category in self.categories
            ]
            whole = f"{party.pk}:{ALL}"
            rows.append(
                {"party": party, "all": {"value": whole, "id": f"{base_id}_{party.pk}_all", "checked": whole in chosen}, "cells": cells}
            )
        context["grid"] = {"id": base_id, "columns": [DataCategory(c).label for c in self.categories], "rows": rows}
        return context

    def id_for_label(self, id_, index=None):
        return id_


class ConsentForm(forms.ModelForm):
    """A consent releasing the data of the recording party (participants/authority.py) to other parties."""

    scopes = forms.MultipleChoiceField(
        label=_("What may be shared, and with whom"),
        help_text=_(
            "Tick what the participant lets your organisation share with each party. "
            "“Everything” ticks the whole row."
        ),
    )

    class Meta:
        model = Consent
        fields = ["given_on", "method", "valid_until", "scopes", "filed_as", "note"]
        widgets = {"given_on": DateInput(), "valid_until": DateInput(), "method": forms.RadioSelect}

    def __init__(self, *args, parties, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = {str(o.pk): o for o in parties}
        self.categories = list(categories)
        values = [f"{org.pk}:{cat}" for org in parties for cat in self.categories]
        self.fields["scopes"].choices = [(v, v) for v in values] + [(f"{org.pk}:{ALL}", ALL) for org in parties]
        self.fields["scopes"].widget = ConsentGrid(parties=parties, categories=self.categories)
        self.fields["method"].choices = ConsentMethod.choices
        self.fields["given_on"].initial = timezone.localdate()
        self.fields["valid_until"].help_text = _("Leave empty if the consent has no end date.")

    def clean_given_on(self):
        given = self.cleaned_data["given_on"]
        if given > timezone.localdate():
            raise ValidationError(_("A consent cannot be given in the future."))
        return given

    def clean_valid_until(self):
        until, given = self.cleaned_data.get("valid_until"), self.cleaned_data.get("given_on")
        if until and given and until < given:
            raise ValidationError(_("The end date is before the date the consent was given."))
        return until

    def scope_pairs(self) -> list[tuple[Organisation, str]]:
        pairs = set()
        for value in self.cleaned_data["scopes"]:
            org_id, category = value.split(":", 1)
            for cat in self.categories if category == ALL else [category]:
                pairs.add((org_id, cat))
        return [(self.parties[org_id], cat) for org_id, cat in sorted(pairs)]


class ConsentRequestForm(forms.Form):
    """Ask a party that holds data to obtain and record the participant's consent."""

    addressed_to = forms.TypedChoiceField(label=_("Ask"), coerce=int, widget=forms.RadioSelect)
    categories = forms.MultipleChoiceField(
        label=_("For"), widget=forms.CheckboxSelectMultiple, choices=DataCategory.choices,
        help_text=_("The party you ask chooses among these what the participant agrees to."),
    )
    reason = forms.CharField(
        label=_("Why your organisation needs the data"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, choices: dict[int, list[str]], parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        names = {p.pk: str(p) for p in parties}
        self.fields["addressed_to"].choices = [(pk, names[pk]) for pk in choices]
        offered = {c for categories in choices.values() for c in categories}
        self.fields["categories"].choices = [(c.value, c.label) for c in DataCategory if c in offered]

    def clean(self):
        data = super().clean()
        party, categories = data.get("addressed_to"), data.get("categories") or []
        if party is not None and categories:
            not_theirs = [c for c in categories if c not in self.choices.get(party, [])]
            if not_theirs:
                self.add_error(
                    "categories",
                    _("The party you ask does not hold, or has already shared with you: %(list)s.")
                    % {"list": ", ".join(str(DataCategory(c).label) for c in not_theirs)},
                )
        return data


class ConsentRequestDeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Why no consent was recorded"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the participant did not agree. The party that asked sees this answer."),
    )
