"""The agreement list, the summary page, section edits and the status changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agreements.access import EDIT_ROLES, READ_ROLES, RULES_ROLES, get_agreement_for_user, visible_agreements
from agreements.activation import activation_review
from agreements.forms.actions import ActivateForm, CreateAgreementForm, EndForm, TerminateForm
from agreements.forms.sections import SECTIONS
from agreements.models import Agreement, AgreementStatus
from agreements.selectors import agreement_staffing_warnings, agreement_with_parts, current_agreement, next_agreement
from agreements.services.agreement import (
    activation_problems,
    agreement_activate,
    agreement_create,
    agreement_delete_draft,
    agreement_end,
    agreement_save_section,
    agreement_terminate,
)
from agreements.services.copy import agreement_copy, next_period
from agreements.summary import describe
from krami.access import get_unit_for_user, require_role


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_safe
def agreement_list(request: HttpRequest) -> HttpResponse:
    access = require_role(request, RULES_ROLES)
    agreements = visible_agreements(request.user).select_related("unit").order_by("unit__name", "-period_start")
    read_units = access.unit_ids(*READ_ROLES)
    units = [
        {
            "unit": unit,
            "can_read": unit.pk in read_units,
            "can_edit": unit.pk in access.unit_ids(*EDIT_ROLES),
            "agreements": [a for a in agreements if a.unit_id == unit.pk],
        }
        for unit in access.units(*RULES_ROLES)
    ]
    return render(request, "agreements/list.html", {"units": units, "today": timezone.localdate()})


@login_required
def agreement_create_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request, unit_id, *EDIT_ROLES)
    year = timezone.localdate().year + 1
    form = CreateAgreementForm(
        request.POST or None,
        unit=unit,
        initial={
            "title": _("Local agreement for %(unit)s %(year)s") % {"unit": unit.name, "year": year},
            "period_start": f"{year}-01-01",
            "period_end": f"{year}-12-31",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = agreement_create(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The draft has been created. Fill in each section, then activate it."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/create.html", {"form": form, "unit": unit})


@login_required
@require_safe
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, queryset=agreement_with_parts(visible_agreements(request.user)))
    today = timezone.localdate()
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "sections": describe(agreement),
            "editable_sections": set(SECTIONS) if agreement.can_edit and agreement.is_editable else set(),
            "warnings": agreement_staffing_warnings(agreement),
            "problems": activation_problems(agreement) if agreement.status == AgreementStatus.DRAFT else [],
            "next": next_agreement(agreement),
            "next_period": next_period(agreement),
            "late_notice": agreement.terminated_on and agreement.terminated_on > agreement.notice_deadline,
            "in_force_today": agreement.in_force_on(today),
            "today": today,
        },
    )


@login_required
def section_edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    if section not in SECTIONS:
        raise Http404
    agreement = get_agreement_for_user(request, pk, edit=True)
    if not agreement.is_editable:
        messages.error(request, _("An ended agreement can no longer be changed."))
        return redirect("agreements:detail", pk=agreement.pk)
    if request.method == "POST" and request.POST.get("add_row"):
        # "Add a row" without JavaScript: the same page with one more empty line, nothing saved.
        bundle = SECTIONS[section](agreement, request.POST.copy())
        bundle.add_row(request.POST["add_row"])
        return render(request, "agreements/section_form.html", {"agreement": agreement, "section": bundle})
    bundle = SECTIONS[section](agreement, request.POST or None)
    if request.method == "POST" and bundle.is_valid():
        try:
            agreement_save_section(agreement=agreement, section=bundle, by=request.user)
        except ValidationError as exc:
            _add_errors(bundle.parts[0].form or bundle.parts[0].formset.forms[0], exc)
        else:
            messages.success(request, _("“%(section)s” has been saved.") % {"section": bundle.title})
            return redirect(reverse("agreements:detail", kwargs={"pk": agreement.pk}) + f"#section-{section}")
    return render(request, "agreements/section_form.html", {"agreement": agreement, "section": bundle})


@login_required
def activate(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, edit=True)
    if agreement.status != AgreementStatus.DRAFT:
        messages.error(request, _("Only a draft can be activated."))
        return redirect("agreements:detail", pk=agreement.pk)
    form = ActivateForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("title", "period_start", "period_end")}
        try:
            agreement_activate(agreement=agreement, by=request.user, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The agreement is active. Intake and reports now use its rules and targets."))
            return redirect("agreements:detail", pk=agreement.pk)
    review = activation_review(agreement, today=timezone.localdate())
    return render(request, "agreements/activate.html", {"agreement": agreement, "form": form, "review": review})


@login_required
def terminate(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, edit=True)
    form = TerminateForm(request.POST or None, agreement=agreement)
    if agreement.status != AgreementStatus.ACTIVE:
        messages.error(request, _("Only an active agreement can be terminated."))
        return redirect("agreements:detail", pk=agreement.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agreement = agreement_terminate(
            agreement=agreement, notice_given_on=data["notice_given_on"], party=data["party"], reason=data["reason"],
            by=request.user,
        )
        messages.success(request, _("The notice has been recorded. The agreement runs until %(end)s.") % {
            "end": f"{agreement.period_end:%Y-%m-%d}"})
        return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/terminate.html", {"agreement": agreement, "form": form})


@login_required
def end(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, edit=True)
    if agreement.status not in (AgreementStatus.ACTIVE, AgreementStatus.TERMINATED):
        messages.error(request, _("Only an agreement in force can be ended."))
        return redirect("agreements:detail", pk=agreement.pk)
    form = EndForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        agreement_end(agreement=agreement, ended_on=form.cleaned_data["ended_on"], by=request.user)
        messages.success(request, _("The agreement has been ended and is kept as it was."))
        return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/end.html", {"agreement": agreement, "form": form})


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, edit=True)
    if agreement.status != AgreementStatus.DRAFT:
        messages.error(request, _("Only a draft can be deleted."))
        return redirect("agreements:detail", pk=agreement.pk)
    if request.method == "POST":
        agreement_delete_draft(agreement=agreement, by=request.user)
        messages.success(request, _("The draft has been deleted."))
        return redirect("agreements:list")
    return render(request, "agreements/delete.html", {"agreement": agreement})


@login_required
@require_POST
def copy(request: HttpRequest, pk: int) -> HttpResponse:
    """"Copy to next year": a draft with the same content for the next period."""
    agreement = get_agreement_for_user(request, pk, edit=True)
    try:
        new = agreement_copy(agreement=agreement, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("agreements:detail", pk=agreement.pk)
    messages.success(request, _("A draft for %(period)s has been made from %(title)s. Change what is new, then activate it.") % {
        "period": new.period_label, "title": agreement.title})
    return redirect("agreements:detail", pk=new.pk)


@login_required
@require_safe
def rules(request: HttpRequest, unit_id: int) -> HttpResponse:
    """What case workers work by: the targets, eligibility, priority order, starts and drug policy in force today."""
    unit = get_unit_for_user(request, unit_id, *RULES_ROLES)
    today = timezone.localdate()
    agreement = current_agreement(unit=unit, on=today)
    sections = []
    if agreement is not None:
        agreement = agreement_with_parts(Agreement.objects.filter(pk=agreement.pk)).get()
        wanted = {"targets", "eligibility", "priority", "drug_policy"}
        sections = [s for s in describe(agreement) if s.slug in wanted]
    return render(request, "agreements/rules.html", {"unit": unit, "agreement": agreement, "sections": sections, "today": today})
