"""Views of the access-log review (loggkontroll): the month's review, checking a flagged read, the sign-off."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from krami.access import get_unit_for_user
from krami.models import AccessLog, Role
from privacy.forms import FlaggedReadCheckForm, SignOffForm
from privacy.models import LogReview
from privacy.selectors.review import FLAG_LABELS, RECORD_READS, month_review, next_month, review_page_rows
from privacy.services.review import flagged_read_check, log_review_sign_off

FLAGGED_SHOWN = 200


def _month(value: str | None) -> date:
    """`YYYY-MM` from the query string; otherwise the previous month (the one to review now)."""
    try:
        return datetime.strptime(value or "", "%Y-%m").date().replace(day=1)
    except ValueError:
        this_month = timezone.localdate().replace(day=1)
        return date(this_month.year - (this_month.month == 1), (this_month.month - 2) % 12 + 1, 1)


def _review_url(unit_id: int, month: date) -> str:
    return reverse("privacy:log_review", kwargs={"unit_id": unit_id}) + f"?month={month:%Y-%m}"


@login_required
@require_safe
def log_review(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The coordinator's monthly review: flag counts, the random sample, flagged reads and their checks, sign-off."""
    unit = get_unit_for_user(request, unit_id, Role.SAMORDNARE)
    return _render_review(request, unit, _month(request.GET.get("month")), SignOffForm())


def _render_review(request: HttpRequest, unit, month: date, form: SignOffForm, *, status: int = 200) -> HttpResponse:
    signed = LogReview.objects.filter(unit=unit, month=month).select_related("signed_off_by").first()
    review = month_review(unit=unit, month=month, sample_ids=signed.sample_ids if signed else None)
    sample, flagged, checked = review_page_rows(user=request.user, review=review, limit=FLAGGED_SHOWN)
    previous = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    return render(
        request,
        "privacy/log_review.html",
        {
            "unit": unit,
            "review": review,
            "signed": signed,
            "flag_counts": [(FLAG_LABELS[k], n) for k, n in review.counts.items()],
            "sample": sample,
            "flagged": flagged,
            "flagged_total": len(review.flagged),
            "checked": checked,
            "may_check": signed is None,
            "check_form": FlaggedReadCheckForm(),
            "form": form,
            "previous_url": _review_url(unit.pk, previous),
            "next_url": _review_url(unit.pk, next_month(month)) if next_month(month) <= timezone.localdate() else "",
        },
        status=status,
    )


@login_required
@require_POST
def log_review_check_view(request: HttpRequest, unit_id: int, log_id: int) -> HttpResponse:
    """Mark one flagged read as checked, with what the coordinator found (append-only)."""
    unit = get_unit_for_user(request, unit_id, Role.SAMORDNARE)
    log = AccessLog.objects.filter(pk=log_id, unit=unit, action__in=RECORD_READS).first()
    if log is None:
        raise Http404
    month = timezone.localtime(log.at).date().replace(day=1)
    form = FlaggedReadCheckForm(request.POST)
    if form.is_valid():
        try:
            flagged_read_check(unit=unit, log=log, by=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The read of %(reference)s is marked as checked.") % {"reference": log.participant_reference})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(_review_url(unit.pk, month) + f"#read-{log.pk}")


@login_required
@require_POST
def log_review_sign_off_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_unit_for_user(request, unit_id, Role.SAMORDNARE)
    month = _month(request.POST.get("month"))
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            log_review_sign_off(unit=unit, month=month, by=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The review of %(month)s is signed off.") % {"month": f"{month:%Y-%m}"})
            return redirect(_review_url(unit.pk, month))
    # Back to the review with the message beside the comment, and the comment kept.
    return _render_review(request, unit, month, form)
