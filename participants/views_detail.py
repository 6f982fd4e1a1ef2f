"""What the participant page shows of the programme: time in each phase, internships,
employment and studies, and the case worker with the history of reassignments."""

from __future__ import annotations

from participants.forms_programme import reassign_form
from participants.models import Employment, HandlerChange, Internship, Participant, Studies
from participants.selectors.phases import phase_timeline


def programme_context(participant: Participant) -> dict:
    """Template context for the programme and case-worker sections of the participant page."""
    return {
        "timeline": phase_timeline(participant=participant),
        "internships": Internship.objects.filter(participant=participant).select_related("employer"),
        "employments": Employment.objects.filter(participant=participant).select_related("employer"),
        "studies": Studies.objects.filter(participant=participant),
        "handler_changes": HandlerChange.objects.filter(participant=participant).select_related(
            "previous_handler", "new_handler", "changed_by"
        ),
        "reassign_form": reassign_form(participant),
    }
