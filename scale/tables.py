"""The COPY tables of every model the generator fills, in the order they are flushed (parents first)."""

from __future__ import annotations

from agreements.models import (
    ActualCost,
    Agreement,
    AgreementParty,
    CostCategory,
    CostShare,
    InflowTarget,
    StaffingLine,
)
from intake.models import (
    Assessment,
    DrugTest,
    Episode,
    FollowUp,
    GroupSession,
    GuidanceGroup,
    InformationMeeting,
    Interview,
    MeetingAttendance,
    MeetingSlot,
    QueuePlacement,
    SessionAttendance,
)
from krami.models import AccessLog
from participants.models import (
    Consent,
    ConsentScope,
    CriminalJusticeInfo,
    Employer,
    Employment,
    HandlerChange,
    Internship,
    JournalNote,
    JournalNoteRevision,
    LabourMarketInfo,
    Participant,
    ParticipantGroupPermission,
    PhaseChange,
    SocialServicesInfo,
    Studies,
)
from scale.copy import Table, first_free_id

MODELS = [
    Agreement, AgreementParty, StaffingLine, CostCategory, CostShare, ActualCost, InflowTarget,
    MeetingSlot, InformationMeeting, GuidanceGroup, GroupSession, Employer,
    Participant, CriminalJusticeInfo, SocialServicesInfo, LabourMarketInfo, PhaseChange,
    Consent, ConsentScope, ParticipantGroupPermission, JournalNote, JournalNoteRevision, HandlerChange,
    MeetingAttendance, Interview, Assessment, QueuePlacement, Episode, SessionAttendance, FollowUp, DrugTest,
    Internship, Employment, Studies, AccessLog,
]


class Tables:
    """One `Table` per model, reachable as attributes named after the model (``tables.Participant``)."""

    def __init__(self):
        self.all = [Table(model, first_id=first_free_id(model)) for model in MODELS]
        for table in self.all:
            setattr(self, table.model.__name__, table)

    def flush(self) -> None:
        for table in self.all:
            table.flush()

    def counts(self) -> dict[str, int]:
        return {t.model.__name__: t.count for t in self.all}
