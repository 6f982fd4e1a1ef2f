"""The participant page's context: the sections the user may see and what they may change there.

The view hands the template only what this returns: a category the user may not see is neither
loaded nor handed over, so no template decides access (docs/access.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db.models import Exists, OuterRef, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from krami.display import display, field_value
from krami.models import DataCategory
from participants import authority, casepage
from participants.access import visible_notes, visible_participants
from participants.authority import PageAuthority
from participants.forms.programme import reassign_form
from participants.models import (
    ConsentRequest,
    ConsentRequestStatus,
    Employment,
    HandlerChange,
    Internship,
    JournalNoteRevision,
    Participant,
    Studies,
)
from participants.selectors.consent import consents_of, open_requests
from participants.selectors.merge import same_person
from participants.selectors.phases import phase_history, phase_timeline

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


def _has(model, **filters) -> Exists:
    return Exists(model.objects.filter(participant=OuterRef("pk"), **filters))


def case_page_records(user) -> QuerySet[Participant]:
    """The case page's query of the record (for `get_participant_for_user(queryset=...)`): each
    authority's row (the sections the user may see, and the path's eligibility check, which reads
    Kriminalvården's status whatever the user sees of it), and for each section that most records
    do not have, whether this one has any (`has_*`, an EXISTS each by the participant index).
    The page then reads only the sections there is something in (issue 19: a statement each
    fewer), and the phase history comes as text with the record. Another party's record of the
    same person counts only when the user sees it, as on the page, so the page does the same
    whatever the user cannot see."""
    twins = visible_participants(user).filter(
        unit_id=OuterRef("unit_id"), personnummer_hash=OuterRef("personnummer_hash"), anonymised_at__isnull=True
    ).exclude(pk=OuterRef("pk"))
    return _case_page_base().annotate(has_same_person=Exists(twins), **casepage.annotations(user))


@cache
def _case_page_base() -> QuerySet[Participant]:
    """What of `case_page_records` is the same for every user, built once per process rather than
    resolved again on every visit; `case_page_records` hands it out as a copy (annotate clones)."""
    return Participant.objects.select_related("criminal_justice", "social_services", "labour_market").annotate(
        has_internships=_has(Internship),
        has_employments=_has(Employment),
        has_studies=_has(Studies),
        has_handler_changes=_has(HandlerChange),
        has_open_requests=_has(ConsentRequest, status=ConsentRequestStatus.OPEN),
        phase_history=phase_history(),
    )


def _if_any(participant: Participant, flag: str, read):
    """`read()`, unless the record's query said the section is empty (`case_page_records`); a
    record read otherwise (no flag) reads every section."""
    return read() if getattr(participant, flag, True) else []


def participant_page(
    *, user, participant: Participant, full_personnummer: str | None = None, revealed_identity: bool = False,
    reveal_form=None, pnr_reveal_form=None,
) -> dict:
    """Everything the case page shows to `user` (`participant.visible` must be set), with what
    they may change decided by participants/authority.py, and what other apps add to it
    (participants/casepage.py: intake's path and records). `revealed_identity`: the user asked to
    see a protected name (with a reason, logged); the forms: a reveal sent without a reason."""
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
    requests = _if_any(participant, "has_open_requests", lambda: list(open_requests(participant=participant)))
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
        "same_person": _if_any(participant, "has_same_person", lambda: same_person(user=user, participant=participant)),
        "revealed_identity": revealed_identity,
        "reveal_form": reveal_form,
        "pnr_reveal_form": pnr_reveal_form,
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
        "internships": _if_any(participant, "has_internships", lambda: _owned(
            Internship.objects.filter(participant=participant).select_related("employer", "owner_organisation"), can)),
        "employments": _if_any(participant, "has_employments", lambda: _owned(
            Employment.objects.filter(participant=participant).select_related("employer", "owner_organisation"), can)),
        "studies": _if_any(participant, "has_studies", lambda: _owned(
            Studies.objects.filter(participant=participant).select_related("owner_organisation"), can)),
        "handler_changes": _if_any(participant, "has_handler_changes", lambda: list(HandlerChange.objects.filter(
            participant=participant).select_related("previous_handler", "new_handler", "changed_by"))),
        "reassign_form": reassign_form(participant) if can.change_core else None,
    }
