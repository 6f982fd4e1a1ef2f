"""Intake and enrolment (DOMAIN.md, "Intake" and "Programme").

- meetings: the weekly information meeting, its occurrences and who came (walk-ins included);
- assessment: interviews, the team meeting's assessment (with the eligibility snapshot) and
  manual placements in the priority queue;
- programme: group starts of the guidance course, sessions and attendance, enrolment episodes
  with their exit, and the follow-ups after exit;
- drugtests: referrals and results (category HEALTH, owned by the recording organisation);
- registerimport: an uploaded register (spreadsheet), its rows as read, and what each of them does.

Every record here hangs off a participant (or a unit) and is read through `participants.access`.
"""

from intake.models.assessment import Assessment, Decision, Interview, InterviewStatus, QueuePlacement
from intake.models.digest import DigestSent
from intake.models.drugtests import DrugTest, DrugTestResult, NoShowDecision
from intake.models.meetings import AttendanceState, InformationMeeting, MeetingAttendance, MeetingSlot, Weekday
from intake.models.programme import (
    AttendanceStatus,
    Episode,
    ExitOutcome,
    FollowUp,
    FollowUpResult,
    GroupAudience,
    GroupSession,
    GuidanceGroup,
    SessionAttendance,
    StartKind,
)
from intake.models.registerimport import (
    ApplyProblem,
    ApplyStage,
    EpisodeAction,
    ImportStatus,
    RegisterImport,
    RegisterImportFileRow,
    RegisterImportProgress,
    RegisterImportRow,
    RowOutcome,
)

__all__ = [
    "ApplyProblem",
    "ApplyStage",
    "Assessment",
    "AttendanceState",
    "AttendanceStatus",
    "Decision",
    "DigestSent",
    "DrugTest",
    "DrugTestResult",
    "Episode",
    "EpisodeAction",
    "ExitOutcome",
    "FollowUp",
    "FollowUpResult",
    "GroupAudience",
    "GroupSession",
    "GuidanceGroup",
    "InformationMeeting",
    "ImportStatus",
    "Interview",
    "InterviewStatus",
    "MeetingAttendance",
    "MeetingSlot",
    "NoShowDecision",
    "QueuePlacement",
    "RegisterImport",
    "RegisterImportFileRow",
    "RegisterImportProgress",
    "RegisterImportRow",
    "RowOutcome",
    "SessionAttendance",
    "StartKind",
    "Weekday",
]
