""""Att göra" (issue 16, item 3): what is due for the user, with filters; for coordinators the overdue
items per case worker. Everything comes from `intake.selectors.todo` (the access door's querysets)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from intake.forms import TodoFilterForm
from intake.selectors.todo import KIND_LABELS, Scope, overdue_by_case_worker, todo_list
from krami.access import require_role
from krami.models import CASEWORK_ROLES
from participants.access import log_list


@login_required
@require_safe
def todo_page(request: HttpRequest) -> HttpResponse:
    require_role(request, CASEWORK_ROLES)
    form = TodoFilterForm(request.GET or None, kinds=KIND_LABELS)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = timezone.localdate()
    todo = todo_list(
        user=request.user, on=today, scope=data.get("scope") or Scope.MINE, window=data.get("window"),
        kinds=[data["kind"]] if data.get("kind") else None,
    )
    log_list(request, todo.people)
    return render(
        request, "intake/todo.html",
        {"form": form, "todo": todo, "today": today, "overdue_rows": overdue_by_case_worker(user=request.user, on=today)},
    )
