"""Forms for the participant register."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from krami.forms import DateInput
from krami.models import CASEWORK_ROLES, DataCategory, Membership, Municipality, Organisation
from participants import personnummer
from participants.models import (
    Consent,
    ConsentMethod,
    CriminalJusticeInfo,
    CriminalJusticeStatus,
    Gender,
    JournalNote,
    LabourMarketInfo,
    NoteVisibility,
    Participant,
    Phase,
    ReferralSource,
    SocialServicesInfo,
)

CORE_FIELDS = [
    "first_name",
    "last_name",
    "gender",
    "identifies_as_woman",
    "municipality",
    "phone",
    "email",
    "address",
    "referral_source",
    "drug_free",
    "housing_arranged",
    "childcare_arranged",
    "handler",
]


def caseworkers_of(unit_ids) -> forms.models.QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__unit_id__in=unit_ids, memberships__role__in=CASEWORK_ROLES)
        .distinct()
        .order_by("first_name", "last_name")
    )


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class ParticipantForm(forms.ModelForm):
    personnummer = forms.CharField(
        label=_("Personnummer or samordningsnummer"),
        help_text=_("YYYYMMDD-NNNN. A samordningsnummer has 60 added to the day."),
        max_length=15,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )
    handler = HandlerChoiceField(queryset=get_user_model().objects.none(), label=_("Case worker (handläggare)"))

    class Meta:
        model = Participant
        fields = ["unit", "personnummer", *CORE_FIELDS]
        widgets = {"identifies_as_woman": forms.CheckboxInput()}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        unit_ids = [u.pk for u in units]
        self.fields["unit"].queryset = self.fields["unit"].queryset.filter(pk__in=unit_ids)
        self.fields["unit"].empty_label = None
        if len(units) == 1 or self.instance.pk:
            self.fields["unit"].widget = forms.HiddenInput()
            self.fields["unit"].initial = self.instance.unit_id if self.instance.pk else units[0].pk
        if self.instance.pk:
            del self.fields["handler"]  # changed only by reassignment (participants/services/handler.py)
        else:
            self.fields["handler"].queryset = caseworkers_of(unit_ids)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        if self.instance.pk:
            self.fields["personnummer"].required = False
            self.fields["personnummer"].help_text = _(
                "Leave empty to keep the current number; enter a number only to correct it."
            )

    def clean_personnummer(self):
        value = self.cleaned_data.get("personnummer", "").strip()
        if not value:
            return None
        return personnummer.display(personnummer.parse(value).digits)

    def clean(self):
        data = super().clean()
        handler, unit = data.get("handler"), data.get("unit") or self.instance.unit_id and self.instance.unit
        if handler and unit and not Membership.objects.filter(
            user=handler, unit=unit, role__in=CASEWORK_ROLES
        ).exists():
            self.add_error("handler", _("The case worker must work in the participant's unit."))
        return data


class ParticipantFilterForm(forms.Form):
    """The participant list's filters. `criminal_justice` says whether the user may see that
    category of anyone: without it the status filter does not exist, since filtering on data
    one may not see would reveal it."""

    q = forms.CharField(
        label=_("Search"), required=False, help_text=_("Name, or a whole personnummer (YYYYMMDD-NNNN).")
    )
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=[("", _("All phases"))] + Phase.choices)
    handler = forms.ChoiceField(label=_("Case worker"), required=False)
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=[("", _("All"))] + Gender.choices)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), required=False, queryset=Municipality.objects.none(), empty_label=_("All")
    )
    referral_source = forms.ChoiceField(
        label=_("Referred by"), required=False, choices=[("", _("All"))] + ReferralSource.choices
    )
    cj_status = forms.ChoiceField(
        label=_("Criminal-justice status"),
        required=False,
        choices=[("", _("All"))] + CriminalJusticeStatus.choices,
        help_text=_("Only participants whose criminal-justice data you may see."),
    )
    registered_from = forms.DateField(label=_("Registered from"), required=False, widget=DateInput())
    registered_to = forms.DateField(label=_("Registered until"), required=False, widget=DateInput())
    phase_since_from = forms.DateField(label=_("In phase since, from"), required=False, widget=DateInput())
    phase_since_to = forms.DateField(label=_("In phase since, until"), required=False, widget=DateInput())
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("-phase_since", _("Latest change of phase")),
            ("phase_since", _("Longest in phase")),
            ("-created_at", _("Latest registered")),
            ("birth_date", _("Oldest first")),
            ("-birth_date", _("Youngest first")),
        ],
    )

    def __init__(self, *args, units, user, criminal_justice: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        caseworkers = [(str(u.pk), u.get_full_name() or u.get_username()) for u in caseworkers_of([u.pk for u in units])]
        self.fields["handler"].choices = [("", _("Everyone")), ("me", _("My participants"))] + caseworkers
        self.fields["unit"].choices = [("", _("All my units"))] + [(str(u.pk), u.name) for u in units]
        if len(units) < 2:
            del self.fields["unit"]
        if not criminal_justice:
            del self.fields["cj_status"]
        self.fields["municipality"].queryset = Municipality.objects.filter(units__in=units).distinct()

    def clean(self):
        data = super().clean()
        for start, end in (("registered_from", "registered_to"), ("phase_since_from", "phase_since_to")):
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(end, _("The end date is before the start date."))
        return data


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


class JournalNoteForm(forms.ModelForm):
    class Meta:
        model = JournalNote
        fields = ["noted_on", "visibility", "text"]
        widgets = {"noted_on": DateInput(), "text": forms.Textarea(attrs={"rows": 6}), "visibility": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["noted_on"].initial = timezone.localdate()
        # Radio buttons need no "---------" choice: nothing ticked already means "not chosen".
        self.fields["visibility"].choices = NoteVisibility.choices


class CriminalJusticeForm(forms.ModelForm):
    class Meta:
        model = CriminalJusticeInfo
        fields = ["current_at_kv", "status", "release_date", "supervision_until", "notes"]
        widgets = {"release_date": DateInput(), "supervision_until": DateInput()}


class SocialServicesForm(forms.ModelForm):
    class Meta:
        model = SocialServicesInfo
        fields = ["current_at_social_services", "income_support", "social_worker", "notes"]


class LabourMarketForm(forms.ModelForm):
    class Meta:
        model = LabourMarketInfo
        fields = ["registered_at_af", "activity_support", "employment_officer", "notes"]


CATEGORY_FORMS = {
    DataCategory.CRIMINAL_JUSTICE: ("criminal_justice", CriminalJusticeForm),
    DataCategory.SOCIAL_SERVICES: ("social_services", SocialServicesForm),
    DataCategory.LABOUR_MARKET: ("labour_market", LabourMarketForm),
}
