"""Forms of the register: registering and editing a participant, the list's filters, each authority's category."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from krami.dates import add_months
from krami.forms import DateField, DateInput
from krami.models import CASEWORK_ROLES, DataCategory, Gender, Membership, Municipality, Role
from participants import personnummer
from participants.models import (
    CriminalJusticeInfo,
    CriminalJusticeStatus,
    LabourMarketInfo,
    Participant,
    Phase,
    ReferralSource,
    SocialServicesInfo,
)

# In the order of a registration: who the person is, how they came and who takes the case, where
# they live and how to reach them, then the conditions of the target group.
CORE_FIELDS = [
    "first_name",
    "last_name",
    "gender",
    "identifies_as_woman",
    "registered_on",
    "referral_source",
    "handler",
    "municipality",
    "address",
    "phone",
    "email",
    "drug_free",
    "housing_arranged",
    "childcare_arranged",
]
# How far back a late registration may be dated.
REGISTRATION_BACKDATE_MONTHS = 12


def caseworkers_of(unit_ids) -> forms.models.QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__unit_id__in=unit_ids, memberships__role__in=CASEWORK_ROLES)
        .distinct()
        .order_by("first_name", "last_name")
    )


def handlers_of(unit_ids) -> forms.models.QuerySet:
    """Who can take a new participant's case: the units' active vägledare (coordinators are not offered)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__unit_id__in=unit_ids, memberships__role=Role.VAGLEDARE)
        .distinct()
        .order_by("first_name", "last_name")
    )


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


def municipality_choices(units, empty_label) -> list:
    """The units' own municipalities first, then every other, each group by name."""
    own = list(Municipality.objects.filter(units__in=units).distinct().order_by("name"))
    others = Municipality.objects.exclude(pk__in=[m.pk for m in own]).order_by("name")
    return [
        ("", empty_label),
        (_("The unit's municipalities"), [(m.pk, str(m)) for m in own]),
        (_("Other municipalities"), [(m.pk, str(m)) for m in others]),
    ]


class ParticipantForm(forms.ModelForm):
    personnummer = forms.CharField(
        label=_("Personnummer or samordningsnummer"),
        help_text=_(
            "YYYYMMDD-NNNN, or the 10-digit form YYMMDD-NNNN (YYMMDD+NNNN for someone 100 or older). "
            "A samordningsnummer has 60 added to the day."
        ),
        max_length=15,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )
    handler = HandlerChoiceField(
        queryset=get_user_model().objects.none(), label=_("Case worker (handläggare)"), empty_label=_("Choose the case worker"),
    )

    class Meta:
        model = Participant
        fields = ["unit", "personnummer", *CORE_FIELDS]
        widgets = {"identifies_as_woman": forms.CheckboxInput(), "registered_on": DateInput()}

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
            del self.fields["registered_on"]  # the first phase starts then (participants/services/register.py)
        else:
            self.fields["handler"].queryset = handlers_of(unit_ids)
            self.fields["registered_on"].initial = timezone.localdate()
            self.fields["registered_on"].required = False
            self.fields["registered_on"].help_text = _(
                "The day the person applied to or was referred to Krami: today, or an earlier day (at most a year back) "
                "for a late registration."
            )
            self.fields["gender"].required = False
            self.fields["gender"].choices = [("", _("As the personnummer shows")), *Gender.choices]
            self.fields["gender"].help_text = _(
                "Left as it is, the gender follows the personnummer. Record the gender the person states, if another."
            )
        self.fields["referral_source"].choices = [("", _("Choose who referred the person")), *ReferralSource.choices]
        own = Municipality.objects.filter(units__in=[self.instance.unit_id] if self.instance.pk else unit_ids)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["municipality"].choices = municipality_choices(
            [self.instance.unit_id] if self.instance.pk else unit_ids, _("Choose the municipality")
        )
        if not self.instance.pk and own.count() == 1:
            self.fields["municipality"].initial = own.get().pk
        if self.instance.pk:
            self.fields["personnummer"].required = False
            self.fields["personnummer"].help_text = _(
                "Leave empty to keep the current number; enter a number only to correct it."
            )

    def clean_registered_on(self):
        day = self.cleaned_data["registered_on"]
        today = timezone.localdate()
        if day is None:
            return today
        if day > today:
            raise ValidationError(_("The registration date cannot be in the future."))
        if day < add_months(today, -REGISTRATION_BACKDATE_MONTHS):
            raise ValidationError(
                _("A registration can be dated back at most a year, to %(first)s.")
                % {"first": f"{add_months(today, -REGISTRATION_BACKDATE_MONTHS):%Y-%m-%d}"}
            )
        return day

    def clean_personnummer(self):
        value = self.cleaned_data.get("personnummer", "").strip()
        if not value:
            return None
        return personnummer.display(personnummer.parse(value).digits)

    def clean(self):
        data = super().clean()
        handler, unit = data.get("handler"), data.get("unit") or self.instance.unit_id and self.instance.unit
        if handler and unit and not Membership.objects.filter(user=handler, unit=unit, role=Role.VAGLEDARE).exists():
            self.add_error("handler", _("The case worker must be a vägledare in the participant's unit."))
        if "gender" in self.fields and not data.get("gender") and data.get("personnummer"):
            data["gender"] = personnummer.gender_default(personnummer.parse(data["personnummer"]).digits)
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
    registered_from = DateField(label=_("Registered from"), required=False, widget=DateInput())
    registered_to = DateField(label=_("Registered until"), required=False, widget=DateInput())
    phase_since_from = DateField(label=_("In phase since, from"), required=False, widget=DateInput())
    phase_since_to = DateField(label=_("In phase since, until"), required=False, widget=DateInput())
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
