"""Import of an existing register: upload, the report (dry run) with its progress, apply, discard.

For the unit coordinator (samordnare) only, and only their organisation's imports; anyone else
gets 404 (intake/access.py::imports_for_user).
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from intake.access import get_import_for_user, imports_for_user
from intake.models import ApplyProblem, ImportStatus, RegisterImportProgress, RowOutcome
from intake.registerimport import services
from intake.registerimport.columns import COLUMNS
from intake.registerimport.forms import UploadForm
from intake.registerimport.parse import EMPTY_RUN, MAX_ROWS
from intake.registerimport.template import CHOICES, template_response
from intake.views import apply_errors
from krami.access import require_role
from krami.models import Role

logger = logging.getLogger(__name__)
ROWS_PER_PAGE = 100


@login_required
def imports(request: HttpRequest) -> HttpResponse:
    """The upload form and the import history of the coordinator's units (their organisation's)."""
    access = require_role(request, [Role.SAMORDNARE])
    units = access.units(Role.SAMORDNARE)
    form = UploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            register_import = services.import_upload(
                unit=form.cleaned_data["unit"], by=request.user, file_name=upload.name, content=upload.read()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("intake:import_detail", pk=register_import.pk)
    history = imports_for_user(request.user).select_related("unit", "uploaded_by")
    page = Paginator(history, 25).get_page(request.GET.get("page"))
    return render(
        request, "intake/imports.html",
        {"form": form, "page": page, "columns": COLUMNS, "choices": CHOICES, "max_rows": MAX_ROWS, "empty_run": EMPTY_RUN},
    )


@login_required
@require_safe
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    require_role(request, [Role.SAMORDNARE])
    if fmt not in ("csv", "xlsx"):
        raise Http404
    return template_response(fmt)


@login_required
@require_safe
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report: what each row would do (or did), errors by row and column, totals; progress while checking."""
    register_import = get_import_for_user(request, pk)
    errors_only = request.GET.get("visa") == "fel"
    rows = register_import.rows.all()
    if errors_only:
        rows = rows.filter(outcome=RowOutcome.ERROR)
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    progress = RegisterImportProgress.objects.filter(register_import=register_import).first()
    return render(
        request, "intake/import_detail.html",
        {"imp": register_import, "page": page, "errors_only": errors_only, "unit": register_import.unit,
         "progress": progress},
    )


@login_required
@require_POST
def import_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check the next chunk of rows. htmx asks again until done; without JS a button does the same."""
    register_import = services.import_check_next(register_import=get_import_for_user(request, pk), by=request.user)
    if request.htmx:
        if register_import.is_open and register_import.rows_checked < register_import.rows_total:
            return render(request, "intake/_import_progress.html", {"imp": register_import})
        return HttpResponseClientRedirect(reverse("intake:import_detail", args=[register_import.pk]))
    return redirect("intake:import_detail", pk=register_import.pk)


@login_required
@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the import. On PostgreSQL it runs in the background and the report shows its progress;
    on SQLite it runs here and the report shows the result."""
    register_import = get_import_for_user(request, pk)
    try:
        background = services.import_apply_launch(register_import=register_import, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except DatabaseError:
        logger.exception("register import %s failed", register_import.pk)
        register_import.refresh_from_db()
        if not register_import.apply_problem:  # it failed before the import began; else the report says why
            messages.error(request, ApplyProblem.FAILED.label)
    else:
        register_import.refresh_from_db()
        if background:
            messages.info(request, _("The import has started. You can leave this page; the import goes on, "
                                     "and this page shows the result when it is done."))
        elif register_import.status == ImportStatus.APPLIED:
            messages.success(request, _("The register has been imported. The uploaded file has been deleted."))
    return redirect("intake:import_detail", pk=register_import.pk)


@login_required
@require_safe
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """How far the running import has come: htmx asks every few seconds while it runs and is sent
    to the report once it is done; without htmx this is the report."""
    register_import = get_import_for_user(request, pk)
    if not request.htmx:
        return redirect("intake:import_detail", pk=register_import.pk)
    if register_import.status == ImportStatus.APPLYING:
        progress = RegisterImportProgress.objects.filter(register_import=register_import).first()
        return render(request, "intake/_import_applying.html", {"imp": register_import, "progress": progress})
    return HttpResponseClientRedirect(reverse("intake:import_detail", args=[register_import.pk]))


@login_required
@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    register_import = get_import_for_user(request, pk)
    try:
        services.import_discard(register_import=register_import, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The import has been discarded and the uploaded file deleted."))
    return redirect("intake:imports")
