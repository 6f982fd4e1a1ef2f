"""The register: the list, registering, the participant's page, editing the core record and a category.

Every view gets its participants from participants.access (scoped, 404 outside, logged); what a
user may change is decided by participants/authority.py through the write door."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from krami.access import require_role
from krami.display import display, field_value
from krami.drafts import kept_value
from krami.models import CASEWORK_ROLES, AccessLog, DataCategory
from krami.returns import next_or, safe_next
from participants import authority, identity, personnummer
from participants.access import (
    get_participant_for_change,
    get_participant_for_user,
    log_list,
    log_read,
    visible_participants,
)
from participants.forms.register import CATEGORY_FORMS, ParticipantFilterForm, ParticipantForm, RevealForm
from participants.selectors.detail import case_page_records, participant_page
from participants.selectors.register import participants_for_list
from participants.services.identity import identity_reveal
from participants.services.register import (
    DuplicateParticipant,
    StaleEdit,
    category_update,
    participant_create,
    participant_update,
)

PAGE_SIZE = 25


STALE_EDIT_MESSAGE = gettext_lazy(
    "Someone else saved this record while you were editing it. Your changes are kept "
    "below but not saved: compare with the current record, then save again."
)


def _posted_version(request: HttpRequest) -> int:
    """The record version the form was opened at; anything unreadable counts as stale."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


def _opened_version(current: int) -> int:
    """On a GET, the record version the form is opened at: the current one, or the one a restored
    draft was typed against (krami/drafts.py), so a save made while the user was away is not lost."""
    kept = kept_value("version")
    return int(kept) if kept and kept.isdigit() else current


def saved_values(form) -> list[tuple[str, str]]:
    """(label, value as shown) for each field of a model form's instance: the saved side of a conflict."""
    meta = form.instance._meta
    return [(field.label, display(field_value(form.instance, meta.get_field(name)))) for name, field in form.fields.items()]


@login_required
@require_safe
def participant_list(request: HttpRequest) -> HttpResponse:
    access = require_role(request, CASEWORK_ROLES)
    units = access.units(*CASEWORK_ROLES)
    may_see_cj = visible_participants(request.user, DataCategory.CRIMINAL_JUSTICE).exists()
    form = ParticipantFilterForm(request.GET or None, units=units, user=request.user, criminal_justice=may_see_cj)
    qs = participants_for_list(user=request.user, filters=form.cleaned_data if form.is_valid() else {})
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    log_list(request, page.object_list)
    template = "participants/_list_results.html" if request.htmx else "participants/list.html"
    return render(request, template, {"form": form, "page": page, "units": units})


@login_required
@require_safe
def participant_search(request: HttpRequest) -> HttpResponse:
    """The header's search box (every case-work page): a name or a whole personnummer, searched as
    the list searches (the door, and the people found logged as a list read). One person found:
    their case page at once; otherwise the list with the search filled in."""
    require_role(request, CASEWORK_ROLES)
    q = request.GET.get("q", "").strip()
    if q:
        found = list(participants_for_list(user=request.user, filters={"q": q})[:2])
        if len(found) == 1:
            log_list(request, found)
            return redirect("participants:detail", pk=found[0].pk)
    return redirect(reverse("participants:list") + (f"?{urlencode({'q': q})}" if q else ""))


@login_required
def participant_create_view(request: HttpRequest) -> HttpResponse:
    access = require_role(request, CASEWORK_ROLES)
    units = access.units(*CASEWORK_ROLES)
    form = ParticipantForm(request.POST or None, units=units, initial={"handler": request.user.pk})
    duplicate = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        pnr = data.pop("personnummer")
        try:
            participant = participant_create(
                unit=unit,
                organisation=access.organisation,
                by=request.user,
                personnummer_value=pnr,
                **data,
            )
        except DuplicateParticipant as exc:
            form.add_error("personnummer", exc)
            duplicate = exc.existing
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s has been registered.") % {"name": identity.shown_name(participant, request.user)})
            return redirect("participants:detail", pk=participant.pk)
    return render(request, "participants/form.html", {"form": form, "duplicate": duplicate, "creating": True})


@login_required
@require_safe
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request, pk, queryset=case_page_records(request.user))
    return render(request, "participants/detail.html", participant_page(user=request.user, participant=participant))


def _reveal_page(request: HttpRequest, participant, partial: str, **shown) -> HttpResponse:
    """The answer to a reveal: the partial for htmx, else the whole participant page."""
    if request.htmx:
        return render(request, partial, {"participant": participant, **shown})
    return render(request, "participants/detail.html", participant_page(user=request.user, participant=participant, **shown))


