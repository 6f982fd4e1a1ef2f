"""The employer register: list with search, create, edit, and an employer's placements.

Employers belong to a unit's register (404 outside the user's units). An employer's page
lists placements only of participants the user may see, and logs that list as a read.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from krami.access import require_role
from krami.models import CASEWORK_ROLES
from participants.access import log_list
from participants.forms.programme import EmployerFilterForm, EmployerForm
from participants.selectors.employers import employer_placements, get_employer_for_user, search_employers
from participants.services.employers import employer_create, employer_update

PAGE_SIZE = 25


@login_required
@require_safe
def employer_list(request: HttpRequest) -> HttpResponse:
    access = require_role(request, CASEWORK_ROLES)
    units = access.units(*CASEWORK_ROLES)
    form = EmployerFilterForm(request.GET or None, units=units)
    q, unit_id = "", None
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        unit_id = int(form.cleaned_data["unit"]) if form.cleaned_data.get("unit") else None
    page = Paginator(search_employers(user=request.user, q=q, unit_id=unit_id), PAGE_SIZE).get_page(request.GET.get("page"))
    template = "participants/employers/_results.html" if request.htmx else "participants/employers/list.html"
    return render(request, template, {"form": form, "page": page, "units": units})


@login_required
def employer_create_view(request: HttpRequest) -> HttpResponse:
    access = require_role(request, CASEWORK_ROLES)
    units = access.units(*CASEWORK_ROLES)
    form = EmployerForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit", None) or units[0]
        try:
            employer = employer_create(unit=unit, by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s has been added to the employer register.") % {"name": employer.name})
            return redirect("participants:employer_detail", employer_id=employer.pk)
    return render(request, "participants/employers/form.html", {"form": form, "creating": True})


@login_required
def employer_edit(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = get_employer_for_user(request, employer_id)
    units = [employer.unit]
    form = EmployerForm(request.POST or None, instance=employer, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            employer_update(employer=employer, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("participants:employer_detail", employer_id=employer.pk)
    return render(request, "participants/employers/form.html", {"form": form, "employer": employer})


@login_required
@require_safe
def employer_detail(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = get_employer_for_user(request, employer_id)
    placements = employer_placements(user=request.user, employer=employer)
    log_list(request, placements.participants)
    return render(request, "participants/employers/detail.html", {"employer": employer, "placements": placements})
