"""Forms of intake. Business rules live in the services; forms parse input and check the obvious."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.models import (
    AttendanceStatus,
    Decision,
    DrugTest,
    DrugTestResult,
    ExitOutcome,
    FollowUpResult,
    GuidanceGroup,
    Interview,
    MeetingSlot,
    NoShowDecision,
    StartKind,
    Weekday,
)
from krami.forms import DateInput
from participants.forms.register import HandlerChoiceField, ParticipantForm, caseworkers_of


class TimeInput(forms.TimeInput):
    """A time typed as TT:MM or picked in the browser."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def _today():
    return timezone.localdate()


class SlotForm(forms.ModelForm):
    class Meta:
        model = MeetingSlot
        fields = ["weekday", "starts_at", "place", "is_active"]
        widgets = {"starts_at": TimeInput()}


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Time"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    slot = forms.IntegerField(required=False, widget=forms.HiddenInput())


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    contact = forms.CharField(
        label=_("How to reach them"), max_length=200, required=False, help_text=_("A phone number or an e-mail address.")
    )


class ParticipantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.last_name}, {obj.first_name} ({obj.masked_personnummer})"


class ChooseParticipantForm(forms.Form):
    participant = ParticipantChoiceField(label=_("Participant"), queryset=None)

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants


class WalkInChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.contact})" if obj.contact else obj.name


