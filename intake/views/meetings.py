"""Information meetings: the weekly slot, the attendance list, walk-ins and their registration."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from intake.access import casework_unit, get_meeting_for_user
from intake.forms import ChooseParticipantForm, LinkWalkInForm, MeetingForm, SlotForm, WalkInForm, WalkInRegisterForm
from intake.models import MeetingAttendance, MeetingSlot
from intake.selectors.meetings import coming_meetings, past_meetings
from intake.services.meetings import (
    attendance_add_participant,
    attendance_add_walkin,
    attendance_record,
    meeting_open,
    slot_save,
    walkin_link,
    walkin_register,
)
from intake.views import apply_errors
from krami.access import user_access
from participants.access import log_list, visible_participants
from participants.models import Phase, ReferralSource
from participants.services.register import DuplicateParticipant

# Who can be added to an attendance list or linked to a walk-in: anyone not in the programme now.
ATTENDING_PHASES = [Phase.APPLICANT, Phase.QUEUED, Phase.NOT_ACCEPTED, Phase.CLOSED]


@login_required
@require_safe
def meetings(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = casework_unit(request, unit_id)
    today = timezone.localdate()
    page = Paginator(past_meetings(unit=unit, on=today), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/meetings.html",
        {
            "unit": unit,
            "slots": MeetingSlot.objects.filter(unit=unit),
            "coming": coming_meetings(unit=unit, on=today),
            "page": page,
            "today": today,
        },
    )


@login_required
def slot_edit(request: HttpRequest, unit_id: int, slot_id: int | None = None) -> HttpResponse:
    unit = casework_unit(request, unit_id)
    slot = get_object_or_404(MeetingSlot, pk=slot_id, unit=unit) if slot_id else None
    form = SlotForm(request.POST or None, instance=slot)
    if request.method == "POST" and form.is_valid():
        try:
            slot_save(unit=unit, by=request.user, slot=slot, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The weekly information meeting has been saved."))
            return redirect("intake:meetings", unit_id=unit.pk)
    return render(request, "intake/slot_form.html", {"unit": unit, "form": form, "slot": slot})


@login_required
def meeting_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Open a meeting's attendance list: from a weekly slot (pre-filled) or an extra meeting."""
    unit = casework_unit(request, unit_id)
    form = MeetingForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        slot = MeetingSlot.objects.filter(pk=data["slot"], unit=unit).first() if data.get("slot") else None
        meeting = meeting_open(
            unit=unit, by=request.user, held_on=data["held_on"], starts_at=data["starts_at"], place=data["place"], slot=slot
        )
        return redirect("intake:meeting_detail", pk=meeting.pk)
    return render(request, "intake/meeting_form.html", {"unit": unit, "form": form})


def _attendance_rows(request: HttpRequest, meeting) -> list[dict]:
    rows = list(MeetingAttendance.objects.filter(meeting=meeting).select_related("participant"))
    ids = [r.participant_id for r in rows if r.participant_id]
    seen = {p.pk: p for p in visible_participants(request.user).filter(pk__in=ids)}
    log_list(request, list(seen.values()))
    return [{"attendance": r, "participant": seen.get(r.participant_id)} for r in rows]


def _candidates(request: HttpRequest, meeting):
    return (
        visible_participants(request.user)
        .filter(unit=meeting.unit, phase__in=ATTENDING_PHASES)
        .order_by("last_name", "first_name", "pk")
    )


def _link_form(request, meeting, data=None) -> LinkWalkInForm:
    walk_ins = MeetingAttendance.objects.filter(meeting=meeting, participant__isnull=True)
    return LinkWalkInForm(data, participants=_candidates(request, meeting), walk_ins=walk_ins, prefix="link")


def _render_meeting(request, meeting, *, walkin_form=None, participant_form=None, link_form=None) -> HttpResponse:
    rows = _attendance_rows(request, meeting)
    ahead = meeting.held_on > timezone.localdate()
    context = {
        "meeting": meeting,
        "unit": meeting.unit,
        "rows": rows,
        "ahead": ahead,
        "came": sum(1 for r in rows if r["attendance"].came),
        "booked": sum(1 for r in rows if r["attendance"].is_booked),
        "has_walk_ins": any(r["attendance"].is_walk_in for r in rows),
        "walkin_form": walkin_form or WalkInForm(),
        "participant_form": participant_form or ChooseParticipantForm(participants=_candidates(request, meeting)),
        "link_form": link_form or _link_form(request, meeting),
    }
    return render(request, "intake/meeting_detail.html", context)