@login_required
@require_POST
def reveal_personnummer(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the whole personnummer: an explicit action, logged as such, never in a URL. Of a protected
    identity the user may not see (participants/identity.py) only with a reason, kept in the audit."""
    participant = get_participant_for_user(request, pk, log=False, queryset=case_page_records(request.user))
    if not identity.may_see_identity(request.user, participant):
        form = RevealForm(request.POST, auto_id="id_pnr_%s")
        if not form.is_valid():
            return _reveal_page(request, participant, "participants/_personnummer.html", pnr_reveal_form=form)
        identity_reveal(participant=participant, by=request.user, reason=form.cleaned_data["reason"], shown="personnummer")
    log_read(request, participant, action=AccessLog.Action.REVEAL_PERSONNUMMER)
    full = personnummer.display(personnummer.decrypt(participant.personnummer_encrypted))
    return _reveal_page(request, participant, "participants/_personnummer.html", full_personnummer=full)


@login_required
@require_POST
def reveal_identity(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a protected identity's name and contact details to someone who may not see them without
    asking: like the personnummer, an explicit action with a reason, logged (docs/access.md)."""
    participant = get_participant_for_user(request, pk, log=False, queryset=case_page_records(request.user))
    form = RevealForm(request.POST, auto_id="id_reveal_%s")
    if not form.is_valid():
        return _reveal_page(request, participant, "participants/_identity_reveal.html", reveal_form=form)
    identity_reveal(participant=participant, by=request.user, reason=form.cleaned_data["reason"], shown="name")
    log_read(request, participant, action=AccessLog.Action.REVEAL_IDENTITY)
    return _reveal_page(request, participant, "participants/_identity_reveal.html", revealed_identity=True)


@login_required
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the core record, personnummer included: only the owning organisation (others get a 404).

    With `?next=` (a blocked step of the case page, the assessment form) it returns there after
    saving (krami/returns.py)."""
    participant = get_participant_for_change(request, pk, may=authority.owns_core)
    units = [participant.unit]
    conflict = None
    if request.method == "POST":
        form = ParticipantForm(request.POST, instance=participant, units=units)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in {"unit", "personnummer"}}
            try:
                participant_update(
                    participant=participant,
                    by=request.user,
                    expected_version=_posted_version(request),
                    personnummer_value=form.cleaned_data.get("personnummer"),
                    **data,
                )
            except StaleEdit as exc:
                conflict = exc.current
                form.add_error(None, STALE_EDIT_MESSAGE)
            except DuplicateParticipant as exc:
                form.add_error("personnummer", exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect(next_or(request, reverse("participants:detail", kwargs={"pk": participant.pk})))
    else:
        form = ParticipantForm(instance=participant, units=units)
    if conflict:
        version = conflict.version
    else:
        version = _posted_version(request) if request.method == "POST" else _opened_version(participant.version)
    return render(
        request,
        "participants/form.html",
        {
            "form": form, "participant": participant, "version": version, "conflict": conflict,
            "return_to": safe_next(request),
        },
    )


@login_required
def category_edit(request: HttpRequest, pk: int, category: str) -> HttpResponse:
    """Edit one category's data (criminal justice, social services, labour market): only its owner.
    Returns to a safe `?next=` after saving, as `participant_edit`."""
    if category not in CATEGORY_FORMS:
        raise Http404
    participant = get_participant_for_change(
        request, pk, may=lambda user, p: authority.may_change_category(user, p, category)
    )
    attr, form_class = CATEGORY_FORMS[category]
    form = form_class(request.POST or None, instance=getattr(participant, attr))
    version = _opened_version(form.instance.version)
    conflict = None
    if request.method == "POST":
        version = _posted_version(request)
        if form.is_valid():
            try:
                category_update(
                    participant=participant, category=category, form=form, by=request.user, expected_version=version
                )
            except StaleEdit as exc:
                conflict = saved_values(form_class(instance=exc.current))
                version = exc.current.version
                form.add_error(None, STALE_EDIT_MESSAGE)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect(next_or(request, reverse("participants:detail", kwargs={"pk": participant.pk})))
    return render(
        request,
        "participants/category_form.html",
        {
            "form": form,
            "participant": participant,
            "category_label": DataCategory(category).label,
            "version": version,
            "conflict": conflict,
            "return_to": safe_next(request),
        },
    )
