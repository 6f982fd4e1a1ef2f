"""The register: the list, registering, the participant's page, editing the core record and a category.

Every view gets its participants from participants.access (scoped, 404 outside, logged); what a
user may change is decided by participants/authority.py through the write door."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from krami.access import require_role
from krami.display import display, field_value
from krami.models import CASEWORK_ROLES, AccessLog, DataCategory
from participants import authority, personnummer
from participants.access import (
    get_participant_for_change,
    get_participant_for_user,
    log_list,
    visible_notes,
    visible_participants,
)
from participants.forms.register import CATEGORY_FORMS, ParticipantFilterForm, ParticipantForm
from participants.models import JournalNoteRevision, Participant
from participants.selectors.consent import consents_of, open_requests
from participants.selectors.detail import programme_context
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


def saved_values(form) -> list[tuple[str, str]]:
    """(label, value as shown) for each field of a model form's instance: the saved side of a conflict."""
    meta = form.instance._meta
    return [(field.label, display(field_value(form.instance, meta.get_field(name)))) for name, field in form.fields.items()]


DATE_FILTERS = {
    "registered_from": "created_at__date__gte",
    "registered_to": "created_at__date__lte",
    "phase_since_from": "phase_since__gte",
    "phase_since_to": "phase_since__lte",
}


def _apply_filters(qs, form: ParticipantFilterForm, user):
    data = form.cleaned_data
    q = (data.get("q") or "").strip()
    if q:
        try:
            pnr = personnummer.parse(q)
        except ValidationError:
            for term in q.split():
                qs = qs.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term))
        else:
            qs = qs.filter(personnummer_hash=personnummer.lookup_hash(pnr.digits))
    if data.get("phase"):
        qs = qs.filter(phase=data["phase"])
    if data.get("handler") == "me":
        qs = qs.filter(handler=user)
    elif data.get("handler"):
        qs = qs.filter(handler_id=int(data["handler"]))
    if data.get("referral_source"):
        qs = qs.filter(referral_source=data["referral_source"])
    if data.get("cj_status"):
        # Only among participants whose criminal-justice data the user may see: never a leak.
        qs = qs.filter(
            pk__in=visible_participants(user, DataCategory.CRIMINAL_JUSTICE).values("pk"),
            criminal_justice__status=data["cj_status"],
        )
    for name, lookup in DATE_FILTERS.items():
        if data.get(name):
            qs = qs.filter(**{lookup: data[name]})
    if data.get("gender"):
        qs = qs.filter(gender=data["gender"])
    if data.get("municipality"):
        qs = qs.filter(municipality=data["municipality"])
    if data.get("unit"):
        qs = qs.filter(unit_id=int(data["unit"]))
    sort = data.get("sort") or "name"
    order = ["last_name", "first_name", "pk"] if sort == "name" else [sort, "last_name", "pk"]
    return qs.order_by(*order)


@login_required
@require_safe
def participant_list(request: HttpRequest) -> HttpResponse:
    access = require_role(request, CASEWORK_ROLES)
    units = access.units(*CASEWORK_ROLES)
    may_see_cj = visible_participants(request.user, DataCategory.CRIMINAL_JUSTICE).exists()
    form = ParticipantFilterForm(request.GET or None, units=units, user=request.user, criminal_justice=may_see_cj)
    qs = visible_participants(request.user).select_related("unit", "handler", "municipality")
    if form.is_valid():
        qs = _apply_filters(qs, form, request.user)
    else:
        qs = qs.order_by("last_name", "first_name", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    log_list(request, page.object_list)
    template = "participants/_list_results.html" if request.htmx else "participants/list.html"
    return render(request, template, {"form": form, "page": page, "units": units})


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
            messages.success(request, _("%(name)s has been registered.") % {"name": participant.full_name})
            return redirect("participants:detail", pk=participant.pk)
    return render(request, "participants/form.html", {"form": form, "duplicate": duplicate, "creating": True})


def _detail_queryset():
    return Participant.objects.select_related(
        "criminal_justice", "social_services", "labour_market"
    )


@login_required
@require_safe
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request, pk, queryset=_detail_queryset())
    return render(request, "participants/detail.html", _detail_context(request, participant))


def _detail_context(request: HttpRequest, participant, *, full_personnummer: str | None = None) -> dict:
    visible = participant.visible
    can = authority.page_authority(request.user, participant)
    # Few notes are ever edited: their earlier versions are read only for those (no query for most pages).
    notes = list(
        visible_notes(request.user, participant)
        .select_related("author", "owner_organisation")
        .annotate(has_revisions=Exists(JournalNoteRevision.objects.filter(note=OuterRef("pk"))))
    )
    prefetch_related_objects([n for n in notes if n.has_revisions], "revisions")
    # What the user may change is decided here (participants/authority.py), never in the template.
    for note in notes:
        note.editable = can.owns(note)
    consents = list(consents_of(participant=participant))
    for consent in consents:
        consent.withdrawable = consent.withdrawn_at is None and consent.releasing_organisation_id == can.organisation_id
    requests = list(open_requests(participant=participant))
    for consent_request in requests:
        consent_request.answerable = consent_request.addressed_to_id == can.organisation_id
    return {
        "participant": participant,
        "visible": visible,
        "can": can,
        "notes": notes,
        "consents": consents,
        "consent_requests": requests,
        "full_personnummer": full_personnummer,
        "categories": DataCategory,
        **programme_context(participant, can=can),
    }


@login_required
@require_POST
def reveal_personnummer(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the whole personnummer: an explicit action, logged as such, never in a URL."""
    participant = get_participant_for_user(
        request, pk, action=AccessLog.Action.REVEAL_PERSONNUMMER, queryset=_detail_queryset()
    )
    full = personnummer.display(personnummer.decrypt(participant.personnummer_encrypted))
    if request.htmx:
        return render(request, "participants/_personnummer.html", {"participant": participant, "full_personnummer": full})
    return render(request, "participants/detail.html", _detail_context(request, participant, full_personnummer=full))


@login_required
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the core record, personnummer included: only the owning organisation (others get a 404)."""
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
                return redirect("participants:detail", pk=participant.pk)
    else:
        form = ParticipantForm(instance=participant, units=units)
    version = conflict.version if conflict else (_posted_version(request) if request.method == "POST" else participant.version)
    return render(
        request,
        "participants/form.html",
        {"form": form, "participant": participant, "version": version, "conflict": conflict},
    )


@login_required
def category_edit(request: HttpRequest, pk: int, category: str) -> HttpResponse:
    """Edit one category's data (criminal justice, social services, labour market): only its owner."""
    if category not in CATEGORY_FORMS:
        raise Http404
    participant = get_participant_for_change(
        request, pk, may=lambda user, p: authority.may_change_category(user, p, category), queryset=_detail_queryset()
    )
    attr, form_class = CATEGORY_FORMS[category]
    form = form_class(request.POST or None, instance=getattr(participant, attr))
    version = form.instance.version
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
                return redirect("participants:detail", pk=participant.pk)
    return render(
        request,
        "participants/category_form.html",
        {
            "form": form,
            "participant": participant,
            "category_label": DataCategory(category).label,
            "version": version,
            "conflict": conflict,
        },
    )
