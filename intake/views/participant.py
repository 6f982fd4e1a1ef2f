"""One participant's intake and programme: interview, assessment, queue place, start, exit, follow-up, drug tests.

Every view reaches the participant through `participants.access` (404 outside the user's reach,
the read logged): the steps of the Krami path are the team's shared work, open to whoever sees the
participant; a drug test's result is recorded only by the organisation that referred to the test
(participants/authority.py).
"""

from __future__ import annotations

from datetime import timedelta

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
from intake.forms import (
    AssessmentForm,
    DrugTestReferForm,
    DrugTestResultForm,
    ExitForm,
    FollowUpForm,
    InterviewForm,
    NoShowDecisionForm,
    QueuePlaceForm,
    StartForm,
)
from intake.models import Decision, DrugTest, DrugTestResult, FollowUp, GuidanceGroup, NoShowDecision
from intake.selectors.groups import with_places_taken
from intake.selectors.queue import occupancy
from intake.selectors.records import intake_record
from intake.services.assessment import assessment_record, evaluate_for, interview_for_assessment, interview_record
from intake.services.drugtests import drugtest_no_show_decide, drugtest_record_result, drugtest_refer
from intake.services.programme import (
    StartRefused,
    followup_record,
    open_episode,
    participant_exit,
    participant_start,
    start_kinds,
)
from intake.services.queue import queue_place
from intake.views import apply_errors
from participants.access import get_owned_record, get_participant_for_change, get_participant_for_user
from participants.models import Phase


def _detail(participant, anchor: str = "") -> str:
    return reverse("intake:participant", kwargs={"pk": participant.pk}) + (f"#{anchor}" if anchor else "")


@login_required
@require_safe
def participant_intake(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request, pk)
    record = intake_record(participant=participant, user=request.user, on=timezone.localdate())
    return render(request, "intake/participant.html", {"participant": participant, "record": record})


@login_required
def interview_create(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_change(request, pk)
    form = InterviewForm(request.POST or None, unit=participant.unit, initial={"interviewer": request.user.pk})
    if request.method == "POST" and form.is_valid():
        interview_record(participant=participant, by=request.user, **form.cleaned_data)
        messages.success(request, _("The interview has been recorded."))
        return redirect(_detail(participant, "interviews"))
    return render(request, "intake/interview_form.html", {"participant": participant, "form": form})


@login_required
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_change(request, pk)
    form = AssessmentForm(request.POST or None, unit=participant.unit, initial={"decided_by": request.user.pk})
    on = form.cleaned_data["decided_on"] if form.is_bound and form.is_valid() else timezone.localdate()
    failures = [eligibility.visible_message(f.code, f.params, participant.visible) for f in evaluate_for(participant, on)]
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
            return redirect(_detail(participant, "assessments"))
    return render(
        request,
        "intake/assessment_form.html",
        {
            "participant": participant, "form": form, "failures": failures, "on": on, "enrolled": enrolled,
            "interview": interview,
        },
    )


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


def _start_groups(participant):
    """Groups of the unit a participant could start in now (not finished more than eight weeks ago)."""
    since = timezone.localdate() - timedelta(weeks=8)
    return (
        with_places_taken(GuidanceGroup.objects.filter(unit=participant.unit, starts_on__gte=since))
        .order_by("starts_on", "name")
    )


NEUTRAL_BLOCK = _lazy(
    "This person cannot be re-enrolled yet because of a condition recorded in data you may not see. "
    "Ask a colleague who may see it."
)


def _start_refused_message(exc: StartRefused, record) -> str:
    """The drug-policy block is health data: a user who may not see it gets a neutral message."""
    if exc.code == "drug_policy" and not record.may_see_drug_policy:
        return str(NEUTRAL_BLOCK)
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


@login_required
def start(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_change(request, pk)
    today = timezone.localdate()
    record = intake_record(participant=participant, user=request.user, on=today)
    kinds = start_kinds(record.rules.intake_mode)
    form = StartForm(request.POST or None, groups=_start_groups(participant), kinds=kinds)
    if request.method == "POST" and record.can_start and form.is_valid():
        data = form.cleaned_data
        try:
            participant_start(participant=participant, by=request.user, started_on=data["started_on"], group=data.get("group"))
        except StartRefused as exc:
            form.add_error(None, _start_refused_message(exc, record))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has started.") % {"name": participant.full_name})
            return redirect(_detail(participant, "episodes"))
    context = {
        "participant": participant,
        "record": record,
        "form": form,
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
            return redirect(_detail(participant, "episodes"))
    return render(request, "intake/exit_form.html", {"participant": participant, "episode": episode, "form": form})


@login_required
def followup_record_view(request: HttpRequest, pk: int, followup_id: int) -> HttpResponse:
    participant = get_participant_for_change(request, pk)
    follow_up = get_object_or_404(FollowUp.objects.select_related("episode"), pk=followup_id, episode__participant=participant)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and not follow_up.is_done and form.is_valid():
        try:
            followup_record(follow_up=follow_up, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The follow-up has been recorded."))
            return redirect(_detail(participant, "episodes"))
    return render(
        request, "intake/followup_form.html", {"participant": participant, "follow_up": follow_up, "form": form}
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
