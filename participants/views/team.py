"""The team: all of a unit's participants the user may see, by case worker; and reassignment
of a participant's case worker (handläggare)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from krami.access import get_unit_for_user, require_role
from krami.models import CASEWORK_ROLES
from participants import authority
from participants.access import get_participant_for_change, log_list
from participants.forms.programme import reassign_form
from participants.selectors.team import team_overview
from participants.services.handler import participant_reassign


@login_required
@require_safe
def team_view(request: HttpRequest) -> HttpResponse:
    access = require_role(request, CASEWORK_ROLES)
    units = access.units(*CASEWORK_ROLES)
    unit_param = request.GET.get("unit", "")
    unit = get_unit_for_user(request, int(unit_param), *CASEWORK_ROLES) if unit_param.isdigit() else units[0]
    overview = team_overview(user=request.user, unit=unit)
    log_list(request, overview.listed)
    return render(request, "participants/team.html", {"overview": overview, "unit": unit, "units": units})


@login_required
def reassign_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the case worker: a change of the core record, so only the owning organisation."""
    participant = get_participant_for_change(request, pk, may=authority.owns_core)
    form = reassign_form(participant, request.POST or None)
    if request.method == "POST" and form.is_valid():
        previous = participant.handler
        try:
            participant_reassign(
                participant=participant,
                new_handler=form.cleaned_data["new_handler"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The case worker has been changed from %(old)s to %(new)s.")
                % {
                    "old": previous.get_full_name() or previous.get_username(),
                    "new": participant.handler.get_full_name() or participant.handler.get_username(),
                },
            )
            return redirect(reverse("participants:detail", kwargs={"pk": participant.pk}) + "#case-worker")
    return render(request, "participants/reassign_form.html", {"participant": participant, "form": form})
