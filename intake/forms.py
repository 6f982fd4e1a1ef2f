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
from intake.places import places_text
from intake.selectors.groups import FULL
from intake.selectors.todo import WINDOWS
from krami.forms import AutocompleteSelect, DateField, DateInput
from krami.validators import NearToday
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
    held_on = DateField(label=_("Date"), widget=DateInput(), validators=[NearToday()])
    starts_at = forms.TimeField(label=_("Time"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200)
    slot = forms.IntegerField(required=False, widget=forms.HiddenInput())


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    contact = forms.CharField(
        label=_("How to reach them"), max_length=200, required=False, help_text=_("A phone number or an e-mail address.")
    )


class ParticipantChoiceField(forms.ModelChoiceField):
    """A person picked from the unit's participants: typed and suggested (AutocompleteSelect), the
    plain select without JavaScript."""

    widget = AutocompleteSelect(show_all=False)

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
        fields = ["held_on", "starts_at", "place", "interviewer", "notes"]
        widgets = {"held_on": DateInput(), "starts_at": TimeInput(), "notes": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "held_on": _("The date the interview was held, or is booked for. A coming date books it."),
            "notes": _("What came out of it; for a booking, leave empty and record the outcome on the day."),
        }

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewer"].queryset = caseworkers_of([unit.pk])
        self.fields["held_on"].initial = _today()
        self.fields["held_on"].validators.append(NearToday())


class InterviewOutcomeForm(forms.Form):
    held = forms.TypedChoiceField(
        label=_("Was the interview held?"),
        choices=[("yes", _("Yes, it was held")), ("no", _("No, the person did not come"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=_("Outcome notes"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class AssessmentForm(forms.Form):
    decided_on = DateField(label=_("Date of the team meeting"), widget=DateInput())
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    referred_to = forms.CharField(
        label=_("Referred to"), max_length=200, required=False, help_text=_("Only when referred elsewhere, e.g. work training.")
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for “not now”."),
    )
    decided_by = HandlerChoiceField(queryset=None, label=_("Decided by"))
    override_reason = forms.CharField(
        label=_("Reason for accepting despite failed conditions"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when accepting someone who does not meet every condition listed above."),
    )
    no_interview_reason = forms.CharField(
        label=_("Reason for assessing without an interview"), required=False, max_length=2000,
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
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class GroupRadioSelect(forms.RadioSelect):
    """The group starts as radio buttons: the ones this person cannot choose are disabled, and
    their label says why (`disabled`: value -> reason)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.disabled: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if str(value) in self.disabled:
            option["attrs"]["disabled"] = True
        return option


class GroupChoiceField(forms.ModelChoiceField):
    widget = GroupRadioSelect

    def label_from_instance(self, obj) -> str:
        text = _("%(name)s, %(start)s – %(end)s, %(audience)s: %(places)s") % {
            "name": obj.name, "start": f"{obj.starts_on:%Y-%m-%d}", "end": f"{obj.ends_on:%Y-%m-%d}",
            "audience": obj.get_audience_display().lower(), "places": places_text(taken=obj.taken, capacity=obj.capacity),
        }
        reason = self.widget.disabled.get(str(obj.pk))
        return _("%(group)s (cannot be chosen: %(reason)s)") % {"group": text, "reason": reason} if reason else text


class StartForm(forms.Form):
    """A start of the kinds the unit's agreement allows (`kinds`, intake/services/programme.py::start_kinds).

    `options` (intake.selectors.groups.start_options) are the unit's group starts: those with
    places left whose audience fits the person can be chosen, the others are shown disabled with
    the reason. `offered`: the groups that could be chosen when the form was opened (the page
    sends them back), so that a group filled in between is told apart from one that was full
    already: only the first was "taken meanwhile".
    """

    kind = forms.ChoiceField(label=_("Start"), choices=StartKind.choices, widget=forms.RadioSelect, initial=StartKind.GROUP)
    group = GroupChoiceField(label=_("Group"), queryset=None, required=False, empty_label=None)
    started_on = DateField(
        label=_("Start date"), widget=DateInput(), help_text=_("For a group start: a date within the group's course.")
    )

    def __init__(self, *args, options=(), kinds=(StartKind.GROUP, StartKind.INDIVIDUAL), offered=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = tuple(kinds)
        self.options = {option.group.pk: option for option in options}
        self.offered = offered
        self.fields["kind"].choices = [(k, label) for k, label in StartKind.choices if k in self.kinds]
        self.fields["kind"].initial = self.kinds[0]
        if StartKind.GROUP in self.kinds:
            field = self.fields["group"]
            field.queryset = GuidanceGroup.objects.filter(pk__in=list(self.options))  # validates the choice
            field.widget.disabled = {str(pk): o.reason for pk, o in self.options.items() if not o.available}
            # Shown from the options as read (their places counted), not read again.
            field.choices = [(pk, field.label_from_instance(o.group)) for pk, o in self.options.items()]
            open_groups = [pk for pk, o in self.options.items() if o.available]
            if len(open_groups) == 1:
                field.initial = open_groups[0]
            field.help_text = _("Only groups with places left that are for this person can be chosen.")
        else:
            del self.fields["group"]
            self.fields["started_on"].help_text = ""
        self.fields["started_on"].initial = _today()

    @property
    def available_groups(self) -> list[int]:
        return [pk for pk, o in self.options.items() if o.available]

    def clean_group(self):
        group = self.cleaned_data.get("group")
        option = self.options.get(group.pk) if group else None
        if option is None or option.available or self.cleaned_data.get("kind") != StartKind.GROUP:
            return group
        if option.code == FULL and group.pk in self.offered:
            raise forms.ValidationError(
                _("The last place in %(group)s was taken while you filled in the form (%(places)s). "
                  "Choose another group or an individual start.")
                % {"group": group.name, "places": places_text(taken=option.group.taken, capacity=group.capacity)}
            )
        raise forms.ValidationError(
            _("%(group)s cannot be chosen: %(reason)s. Choose another group or an individual start.")
            % {"group": group.name, "reason": option.reason}
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == StartKind.GROUP and not data.get("group") and "group" not in self.errors:
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
    ended_on = DateField(label=_("Exit date"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=EXIT_CHOICES, widget=forms.RadioSelect)
    completed_guidance_programme = forms.TypedChoiceField(
        label=_("Completed the guidance programme?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

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
    checked_on = DateField(label=_("Checked on"), widget=DateInput(), validators=[NearToday()])
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
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
    held_on = DateField(label=_("Date"), widget=DateInput(), validators=[NearToday()])
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
    result_on = DateField(label=_("Result date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result_on"].initial = _today()


class NoShowDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Does the no-show count as not cooperating?"),
        choices=[(NoShowDecision.DISCHARGE, NoShowDecision.DISCHARGE.label), (NoShowDecision.CONTINUE, NoShowDecision.CONTINUE.label)],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = DateField(label=_("Date of the decision"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = _today()


class TodoFilterForm(forms.Form):
    """The filters of the "Att göra" page (GET): kind, how far ahead, mine or the team's."""

    kind = forms.ChoiceField(label=_("Type"), required=False)
    window = forms.TypedChoiceField(
        label=_("Due within"), required=False, coerce=int, empty_value=None,
        choices=[],
        help_text=_("Usual: follow-ups, endings and reminders 14 days, consents 30 days, bookings today and tomorrow."),
    )
    scope = forms.ChoiceField(
        label=_("Whose cases"), required=False,
        choices=[("mine", _("Mine")), ("team", _("The team's (every case I may see)"))],
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All types"))] + [(k, label) for k, label in kinds.items()]
        # Built per form, in the request's language (a lazy text formatted at import would not be).
        self.fields["window"].choices = [("", _("The usual windows"))] + [
            (str(d), _("%(n)s days") % {"n": d}) for d in WINDOWS
        ]
