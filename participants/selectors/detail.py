"""What the participant page shows of the programme: time in each phase, internships,
employment and studies, and the case worker with the history of reassignments."""

from __future__ import annotations

from participants.authority import PageAuthority
from participants.forms.programme import reassign_form
from participants.models import Employment, HandlerChange, Internship, Participant, Studies
from participants.selectors.phases import phase_timeline


def _owned(records, can: PageAuthority) -> list:
    records = list(records)
    for record in records:
        record.editable = can.owns(record)
    return records


def programme_context(participant: Participant, *, can: PageAuthority) -> dict:
    """Template context for the programme and case-worker sections of the participant page; each
    record says whether the user may change it (`editable`, participants/authority.py)."""
    return {
        "timeline": phase_timeline(participant=participant),
        "internships": _owned(Internship.objects.filter(participant=participant).select_related("employer", "owner_organisation"), can),
        "employments": _owned(Employment.objects.filter(participant=participant).select_related("employer", "owner_organisation"), can),
        "studies": _owned(Studies.objects.filter(participant=participant).select_related("owner_organisation"), can),
        "handler_changes": HandlerChange.objects.filter(participant=participant).select_related(
            "previous_handler", "new_handler", "changed_by"
        ),
        "reassign_form": reassign_form(participant) if can.change_core else None,
    }