@login_required
@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_meeting(request, get_meeting_for_user(request, pk))


@login_required
@require_POST
def walkin_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            attendance_add_walkin(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The walk-in has been added to the attendance list."))
            return redirect("intake:meeting_detail", pk=meeting.pk)
    return _render_meeting(request, meeting, walkin_form=form)


@login_required
@require_POST
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    form = ChooseParticipantForm(request.POST, participants=_candidates(request, meeting))
    if form.is_valid():
        attendance = attendance_add_participant(meeting=meeting, by=request.user, participant=form.cleaned_data["participant"])
        if attendance.is_booked:
            messages.success(request, _("The participant has been booked on the meeting; record on the day whether they came."))
        else:
            messages.success(request, _("The participant has been added to the attendance list."))
        return redirect("intake:meeting_detail", pk=meeting.pk)
    return _render_meeting(request, meeting, participant_form=form)


@login_required
@require_POST
def attendance_record_view(request: HttpRequest, pk: int, attendance_id: int) -> HttpResponse:
    """On or after the day: a booked participant came, or did not (`came` = "yes" / "no")."""
    meeting = get_meeting_for_user(request, pk)
    seen = visible_participants(request.user).values("pk")
    attendance = get_object_or_404(MeetingAttendance, pk=attendance_id, meeting=meeting, participant__in=seen)
    try:
        attendance_record(attendance=attendance, by=request.user, came=request.POST.get("came") == "yes")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The attendance has been recorded."))
    return redirect("intake:meeting_detail", pk=meeting.pk)


def _walkin(request: HttpRequest, pk: int, attendance_id: int):
    meeting = get_meeting_for_user(request, pk)
    attendance = get_object_or_404(MeetingAttendance, pk=attendance_id, meeting=meeting, participant__isnull=True)
    return meeting, attendance


@login_required
@require_POST
def walkin_link_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a walk-in to a participant who is already registered (e.g. registered by a colleague)."""
    meeting = get_meeting_for_user(request, pk)
    form = _link_form(request, meeting, request.POST)
    if form.is_valid():
        try:
            walkin_link(attendance=form.cleaned_data["walk_in"], participant=form.cleaned_data["participant"], by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The walk-in has been linked to the participant's record."))
            return redirect("intake:meeting_detail", pk=meeting.pk)
    return _render_meeting(request, meeting, link_form=form)


def _initial_from_walkin(attendance: MeetingAttendance, user) -> dict:
    first, _sep, last = attendance.name.partition(" ")
    contact = attendance.contact
    initial = {"first_name": first, "last_name": last, "handler": user.pk, "referral_source": ReferralSource.SELF}
    initial["email" if "@" in contact else "phone"] = contact
    return initial


@login_required
def walkin_register_view(request: HttpRequest, pk: int, attendance_id: int) -> HttpResponse:
    """Turn a walk-in into a participant: the register form, pre-filled from the attendance list."""
    meeting, attendance = _walkin(request, pk, attendance_id)
    access = user_access(request.user)
    form = WalkInRegisterForm(
        request.POST or None, units=[meeting.unit], initial=_initial_from_walkin(attendance, request.user)
    )
    duplicate = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("unit")
        pnr = data.pop("personnummer")
        try:
            participant = walkin_register(
                attendance=attendance, by=request.user, organisation=access.organisation, personnummer_value=pnr, **data
            )
        except DuplicateParticipant as exc:
            form.add_error("personnummer", exc)
            duplicate = exc.existing
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been registered.") % {"name": participant.full_name})
            return redirect("participants:detail", pk=participant.pk)
    return render(
        request,
        "intake/walkin_register.html",
        {"form": form, "meeting": meeting, "attendance": attendance, "duplicate": duplicate},
    )
