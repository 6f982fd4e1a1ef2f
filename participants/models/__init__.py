"""The participant register (DOMAIN.md, "People and roles", "Law and practice").

- register: identity and programme status (CORE), each authority's category of data, the grants
  that decide who sees what (docs/access.md), and the phase history;
- consent: what a participant lets one party release to others, and the requests for it;
- notes: the journal;
- programme: employers, internships, employment, studies and case-worker reassignments;
- merge: two parties' records of one person made one.

Each model belongs to one data category (krami.models.DataCategory); docs/access.md says who sees
and who may change which category in which consent state.
"""

from participants.models.consent import Consent, ConsentMethod, ConsentRequest, ConsentRequestStatus, ConsentScope
from participants.models.merge import MergeProposal, MergeStatus
from participants.models.notes import JournalNote, JournalNoteRevision, NoteKind, NoteVisibility
from participants.models.programme import (
    Employer,
    Employment,
    EmploymentType,
    HandlerChange,
    Internship,
    Studies,
    Subsidy,
)
from participants.models.register import (
    ACTIVE_PHASES,
    OPEN_PHASES,
    PROTECTED_IDENTITY,
    Condition,
    CriminalJusticeInfo,
    CriminalJusticeStatus,
    InParticipantsUnit,
    LabourMarketInfo,
    Participant,
    ParticipantGroupPermission,
    Phase,
    PhaseChange,
    ReferralSource,
    SocialServicesInfo,
    participant_reference,
)
from participants.models.reminders import Reminder

__all__ = [
    "ACTIVE_PHASES", "OPEN_PHASES", "Condition", "Consent", "ConsentMethod", "ConsentRequest", "ConsentRequestStatus",
    "ConsentScope", "CriminalJusticeInfo", "CriminalJusticeStatus", "Employer", "Employment", "EmploymentType",
    "HandlerChange", "InParticipantsUnit", "Internship", "JournalNote", "JournalNoteRevision", "LabourMarketInfo", "MergeProposal",
    "MergeStatus", "NoteKind", "NoteVisibility", "PROTECTED_IDENTITY",
    "Participant", "ParticipantGroupPermission", "Phase", "PhaseChange", "ReferralSource", "Reminder", "SocialServicesInfo",
    "Studies", "Subsidy", "participant_reference",
]
