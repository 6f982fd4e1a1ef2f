"""Unit-level intake pages: the overview, the priority queue, follow-ups due."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from intake.access import casework_unit
from intake.models import FollowUp
from intake.selectors.overview import unit_overview
from intake.selectors.queue import queue_for_unit
from krami.access import require_role
from krami.models import CASEWORK_ROLES
from participants.access import log_list, visible_participants

LIST_LIMIT = 15


@login_required
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    """Each of the user's units: this week's meeting, the intake pipeline, and links to the lists."""
    access = require_role(request, CASEWORK_ROLES)
    rows, shown = unit_overview(user=request.user, units=access.units(*CASEWORK_ROLES), on=timezone.localdate(), limit=LIST_LIMIT)
    log_list(request, shown)
    return render(request, "intake/overview.html", {"rows": rows, "limit": LIST_LIMIT})


@login_required
@require_safe
def queue(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = casework_unit(request, unit_id)
    page = queue_for_unit(unit=unit, user=request.user, on=timezone.localdate())
    log_list(request, page.visible_participants)
    return render(request, "intake/queue.html", {"unit": unit, "page": page})


@login_required
@require_safe
def followups(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Follow-ups not yet recorded, due within 30 days or overdue (all open ones with ?all=1)."""
    unit = casework_unit(request, unit_id)
    today = timezone.localdate()
    show_all = request.GET.get("all") == "1"
    rows = FollowUp.objects.filter(
        result="", episode__participant__in=visible_participants(request.user).filter(unit=unit)
    ).select_related("episode__participant__handler")
    if not show_all:
        rows = rows.filter(due_on__lte=today + timedelta(days=30))
    page = Paginator(rows.order_by("due_on", "pk"), 25).get_page(request.GET.get("page"))
    log_list(request, [f.episode.participant for f in page.object_list])
    return render(
        request, "intake/followups.html", {"unit": unit, "page": page, "show_all": show_all, "today": today}
    )
