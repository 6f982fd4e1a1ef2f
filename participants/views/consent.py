"""Consent: recording and withdrawing it (the releasing party only), asking for it and answering."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participants import authority
from participants.access import (
    get_owned_record,
    get_participant_for_change,
)
from participants.forms.consent import ConsentForm, ConsentRequestDeclineForm, ConsentRequestForm
from participants.models import Consent, ConsentRequest, ConsentRequestStatus
from participants.selectors.consent import open_requests
from participants.services.consent import (
    consent_record,
    consent_request_choices,
    consent_request_create,
    consent_request_decline,
    consent_withdraw,
)


def _consent_anchor(participant) -> str:
    return reverse("participants:detail", kwargs={"pk": participant.pk}) + "#consent"


def _answered_request(request: HttpRequest, participant) -> ConsentRequest | None:
    """The open consent request this form answers (`?begaran=`), if it is addressed to the user's party."""
    request_id = request.GET.get("begaran") or request.POST.get("begaran")
    if not request_id:
        return None
    found = open_requests(participant=participant).filter(
        pk=int(request_id) if str(request_id).isdigit() else 0, addressed_to=authority.organisation_of(request.user)
    ).first()
    if found is None:
        raise Http404
    return found


@login_required
def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a consent that releases the user's own organisation's data (participants/authority.py)."""
    participant = get_participant_for_change(request, pk, may=authority.may_record_consent)
    org = authority.organisation_of(request.user)
    answering = _answered_request(request, participant)
    parties = authority.receiving_parties(org, participant.unit.parties.order_by("kind", "name"))
    categories = authority.releasable_categories(org, participant)
    initial = None
    if answering is not None:
        initial = {"scopes": [f"{answering.requesting_organisation_id}:{c}" for c in answering.categories]}
    form = ConsentForm(request.POST or None, parties=parties, categories=categories, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consent_record(
            participant=participant, by=request.user, given_on=data["given_on"], method=data["method"],
            valid_until=data["valid_until"], note=data["note"], filed_as=data["filed_as"],
            scopes=form.scope_pairs(), request=answering,
        )
        messages.success(request, _("The consent has been recorded."))
        return redirect(_consent_anchor(participant))
    context = {"form": form, "participant": participant, "organisation": org, "answering": answering}
    return render(request, "participants/consent_form.html", context)


@login_required
@require_POST
def consent_withdraw_view(request: HttpRequest, pk: int, consent_id: int) -> HttpResponse:
    """Withdraw a consent: only the party whose data it released (others get a 404)."""
    participant, consent = get_owned_record(
        request, pk, Consent.objects.all(), consent_id, owner="releasing_organisation"
    )
    consent_withdraw(consent=consent, by=request.user)
    messages.success(request, _("The consent has been withdrawn. Other parties no longer see the data it covered."))
    return redirect(_consent_anchor(participant))


@login_required
def consent_request_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask another party to obtain the participant's consent for its data (a receiving party never records it)."""
    participant = get_participant_for_change(request, pk)
    choices = consent_request_choices(participant=participant, by=request.user)
    form = ConsentRequestForm(request.POST or None, choices=choices, parties=participant.unit.parties.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consent_request_create(
            participant=participant, by=request.user, addressed_to=participant.unit.parties.get(pk=data["addressed_to"]),
            categories=data["categories"], reason=data["reason"],
        )
        messages.success(request, _("Your request has been sent; the party you asked sees it on the participant's page."))
        return redirect(_consent_anchor(participant))
    return render(
        request, "participants/consent_request_form.html", {"form": form, "participant": participant, "choices": choices}
    )


@login_required
def consent_request_decline_view(request: HttpRequest, pk: int, request_id: int) -> HttpResponse:
    """Answer a consent request without recording a consent: only the party that was asked."""
    participant, consent_request = get_owned_record(
        request, pk, ConsentRequest.objects.filter(status=ConsentRequestStatus.OPEN), request_id, owner="addressed_to"
    )
    form = ConsentRequestDeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent_request_decline(request=consent_request, by=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("The request has been answered."))
        return redirect(_consent_anchor(participant))
    return render(
        request,
        "participants/consent_request_decline.html",
        {"form": form, "participant": participant, "consent_request": consent_request},
    )
