"""The printable agreement, the side-by-side comparison and the change history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from agreements.access import get_agreement_for_user, visible_agreements
from agreements.forms.actions import CompareForm
from agreements.history import agreement_history
from agreements.pdf import agreement_pdf, pdf_filename
from agreements.selectors import agreement_with_parts, previous_agreement
from agreements.summary import compare as compare_agreements


@login_required
@require_safe
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk, queryset=agreement_with_parts(visible_agreements(request.user)))
    response = HttpResponse(agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(agreement)}"'
    return response


@login_required
@require_safe
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """This agreement beside another of the same unit (default: the one it was copied from)."""
    visible = agreement_with_parts(visible_agreements(request.user))
    agreement = get_agreement_for_user(request, pk, queryset=visible)
    form = CompareForm(request.GET or None, agreement=agreement)
    other = form.cleaned_data["other"] if form.is_valid() else (agreement.copied_from or previous_agreement(agreement))
    rows = []
    if other is not None:
        other = visible.get(pk=other.pk)
        form = CompareForm(initial={"other": other.pk}, agreement=agreement)
        rows = compare_agreements(other, agreement)
    only_changes = request.GET.get("andrade") == "1"
    if only_changes:
        rows = [(title, changed) for title, section in rows if (changed := [r for r in section if r.changed])]
    return render(
        request,
        "agreements/compare.html",
        {"agreement": agreement, "other": other, "form": form, "sections": rows, "only_changes": only_changes},
    )


@login_required
@require_safe
def history(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request, pk)
    return render(request, "agreements/history.html", {"agreement": agreement, "changes": agreement_history(agreement)})
