"""The register of extract requests (registerutdrag): the unit's list, a request received, its steps.

The coordinator records a request from the participant's register extract page; the write door
(`participants.access`, with `authority.may_handle_extract_requests`) refuses everyone else with
a 404 before anything is logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from intake.views import apply_errors
from krami.access import get_unit_for_user
from krami.models import Role
from participants import authority
from participants.access import get_owned_record, get_participant_for_change, log_list
from privacy.forms import ExtractRequestForm, ExtractRequestStepsForm
from privacy.selectors.requests import RequestRow, next_step, request_status, requests_for_user, unit_register
from privacy.services.requests import STEP_FIELDS, extract_request_record, extract_request_update


@login_required
@require_safe
def request_list(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The unit's register: open requests by deadline, then the latest handed over."""
    unit = get_unit_for_user(request, unit_id, Role.SAMORDNARE)
    register = unit_register(user=request.user, unit=unit, today=timezone.localdate())
    log_list(request, [row.request.participant for row in [*register.open, *register.answered] if row.visible])
    return render(request, "privacy/requests.html", {"unit": unit, "register": register})


@login_required
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_change(request, pk, may=authority.may_handle_extract_requests)
    organisation = authority.organisation_of(request.user)
    form = ExtractRequestForm(
        request.POST or None, unit=participant.unit, organisation=organisation,
        initial={"received_on": timezone.localdate(), "handled_by": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = extract_request_record(participant=participant, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The request has been registered. Answer it by %(deadline)s.") % {
                "deadline": f"{created.deadline:%Y-%m-%d}"})
            return redirect("privacy:extract_request", pk=participant.pk, request_id=created.pk)
    return render(request, "privacy/request_form.html", {"participant": participant, "form": form})


@login_required
def request_detail(request: HttpRequest, pk: int, request_id: int) -> HttpResponse:
    """One request: its deadline and status, and the form for its steps until it is handed over."""
    participant, extract_request = get_owned_record(
        request, pk, requests_for_user(request.user), request_id, owner="organisation"
    )
    initial = {field: getattr(extract_request, field) for field in STEP_FIELDS} | {"handled_by": extract_request.handled_by_id}
    form = ExtractRequestStepsForm(request.POST or None, request=extract_request, initial=initial)
    if request.method == "POST" and not extract_request.is_open:
        messages.error(request, _("This request has been handed over and is closed."))
        return redirect("privacy:extract_request", pk=participant.pk, request_id=extract_request.pk)
    if request.method == "POST" and form.is_valid():
        try:
            extract_request_update(request=extract_request, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The request has been updated."))
            return redirect("privacy:extract_requests", unit_id=extract_request.unit_id)
    today = timezone.localdate()
    row = RequestRow(request=extract_request, status=request_status(extract_request, today=today),
                     days_left=(extract_request.deadline - today).days, visible=True)
    return render(
        request, "privacy/request_detail.html",
        {"participant": participant, "row": row, "form": form, "step": next_step(extract_request)},
    )
