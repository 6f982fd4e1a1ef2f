"""The participant page's context: the sections the user may see and what they may change there.

The view hands the template only what this returns: a category the user may not see is neither
loaded nor handed over, so no template decides access (docs/access.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from krami.display import display, field_value
from krami.models import DataCategory
from participants import authority, casepage
from participants.access import visible_notes
from participants.authority import PageAuthority
from participants.forms.programme import reassign_form
from participants.models import Employment, HandlerChange, Internship, JournalNoteRevision, Participant, Studies
from participants.selectors.consent import consents_of, open_requests
from participants.selectors.phases import phase_timeline

# Each authority's category on the page: the participant's attribute, and the fields shown in order.
CATEGORY_SECTIONS = {
    DataCategory.CRIMINAL_JUSTICE: ("criminal_justice", ["current_at_kv", "status", "release_date", "supervision_until", "notes"]),
    DataCategory.SOCIAL_SERVICES: ("social_services", ["current_at_social_services", "income_support", "social_worker", "notes"]),
    DataCategory.LABOUR_MARKET: ("labour_market", ["registered_at_af", "activity_support", "employment_officer", "notes"]),
}


@dataclass(frozen=True)
class CategorySection:
    """One authority's data as the page shows it: heading, (label, value) facts, the edit link if any."""

    key: str
    title: str
    facts: list[tuple[str, str]]
    edit_url: str | None


def category_sections(participant: Participant, can: PageAuthority) -> list[CategorySection]:
    """The categories of `participant.visible`, each read only when the user may see it."""
    sections = []
    for category, (attr, fields) in CATEGORY_SECTIONS.items():
        if category not in participant.visible:
            continue
        row = getattr(participant, attr)
        meta = type(row)._meta
        edit = reverse("participants:category_edit", kwargs={"pk": participant.pk, "category": category.value})
        sections.append(CategorySection(
            key=category.value,
            title=str(category.label),
            facts=[(str(meta.get_field(f).verbose_name).capitalize(), display(field_value(row, meta.get_field(f)))) for f in fields],
            edit_url=edit if category in can.change_categories else None,
        ))
    return sections


def participant_page(*, user, participant: Participant, full_personnummer: str | None = None) -> dict:
    """Everything the case page shows to `user` (`participant.visible` must be set), with what
    they may change decided by participants/authority.py, and what other apps add to it
    (participants/casepage.py: intake's path and records)."""
    can = authority.page_authority(user, participant)
    # Few notes are ever edited: their earlier versions are read only for those (no query for most pages).
    notes = list(
        visible_notes(user, participant)
        .select_related("author", "owner_organisation")
        .annotate(has_revisions=Exists(JournalNoteRevision.objects.filter(note=OuterRef("pk"))))
    )
    prefetch_related_objects([n for n in notes if n.has_revisions], "revisions")
    for note in notes:
        note.editable = can.owns(note)
    consents = list(consents_of(participant=participant))
    for consent in consents:
        consent.withdrawable = consent.withdrawn_at is None and consent.releasing_organisation_id == can.organisation_id
    requests = list(open_requests(participant=participant))
    for consent_request in requests:
        consent_request.answerable = consent_request.addressed_to_id == can.organisation_id
    page = {
        "participant": participant,
        "can": can,
        "sections": category_sections(participant, can),
        "notes": notes,
        "consents": consents,
        "consent_requests": requests,
        "full_personnummer": full_personnummer,
        **programme_context(participant, can=can),
    }
    return casepage.extend(page, user=user, participant=participant)


def _owned(records, can: PageAuthority) -> list:
    records = list(records)
    for record in records:
        record.editable = can.owns(record)
    return records


def programme_context(participant: Participant, *, can: PageAuthority) -> dict:
    """Template context for the programme and case-worker sections of the participant page; each
    record says whether the user may change it (`editable`, participants/authority.py)."""
    today = timezone.localdate()
    return {
        "today": today,
        "timeline": phase_timeline(participant=participant, today=today),
        "internships": _owned(Internship.objects.filter(participant=participant).select_related("employer", "owner_organisation"), can),
        "employments": _owned(Employment.objects.filter(participant=participant).select_related("employer", "owner_organisation"), can),
        "studies": _owned(Studies.objects.filter(participant=participant).select_related("owner_organisation"), can),
        "handler_changes": HandlerChange.objects.filter(participant=participant).select_related(
            "previous_handler", "new_handler", "changed_by"
        ),
        "reassign_form": reassign_form(participant) if can.change_core else None,
    }
