"""Merging two parties' records of one person: propose, answer (merge or not), withdraw.

Both records are reached through the write door (participants.access.get_pair_for_merge,
get_merge_for_user); who may act is decided in participants/authority.py, and why a merge cannot
happen now in participants/merging.py (docs/access.md, "Merging two records of one person").
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participants import authority
from participants.access import get_merge_for_user, get_pair_for_merge
from participants.forms.register import MergeAnswerForm, MergeProposeForm
from participants.selectors.merge import merge_comparison
from participants.services.merge import MergeRefused, merge_confirm, merge_decline, merge_propose, merge_withdraw


def _render(request, participant, other, form, *, proposal=None) -> HttpResponse:
    context = {
        "participant": participant,
        "other": other,
        "form": form,
        "proposal": proposal,
        "comparison": merge_comparison(user=request.user, participant=participant, other=other),
    }
    return render(request, "participants/merge.html", context)


@login_required
def merge_propose_view(request: HttpRequest, pk: int, other_pk: int) -> HttpResponse:
    """The owner of record `pk` proposes merging another party's record `other_pk` of the same person with it."""
    participant, other = get_pair_for_merge(request, pk, other_pk, may=authority.may_propose_merge)
    form = MergeProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            merge_propose(participant=participant, other=other, by=request.user, note=form.cleaned_data["note"])
        except MergeRefused as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The merge has been proposed; the other organisation answers it."))
            return redirect("participants:detail", pk=participant.pk)
    return _render(request, participant, other, form)


@login_required
def merge_answer_view(request: HttpRequest, pk: int, proposal_id: int) -> HttpResponse:
    """The owner who did not propose answers for its record `pk`: merge the two records, or not (and why)."""
    participant, other, proposal = get_merge_for_user(request, pk, proposal_id, may=authority.may_answer_merge)
    form = MergeAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        if form.cleaned_data["decision"] == MergeAnswerForm.DECLINE:
            merge_decline(proposal=proposal, participant=participant, by=request.user, note=note)
            messages.success(request, _("The records stay apart; the other organisation sees your answer."))
            return redirect("participants:detail", pk=participant.pk)
        try:
            kept = merge_confirm(proposal=proposal, participant=participant, by=request.user, note=note)
        except MergeRefused as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The two records are now one: %(reference)s.") % {"reference": kept.reference})
            return redirect("participants:detail", pk=kept.pk)
    return _render(request, participant, other, form, proposal=proposal)


@login_required
@require_POST
def merge_withdraw_view(request: HttpRequest, pk: int, proposal_id: int) -> HttpResponse:
    """The proposing party takes its proposal back."""
    participant, _other, proposal = get_merge_for_user(request, pk, proposal_id, may=authority.may_withdraw_merge)
    merge_withdraw(proposal=proposal, participant=participant, by=request.user)
    messages.success(request, _("The proposal to merge has been withdrawn."))
    return redirect("participants:detail", pk=participant.pk)
