"""One participant's intake and programme: interview, assessment, queue place, start, exit, follow-up, drug tests.

Every view reaches the participant through `participants.access` (404 outside the user's reach,
the read logged): the steps of the Krami path are the team's shared work, open to whoever sees the
participant; a drug test's result is recorded only by the organisation that referred to the test
(participants/authority.py). Each step returns to the case page (`participants:detail`), whose
task list shows the path and the next action (intake/selectors/path.py); the former intake page
of a participant redirects there.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from agreements import selectors as agreement_selectors
from agreements.rules import IntakeMode
from intake import eligibility
from intake.access import get_no_show_to_decide
from intake.calendar import interview_event, meeting_booking_event
from intake.forms import (
    AssessmentForm,
    DrugTestReferForm,
    DrugTestResultForm,
    ExitForm,
    FollowUpForm,
    InterviewForm,
    InterviewOutcomeForm,
    NoShowDecisionForm,
    QueuePlaceForm,
    StartForm,
)
from intake.models import (
    AttendanceState,
    Decision,
    DrugTest,
    DrugTestResult,
    FollowUp,
    Interview,
    InterviewStatus,
    MeetingAttendance,
    NoShowDecision,
)
from intake.selectors.groups import start_options
from intake.selectors.path import fix_links
from intake.selectors.queue import occupancy
from intake.selectors.records import intake_record
from intake.services.assessment import (
    assessment_record,
    evaluate_for,
    interview_for_assessment,
    interview_outcome,
    interview_record,
)
from intake.services.drugtests import drugtest_no_show_decide, drugtest_record_result, drugtest_refer
from intake.services.programme import (
    StartRefused,
    early_message,
    followup_record,
    open_episode,
    participant_exit,
    participant_start,
    start_kinds,
)
from intake.services.queue import queue_place
from intake.views import apply_errors
from krami.drafts import kept_fields, stash_draft, take_draft
from krami.ical import ics_response
from participants import authority, identity
from participants.access import get_owned_record, get_participant_for_change, get_participant_for_user
from participants.models import Phase


def _detail(participant, anchor: str = "") -> str:
    """The case page, at `anchor` (a section of the record) if given."""
    return reverse("participants:detail", kwargs={"pk": participant.pk}) + (f"#{anchor}" if anchor else "")


@login_required
@require_safe
def participant_intake(request: HttpRequest, pk: int) -> HttpResponse:
    """The former intake page ("Inskrivning och program") is part of the case page now: old links
    and bookmarks land there. Through the door first, so that a participant out of reach is a 404
    here too (nothing is logged: the case page logs its own read)."""
    participant = get_participant_for_user(request, pk, log=False)
    return redirect(_detail(participant, "intake"))


@login_required
def interview_create(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_change(request, pk)
    form = InterviewForm(request.POST or None, unit=participant.unit, initial={"interviewer": request.user.pk})
    if request.method == "POST" and form.is_valid():
        interview = interview_record(participant=participant, by=request.user, **form.cleaned_data)
        if interview.is_booked:
            messages.success(request, _("The interview has been booked; record its outcome on or after the day."))
        else:
            messages.success(request, _("The interview has been recorded."))
        return redirect(_detail(participant))
    return render(request, "intake/interview_form.html", {"participant": participant, "form": form})


@login_required
def interview_outcome_view(request: HttpRequest, pk: int, interview_id: int) -> HttpResponse:
    """On or after a booked interview's day: held (with notes) or the person did not come."""
    participant = get_participant_for_change(request, pk)
    interview = get_object_or_404(
        Interview.objects.select_related("interviewer"), pk=interview_id, participant=participant,
        status=InterviewStatus.BOOKED,
    )
    form = InterviewOutcomeForm(request.POST or None)
    ahead = interview.held_on > timezone.localdate()
    if request.method == "POST" and not ahead and form.is_valid():
        try:
            interview_outcome(interview=interview, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The interview's outcome has been recorded."))
            return redirect(_detail(participant, "interviews"))
    return render(
        request, "intake/interview_outcome.html",
        {"participant": participant, "interview": interview, "form": form, "ahead": ahead},
    )


@login_required
@require_safe
def interview_ics(request: HttpRequest, pk: int, interview_id: int) -> HttpResponse:
    """A booked interview as a calendar file: the pseudonymous reference and a link, no name."""
    participant = get_participant_for_user(request, pk)
    interview = get_object_or_404(
        Interview.objects.select_related("participant"), pk=interview_id, participant=participant,
        status=InterviewStatus.BOOKED,
    )
    return ics_response(interview_event(request, interview), f"intervju-{participant.reference}.ics")


@login_required
@require_safe
def meeting_booking_ics(request: HttpRequest, pk: int, attendance_id: int) -> HttpResponse:
    """A booking on an information meeting as a calendar file: the pseudonymous reference and a link, no name."""
    participant = get_participant_for_user(request, pk)
    attendance = get_object_or_404(
        MeetingAttendance.objects.select_related("meeting", "participant"), pk=attendance_id, participant=participant,
        state=AttendanceState.BOOKED,
    )
    return ics_response(meeting_booking_event(request, attendance), f"informationsmote-{participant.reference}.ics")


@login_required
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's decision. A failed condition the user may fix (missing data of their own
    organisation) has a button that keeps what was typed here (krami/drafts.py), opens the form
    that fixes it and comes back here after saving (`?next=`), with the typed text restored."""
    participant = get_participant_for_change(request, pk)
    draft = take_draft(request) if request.method == "GET" else None
    typed = {name: values[0] if len(values) == 1 else values for name, values in (draft or {}).items()}
    initial = {"decided_by": request.user.pk, **typed}
    data = request.POST if request.method == "POST" and "fix" not in request.POST else None
    form = AssessmentForm(data, unit=participant.unit, initial=initial)
    on = form.cleaned_data["decided_on"] if form.is_bound and form.is_valid() else timezone.localdate()
    found = evaluate_for(participant, on)
    failures = [eligibility.visible_message(f.code, f.params, participant.visible) for f in found]
    fixes = fix_links(participant, found, authority.page_authority(request.user, participant), back=request.path)
    if request.method == "POST" and "fix" in request.POST:
        return _leave_to_fix(request, fixes)
    interview = interview_for_assessment(participant, on)
    enrolled = open_episode(participant) is not None
    if request.method == "POST" and form.is_valid() and not enrolled:
        try:
            assessment = assessment_record(participant=participant, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if assessment.decision == Decision.ACCEPTED:
                messages.success(request, _("Accepted: the applicant is now in the unit's queue."))
            else:
                messages.success(request, _("The assessment has been recorded."))
            return redirect(_detail(participant))
    return render(
        request,
        "intake/assessment_form.html",
        {
            "participant": participant, "form": form, "failures": failures, "on": on, "enrolled": enrolled,
            "interview": interview, "fixes": fixes,
        },
    )


def _leave_to_fix(request: HttpRequest, fixes) -> HttpResponse:
    """Keep the form's typed text for this page and open the fix it asked for (an index into
    `fixes`, which are worked out here, never taken from the request)."""
    try:
        index = int(request.POST["fix"])
    except ValueError:
        index = -1
    if not 0 <= index < len(fixes):
        return redirect(request.path)
    fix = fixes[index]
    fields = {name: values for name, values in kept_fields(request.POST).items() if name != "fix"}
    stash_draft(request, user_id=request.user.pk, fields=fields, page=request.path)
    return redirect(fix.url)


@login_required
def queue_place_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an applicant in the queue by hand: a reason is required, and the move is logged."""
    participant = get_participant_for_change(request, pk)
    queued = participant.phase == Phase.QUEUED
    form = QueuePlaceForm(request.POST or None)
    if request.method == "POST" and queued and form.is_valid():
        try:
            queue_place(participant=participant, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The applicant's place in the queue has been changed."))
            return redirect("intake:queue", unit_id=participant.unit_id)
    return render(request, "intake/queue_place.html", {"participant": participant, "form": form, "queued": queued})


NEUTRAL_BLOCK = _lazy(
    "This person cannot be re-enrolled yet because of a condition recorded in data you may not see. "
    "Ask a colleague who may see it."
)


def _start_refused_message(exc: StartRefused, record, group) -> str:
    """The drug-policy block is health data: a user who may not see it gets a neutral message. A
    group found full when the start was saved had a place when the form was checked a moment
    before: the last one was taken in between."""
    if exc.code == "drug_policy" and not record.may_see_drug_policy:
        return str(NEUTRAL_BLOCK)
    if exc.code == "full" and group is not None:
        return _("The last place in %(group)s was taken a moment ago, just before your start was saved: all %(capacity)s "
                 "places are taken now. Choose another group or an individual start.") % {
            "group": group.name, "capacity": group.capacity}
    return exc.messages[0]


def _blocked_message(record) -> str | None:
    if record.blocked_since is None:
        return None
    if not record.may_see_drug_policy:
        return str(NEUTRAL_BLOCK)
    return _(
        "Re-enrolment is blocked since %(on)s (drug policy): record a later negative test, or one with a "
        "declining value, first."
    ) % {"on": record.blocked_since.isoformat()}


def _offered(request: HttpRequest) -> frozenset[int]:
    """The groups the form offered when it was opened (sent back with the POST)."""
    return frozenset(int(v) for v in request.POST.get("offered", "").split(",") if v.strip().isdigit())


@login_required
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start in a group or individually. The form offers the groups with places left whose audience
    fits the person (intake/selectors/groups.py), the others disabled with the reason; a place
    taken while the form was open is said to be so, a group that was full already is not."""
    participant = get_participant_for_change(request, pk)
    today = timezone.localdate()
    record = intake_record(participant=participant, user=request.user, on=today)
    kinds = start_kinds(record.rules.intake_mode)
    options = start_options(participant=participant, on=today)
    form = StartForm(request.POST or None, options=options, kinds=kinds, offered=_offered(request))
    if request.method == "POST" and record.can_start and form.is_valid():
        data = form.cleaned_data
        try:
            participant_start(participant=participant, by=request.user, started_on=data["started_on"], group=data.get("group"))
        except StartRefused as exc:
            form.add_error(None, _start_refused_message(exc, record, data.get("group")))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has started.") % {"name": identity.shown_name(participant, request.user)})
            return redirect(_detail(participant))
    context = {
        "participant": participant,
        "record": record,
        "form": form,
        "offered": ",".join(str(pk) for pk in form.available_groups) if "group" in form.fields else "",
        "occupancy": occupancy(unit=participant.unit),
        "blocked_message": _blocked_message(record),
        "kinds": kinds,
        "intake_mode_label": IntakeMode(record.rules.intake_mode).label,
    }
    return render(request, "intake/start_form.html", context)


@login_required
def exit_view(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_change(request, pk)
    episode = open_episode(participant)
    form = ExitForm(request.POST or None)
    if request.method == "POST" and episode is not None and form.is_valid():
        try:
            participant_exit(participant=participant, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The exit has been recorded; follow-ups are planned at 3, 6 and 12 months."))
            return redirect(_detail(participant))
    return render(request, "intake/exit_form.html", {"participant": participant, "episode": episode, "form": form})


@login_required
def followup_record_view(request: HttpRequest, pk: int, followup_id: int) -> HttpResponse:
    participant = get_participant_for_change(request, pk)
    follow_up = get_object_or_404(FollowUp.objects.select_related("episode"), pk=followup_id, episode__participant=participant)
    form = FollowUpForm(request.POST or None, follow_up=follow_up)
    if request.method == "POST" and follow_up.is_done:
        # Recorded once: a second save (another tab, a colleague) changes nothing, and says so.
        messages.warning(
            request,
            _("This follow-up was already recorded (%(result)s, %(on)s); nothing was changed.")
            % {"result": follow_up.get_result_display(), "on": follow_up.checked_on.isoformat()},
        )
        return redirect(_detail(participant, "episodes"))
    if request.method == "POST" and form.is_valid():
        try:
            followup_record(follow_up=follow_up, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The follow-up has been recorded."))
            return redirect(_detail(participant))
    early = early_message(follow_up, form.early_on) if form.early_on and not follow_up.is_done else ""
    return render(
        request, "intake/followup_form.html",
        {"participant": participant, "follow_up": follow_up, "form": form, "early_warning": early},
    )


@login_required
def drugtest_create(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_change(request, pk)
    form = DrugTestReferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            drugtest_refer(participant=participant, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The referral to a drug test has been recorded."))
            return redirect(_detail(participant, "drug-tests"))
    return render(request, "intake/drugtest_form.html", {"participant": participant, "form": form})


@login_required
def drugtest_result(request: HttpRequest, pk: int, test_id: int) -> HttpResponse:
    """Record a drug test's result: only the organisation that referred to the test (others get a 404)."""
    participant, test = get_owned_record(request, pk, DrugTest.objects.all(), test_id)
    form = DrugTestResultForm(request.POST or None)
    if request.method == "POST" and not test.result and form.is_valid():
        try:
            recorded = drugtest_record_result(test=test, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            _result_message(request, recorded)
            return redirect(_detail(participant, "drug-tests"))
    rules = agreement_selectors.rules_for_unit(unit=participant.unit, on=timezone.localdate())
    return render(
        request, "intake/drugtest_result.html",
        {"participant": participant, "test": test, "form": form, "no_show_rule": rules.drug_tests},
    )


def _result_message(request: HttpRequest, test) -> None:
    if test.result == DrugTestResult.REFUSED:
        messages.warning(
            request, _("The result has been recorded. Refusing the test discharges the participant from the programme.")
        )
    elif test.consequence == "discharge":
        messages.warning(
            request, _("The result has been recorded. By the unit's agreement the no-show counts as not cooperating: "
                       "the participant has been discharged from the programme.")
        )
    elif test.consequence == "team":
        messages.warning(
            request, _("The result has been recorded. The team decides whether the no-show counts as not cooperating: "
                       "the decision waits on the participant's page.")
        )
    else:
        messages.success(request, _("The result has been recorded."))


@login_required
def drugtest_decision(request: HttpRequest, pk: int, test_id: int) -> HttpResponse:
    """The team's decision on a no-show: discharge or not, with the reason. Any case worker who may see the test."""
    participant, test = get_no_show_to_decide(request, pk, test_id)
    enrolled = open_episode(participant) is not None
    form = NoShowDecisionForm(request.POST or None)
    if request.method == "POST" and enrolled and form.is_valid():
        try:
            decided = drugtest_no_show_decide(test=test, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if decided.no_show_decision == NoShowDecision.DISCHARGE:
                messages.warning(request, _("The decision has been recorded: the participant has been discharged."))
            else:
                messages.success(request, _("The decision has been recorded: the participant stays in the programme."))
            return redirect(_detail(participant, "drug-tests"))
    return render(
        request, "intake/drugtest_decision.html",
        {"participant": participant, "test": test, "form": form, "enrolled": enrolled},
    )
