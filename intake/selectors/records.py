"""One participant's intake and programme record: interviews, assessments, enrolments, follow-ups, drug tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from agreements import selectors as agreement_selectors
from agreements.rules import UnitRules
from intake import eligibility
from intake.access import visible_drug_tests
from intake.drugpolicy import blocked_since_from, reenrolment_blocked_since
from intake.models import (
    Assessment,
    AttendanceState,
    DrugTest,
    Episode,
    ExitOutcome,
    FollowUp,
    Interview,
    InterviewStatus,
    MeetingAttendance,
    NoShowDecision,
)
from intake.services.programme import STARTABLE_PHASES
from krami.models import DataCategory
from participants import authority
from participants.models import Participant, Phase


@dataclass
class IntakeRecord:
    participant: Participant
    rules: UnitRules
    eligibility_now: list[str]  # failed conditions, as the user may read them
    eligibility_failures: list[eligibility.Failure]  # the same conditions, with their codes (for fix links)
    attendances: list[MeetingAttendance]
    interviews: list[Interview]
    assessments: list[Assessment]
    episodes: list[Episode]
    drug_tests: list
    blocked_since: date | None
    may_see_drug_policy: bool

    @property
    def meetings_attended(self) -> list[MeetingAttendance]:
        """The information meetings the person came to: only these count as having been there."""
        return [a for a in self.attendances if a.state == AttendanceState.ATTENDED]

    @property
    def meetings_booked(self) -> list[MeetingAttendance]:
        """Coming (or not yet recorded) meetings the person is booked on."""
        return [a for a in self.attendances if a.state == AttendanceState.BOOKED]

    @property
    def interviews_booked(self) -> list[Interview]:
        return [i for i in self.interviews if i.status == InterviewStatus.BOOKED]

    @property
    def open_episode(self) -> Episode | None:
        return next((e for e in self.episodes if e.is_open), None)

    @property
    def can_start(self) -> bool:
        return self.participant.phase in STARTABLE_PHASES and self.open_episode is None

    @property
    def is_queued(self) -> bool:
        return self.participant.phase == Phase.QUEUED

    @property
    def no_shows_to_decide(self) -> list:
        """No-shows waiting for the team's decision (while the participant is enrolled)."""
        if self.open_episode is None:
            return []
        return [t for t in self.drug_tests if t.no_show_decision == NoShowDecision.PENDING]


def outcome_label(episode: Episode, *, may_see_drug_policy: bool) -> str:
    """The exit outcome as this user may read it: a drug-test discharge is health data."""
    if episode.exit_outcome == ExitOutcome.DRUG_TEST_DISCHARGE and not may_see_drug_policy:
        return _("Discharged (the reason is restricted: health data you may not see)")
    return episode.get_exit_outcome_display()


def intake_record(*, participant: Participant, user, on: date) -> IntakeRecord:
    """Everything intake holds about `participant` that `user` may see (`participant.visible` must be set).

    A constant number of queries whatever the number of records: the case page reads it on every
    visit (tests/intake/test_query_counts.py)."""
    rules = agreement_selectors.rules_for_unit(unit=participant.unit, on=on)
    tests = list(visible_drug_tests(user, participant).select_related("referred_by", "owner_organisation"))
    for test in tests:
        test.editable = authority.owns_record(user, test)  # only the referring organisation records the result
    may_see = DataCategory.HEALTH in participant.visible or any(test.editable for test in tests)
    episodes = list(
        Episode.objects.filter(participant=participant)
        .select_related("group", "started_by", "ended_by")
        .prefetch_related(Prefetch("follow_ups", queryset=FollowUp.objects.select_related("recorded_by")))
    )
    for episode in episodes:
        episode.outcome_label = outcome_label(episode, may_see_drug_policy=may_see) if episode.ended_on else ""
    assessments = list(Assessment.objects.filter(participant=participant).select_related("decided_by", "recorded_by"))
    for a in assessments:
        a.failure_messages = [
            eligibility.visible_message(f["code"], f.get("params", {}), participant.visible) for f in a.failed_conditions
        ]
    failures = eligibility.evaluate(eligibility.facts_for(participant, on), rules.eligibility)
    return IntakeRecord(
        participant=participant,
        rules=rules,
        eligibility_now=[eligibility.visible_message(f.code, f.params, participant.visible) for f in failures],
        eligibility_failures=failures,
        attendances=list(
            MeetingAttendance.objects.filter(participant=participant).select_related("meeting").order_by("-meeting__held_on")
        ),
        interviews=list(Interview.objects.filter(participant=participant).select_related("interviewer")),
        assessments=assessments,
        episodes=episodes,
        drug_tests=tests,
        blocked_since=_drug_policy_block(participant, episodes),
        may_see_drug_policy=may_see,
    )


def _drug_policy_block(participant: Participant, episodes: list[Episode]) -> date | None:
    """intake.services.programme.drug_policy_block, with the episodes already read: every test of
    the participant counts (not only those the user may see), as it does when the start is saved.
    The case page's record brings the two dates it needs (intake/casepage.py); another page's
    record reads them here."""
    exits = [e.ended_on for e in episodes if e.exit_outcome == ExitOutcome.DRUG_TEST_DISCHARGE]
    if hasattr(participant, "drug_last_refusal"):
        return blocked_since_from(
            last_refusal=participant.drug_last_refusal, last_clearing=participant.drug_last_clearing, drug_test_exits=exits
        )
    results = DrugTest.objects.filter(participant=participant).exclude(result="").values_list("result_on", "result")
    return reenrolment_blocked_since(results=results, drug_test_exits=exits)
