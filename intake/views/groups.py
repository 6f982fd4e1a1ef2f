"""Group starts of the guidance course: the list, a new group, members, sessions, attendance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from intake.access import casework_unit, get_group_for_user
from intake.forms import GroupForm, SessionAttendanceForm, SessionForm
from intake.models import AttendanceStatus, GroupSession, GuidanceGroup, SessionAttendance
from intake.selectors.groups import group_members, with_places_taken
from intake.services.groups import group_create, session_add, session_attendance_save
from intake.views import apply_errors
from krami.returns import next_or, safe_next
from participants.access import log_list


@login_required
@require_safe
def groups(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = casework_unit(request, unit_id)
    qs = with_places_taken(GuidanceGroup.objects.filter(unit=unit)).order_by("-starts_on", "name")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "intake/groups.html", {"unit": unit, "page": page, "today": timezone.localdate()})


@login_required
def group_create_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    """A new group start; from a start form (`?next=`), back to it once saved (krami/returns.py)."""
    unit = casework_unit(request, unit_id)
    form = GroupForm(request.POST or None, initial={"capacity": 6, "starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            group = group_create(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The group has been created."))
            return redirect(next_or(request, reverse("intake:group_detail", kwargs={"pk": group.pk})))
    return render(request, "intake/group_form.html", {"unit": unit, "form": form, "return_to": safe_next(request)})


def _render_group(request, group, *, session_form=None) -> HttpResponse:
    members, hidden, taken = group_members(user=request.user, group=group)
    group.taken = taken  # the places read as everywhere else (intake/places.py)
    log_list(request, [e.participant for e in members])
    sessions = group.sessions.annotate(
        present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
        recorded=Count("attendance"),
    )
    context = {
        "group": group,
        "unit": group.unit,
        "members": members,
        "hidden": hidden,
        "taken": taken,
        "sessions": sessions,
        "session_form": session_form or SessionForm(),
        "status": group.status_on(timezone.localdate()),
    }
    return render(request, "intake/group_detail.html", context)


@login_required
@require_safe
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_group(request, get_group_for_user(request, pk))


@login_required
@require_POST
def session_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_user(request, pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        session_add(group=group, by=request.user, **form.cleaned_data)
        messages.success(request, _("The session has been added."))
        return redirect("intake:group_detail", pk=group.pk)
    return _render_group(request, group, session_form=form)


@login_required
def session_attendance(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    group = get_group_for_user(request, pk)
    session = get_object_or_404(GroupSession, pk=session_id, group=group)
    members, hidden, _taken = group_members(user=request.user, group=group)
    log_list(request, [e.participant for e in members])
    current = dict(SessionAttendance.objects.filter(session=session).values_list("episode_id", "status"))
    form = SessionAttendanceForm(request.POST or None, members=members, current=current, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session_attendance_save(session=session, by=request.user, statuses=form.statuses())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The attendance has been saved."))
            return redirect("intake:group_detail", pk=group.pk)
    return render(
        request,
        "intake/session_attendance.html",
        {"group": group, "session": session, "form": form, "hidden": hidden, "members": members},
    )