class LinkWalkInForm(ChooseParticipantForm):
    walk_in = WalkInChoiceField(label=_("Walk-in"), queryset=None)
    field_order = ["walk_in", "participant"]

    def __init__(self, *args, walk_ins, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["walk_in"].queryset = walk_ins
        self.fields["participant"].label = _("Their participant record")


class WalkInRegisterForm(ParticipantForm):
    """The participant register's own form, pre-filled from the walk-in."""


class InterviewForm(forms.ModelForm):
    interviewer = HandlerChoiceField(queryset=None, label=_("Interviewer"))

    class Meta:
        model = Interview
        fields = ["held_on", "interviewer", "notes"]
        widgets = {"held_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"held_on": _("The date the interview was held, or is booked for.")}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewer"].queryset = caseworkers_of([unit.pk])
        self.fields["held_on"].initial = _today()


class AssessmentForm(forms.Form):
    decided_on = forms.DateField(label=_("Date of the team meeting"), widget=DateInput())
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    referred_to = forms.CharField(
        label=_("Referred to"), max_length=200, required=False, help_text=_("Only when referred elsewhere, e.g. work training.")
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for “not now”."),
    )
    decided_by = HandlerChoiceField(queryset=None, label=_("Decided by"))
    override_reason = forms.CharField(
        label=_("Reason for accepting despite failed conditions"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when accepting someone who does not meet every condition listed above."),
    )
    no_interview_reason = forms.CharField(
        label=_("Reason for assessing without an interview"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when no interview was held before the team meeting (since the last assessment)."),
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_by"].queryset = caseworkers_of([unit.pk])
        self.fields["decided_on"].initial = _today()

    def clean_decided_on(self):
        value = self.cleaned_data["decided_on"]
        if value > _today():
            raise forms.ValidationError(_("The decision cannot be in the future."))
        return value


class QueuePlaceForm(forms.Form):
    position = forms.IntegerField(
        label=_("Position"), min_value=1, required=False,
        help_text=_("1 is first in the queue. Leave empty to put the applicant back in the rule order."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        taken = getattr(obj, "taken", None)
        places = "" if taken is None else f", {obj.capacity - taken}/{obj.capacity}"
        return f"{obj.name} ({obj.starts_on:%Y-%m-%d}, {obj.get_audience_display()}{places})"


class StartForm(forms.Form):
    """A start of the kinds the unit's agreement allows (`kinds`, intake/services/programme.py::start_kinds)."""

    kind = forms.ChoiceField(label=_("Start"), choices=StartKind.choices, widget=forms.RadioSelect, initial=StartKind.GROUP)
    group = GroupChoiceField(
        label=_("Group"), queryset=None, required=False, help_text=_("Free places / places in brackets.")
    )
    started_on = forms.DateField(
        label=_("Start date"), widget=DateInput(), help_text=_("For a group start: a date within the group's course.")
    )

    def __init__(self, *args, groups, kinds=(StartKind.GROUP, StartKind.INDIVIDUAL), **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = tuple(kinds)
        self.fields["kind"].choices = [(k, label) for k, label in StartKind.choices if k in self.kinds]
        self.fields["kind"].initial = self.kinds[0]
        if StartKind.GROUP in self.kinds:
            self.fields["group"].queryset = groups
        else:
            del self.fields["group"]
            self.fields["started_on"].help_text = ""
        self.fields["started_on"].initial = _today()

    def clean(self):
        data = super().clean()
        if data.get("kind") == StartKind.GROUP and not data.get("group"):
            if StartKind.INDIVIDUAL in self.kinds:
                self.add_error("group", _("Choose the group, or choose an individual start."))
            else:
                self.add_error("group", _("Choose the group: the unit takes group starts only."))
        if data.get("kind") == StartKind.INDIVIDUAL:
            data["group"] = None
        return data


# "Studies (unspecified)" is kept for exits recorded before full and part time were told apart;
# a new exit says which.
EXIT_CHOICES = [(value, label) for value, label in ExitOutcome.choices if value != ExitOutcome.STUDIES]
FOLLOW_UP_CHOICES = [(value, label) for value, label in FollowUpResult.choices if value != FollowUpResult.STUDYING]


class ExitForm(forms.Form):
    ended_on = forms.DateField(label=_("Exit date"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=EXIT_CHOICES, widget=forms.RadioSelect)
    completed_guidance_programme = forms.TypedChoiceField(
        label=_("Completed the guidance programme?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = _today()

    def clean_ended_on(self):
        value = self.cleaned_data["ended_on"]
        if value > _today():
            raise forms.ValidationError(_("The exit date cannot be in the future."))
        return value


class FollowUpForm(forms.Form):
    """The follow-up's answer. Recorded more than two weeks before it is due (on the day typed, or
    today), the form warns (`early`) and asks for the reason (intake/services/programme.py)."""

    result = forms.ChoiceField(label=_("Still working or studying?"), choices=FOLLOW_UP_CHOICES, widget=forms.RadioSelect)
    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    early_reason = forms.CharField(
        label=_("Why record it before it is due?"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. “Moves abroad next month and cannot be reached then.”"),
    )

    def __init__(self, *args, follow_up, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].initial = _today()
        day = _today()
        if self.is_bound:
            try:
                day = self.fields["checked_on"].clean(self.data.get("checked_on")) or day
            except forms.ValidationError:
                pass
        self.early_on = day if follow_up.is_early(day) else None
        if self.early_on is None:
            del self.fields["early_reason"]


class GroupForm(forms.ModelForm):
    weeks = forms.TypedChoiceField(label=_("Length"), choices=[(3, _("3 weeks")), (4, _("4 weeks"))], coerce=int, initial=4)
    session_weekdays = forms.TypedMultipleChoiceField(
        label=_("Sessions on"), choices=Weekday.choices[:5], coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A session is planned on each ticked weekday of the course; you can add more later."),
    )
    session_time = forms.TimeField(label=_("Session time"), required=False, widget=TimeInput())

    class Meta:
        model = GuidanceGroup
        fields = ["name", "starts_on", "weeks", "capacity", "audience", "place"]
        widgets = {"starts_on": DateInput()}
        help_texts = {"capacity": _("Usually 5–6."), "name": _("e.g. “Vägledningskurs v. 12, kvinnor”.")}

    def clean_capacity(self):
        value = self.cleaned_data["capacity"]
        if not 1 <= value <= 20:
            raise forms.ValidationError(_("A group has 1–20 places."))
        return value


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Time"), required=False, widget=TimeInput())
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)


class SessionAttendanceForm(forms.Form):
    """One radio group per member of the group the user may see."""

    def __init__(self, *args, members, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for episode in members:
            self.fields[f"episode_{episode.pk}"] = forms.ChoiceField(
                label=episode.participant.full_name,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                initial=current.get(episode.pk, AttendanceStatus.PRESENT),
            )

    def statuses(self) -> dict[int, str]:
        return {e.pk: self.cleaned_data[f"episode_{e.pk}"] for e in self.members}


class DrugTestReferForm(forms.ModelForm):
    class Meta:
        model = DrugTest
        fields = ["referred_on", "reason"]
        widgets = {"referred_on": DateInput(), "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referred_on"].initial = _today()


class DrugTestResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=DrugTestResult.choices, widget=forms.RadioSelect)
    result_on = forms.DateField(label=_("Result date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result_on"].initial = _today()


class NoShowDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Does the no-show count as not cooperating?"),
        choices=[(NoShowDecision.DISCHARGE, NoShowDecision.DISCHARGE.label), (NoShowDecision.CONTINUE, NoShowDecision.CONTINUE.label)],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = _today()
