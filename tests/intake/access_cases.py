"""Access-matrix cases for every intake URL (tests/access/registry.py).

Unit pages are for the unit's case workers (vägledare, samordnare); participant pages follow the
participant's core visibility; drug tests additionally follow their owner (the recording
organisation) or the participant's consent to share health data.
"""

from datetime import time, timedelta

from django.utils import timezone

from intake.models import (
    DrugTest,
    Episode,
    FollowUp,
    GroupSession,
    GuidanceGroup,
    InformationMeeting,
    MeetingAttendance,
    MeetingSlot,
    StartKind,
)
from intake.registerimport.services import import_check_next, import_upload
from tests.access.registry import has_role_anywhere, has_role_in_unit, participant, scoped
from tests.intake.importfiles import csv_bytes, person

CASEWORK = ("vagledare", "samordnare")
in_unit = has_role_in_unit(*CASEWORK)


def unit_kwargs(w):
    return {"unit_id": w.unit.pk}


def _user(w):
    return w.users["kommun_vagledare"]


def _meeting(w):
    return InformationMeeting.objects.get_or_create(
        unit=w.unit, held_on=timezone.localdate(), starts_at=time(13, 0),
        defaults={"place": "Krami", "created_by": _user(w)},
    )[0]


def _group(w):
    return GuidanceGroup.objects.get_or_create(
        unit=w.unit, name="Matrisgrupp", defaults={"starts_on": timezone.localdate(), "created_by": _user(w)}
    )[0]


def _slot_kwargs(w):
    slot = MeetingSlot.objects.create(unit=w.unit, weekday=2, starts_at=time(13, 0), place="Krami", created_by=_user(w))
    return {"unit_id": w.unit.pk, "slot_id": slot.pk}


def _walkin_kwargs(w):
    meeting = _meeting(w)
    walk_in = MeetingAttendance.objects.create(meeting=meeting, name="Besökare Testsson", contact="070-1234567", recorded_by=_user(w))
    return {"pk": meeting.pk, "attendance_id": walk_in.pk}


def _session_kwargs(w):
    group = _group(w)
    session = GroupSession.objects.create(group=group, held_on=group.starts_on)
    return {"pk": group.pk, "session_id": session.pk}


scoped("intake:overview", allowed=has_role_anywhere(*CASEWORK))
for name in ("queue", "followups", "meetings", "meeting_create", "slot_create", "groups", "group_create"):
    scoped(f"intake:{name}", kwargs=unit_kwargs, allowed=in_unit)
scoped("intake:slot_edit", kwargs=_slot_kwargs, allowed=in_unit)
scoped("intake:meeting_detail", kwargs=lambda w: {"pk": _meeting(w).pk}, allowed=in_unit)
scoped("intake:walkin_add", method="POST", kwargs=lambda w: {"pk": _meeting(w).pk}, allowed=in_unit,
       data=lambda w, kw: {"name": "Besökare Testsson", "contact": "070-1234567"})
scoped("intake:attendance_add", method="POST", kwargs=lambda w: {"pk": _meeting(w).pk}, allowed=in_unit)
scoped("intake:walkin_link", method="POST", kwargs=lambda w: {"pk": _meeting(w).pk}, allowed=in_unit)
scoped("intake:walkin_register", kwargs=_walkin_kwargs, allowed=in_unit)
scoped("intake:group_detail", kwargs=lambda w: {"pk": _group(w).pk}, allowed=in_unit)
scoped("intake:session_add", method="POST", kwargs=lambda w: {"pk": _group(w).pk}, allowed=in_unit)
scoped("intake:session_attendance", kwargs=_session_kwargs, allowed=in_unit)

for name in ("participant", "interview_create", "assessment_create", "queue_place", "start", "exit", "drugtest_create"):
    participant(f"intake:{name}")


# Records of one participant: who may open them depends on the participant's consent state.
SEES_CORE = {
    "no_consent": {"kommun_vagledare", "kommun_samordnare"},
    "consent_kv_core": {"kommun_vagledare", "kommun_samordnare", "kv_vagledare"},
    "consent_all": {"kommun_vagledare", "kommun_samordnare", "kv_vagledare", "af_vagledare"},
}


def _followup_kwargs(state):
    def kwargs(w):
        p = w.participants[state]
        today = timezone.localdate()
        episode = Episode.objects.create(
            participant=p, kind=StartKind.INDIVIDUAL, started_on=today - timedelta(days=120), started_by=_user(w),
            ended_on=today - timedelta(days=95), exit_outcome="work", completed_guidance_programme=True,
        )
        follow_up = FollowUp.objects.create(
            episode=episode, unit_id=episode.participant.unit_id, months=3, due_on=today - timedelta(days=5)
        )
        return {"pk": p.pk, "followup_id": follow_up.pk}

    return kwargs


for state, users in SEES_CORE.items():
    scoped(f"intake:followup_record[{state}]", kwargs=_followup_kwargs(state), allowed=lambda w, k, u=users: k in u)


def _drugtest_kwargs(state, owner_key):
    def kwargs(w):
        p = w.participants[state]
        test = DrugTest.objects.create(
            participant=p, owner_organisation=w.orgs[owner_key], referred_on=timezone.localdate(),
            reason="Misstanke", referred_by=_user(w),
        )
        return {"pk": p.pk, "test_id": test.pk}

    return kwargs


DRUG_TEST_CASES = {
    # (participant state, owning organisation): who may record the result — only the organisation
    # that referred to the test, even where a consent lets others see it (participants/authority.py)
    "own_test": ("no_consent", "kommun", {"kommun_vagledare", "kommun_samordnare"}),
    "kv_test_without_health_consent": ("consent_kv_core", "kv", {"kv_vagledare"}),
    "kv_test_with_health_consent": ("consent_all", "kv", {"kv_vagledare"}),
    "kommun_test_after_withdrawal": ("withdrawn", "kommun", {"kommun_vagledare", "kommun_samordnare"}),
}
for variant, (state, owner_key, users) in DRUG_TEST_CASES.items():
    scoped(
        f"intake:drugtest_result[{variant}]", kwargs=_drugtest_kwargs(state, owner_key),
        allowed=lambda w, k, u=users: k in u,
    )


def _no_show_kwargs(state, owner_key):
    def kwargs(w):
        p = w.participants[state]
        today = timezone.localdate()
        test = DrugTest.objects.create(
            participant=p, owner_organisation=w.orgs[owner_key], referred_on=today, reason="Misstanke",
            referred_by=_user(w), result="no_show", result_on=today, no_show_decision="pending",
        )
        return {"pk": p.pk, "test_id": test.pk}

    return kwargs


NO_SHOW_CASES = {
    # (participant state, owning organisation): who may record the team's decision on a no-show — the
    # team, among those who may see the test: its organisation, and others once health data is shared
    "own_test": ("no_consent", "kommun", {"kommun_vagledare", "kommun_samordnare"}),
    "kv_test_without_health_consent": ("consent_kv_core", "kv", {"kv_vagledare"}),
    "kv_test_with_health_consent": (
        "consent_all", "kv", {"kv_vagledare", "kommun_vagledare", "kommun_samordnare", "af_vagledare"},
    ),
    "kommun_test_after_withdrawal": ("withdrawn", "kommun", {"kommun_vagledare", "kommun_samordnare"}),
}
for variant, (state, owner_key, users) in NO_SHOW_CASES.items():
    scoped(
        f"intake:drugtest_decision[{variant}]", kwargs=_no_show_kwargs(state, owner_key),
        allowed=lambda w, k, u=users: k in u,
    )


# Register import: the unit coordinator (samordnare), for their own organisation's imports only.
COORDINATOR = has_role_in_unit("samordnare")


def _import_kwargs(w):
    row = person("19900101-0017", hemkommun=w.unit.municipalities.first().name)
    by = w.users["kommun_samordnare"]
    imp = import_upload(unit=w.unit, by=by, file_name="register.csv", content=csv_bytes([row]))
    # Checked, so the report is shown as it stays (a page still checking asks htmx for the next
    # chunk at once, which would reload it under the accessibility crawl).
    import_check_next(register_import=imp, by=by)
    return {"pk": imp.pk}


scoped("intake:imports", allowed=COORDINATOR)
scoped("intake:import_template", kwargs=lambda w: {"fmt": "xlsx"}, allowed=COORDINATOR)
scoped("intake:import_detail", kwargs=_import_kwargs, allowed=COORDINATOR)
scoped("intake:import_progress", kwargs=_import_kwargs, allowed=COORDINATOR)
for name in ("import_check", "import_apply", "import_discard"):
    scoped(f"intake:{name}", method="POST", kwargs=_import_kwargs, allowed=COORDINATOR)


# --- Issue 16: bookings, their calendar files, "Att göra" ----------------------------------------------
from intake.models import AttendanceState, Interview, InterviewStatus  # noqa: E402

scoped("intake:todo", allowed=has_role_anywhere(*CASEWORK))


def _booking_kwargs(w, p):
    """`p` booked on next week's meeting."""
    meeting = InformationMeeting.objects.get_or_create(
        unit=w.unit, held_on=timezone.localdate() + timedelta(days=7), starts_at=time(13, 0),
        defaults={"place": "Krami, Storgatan 1", "created_by": _user(w)},
    )[0]
    booking = MeetingAttendance.objects.create(
        meeting=meeting, participant=p, state=AttendanceState.BOOKED, recorded_by=_user(w)
    )
    return {"pk": p.pk, "attendance_id": booking.pk}


def _booked_interview(days_ahead: int):
    def kwargs(w, p):
        interview = Interview.objects.create(
            participant=p, held_on=timezone.localdate() + timedelta(days=days_ahead), starts_at=time(10, 0),
            place="Krami", interviewer=_user(w), recorded_by=_user(w), status=InterviewStatus.BOOKED,
        )
        return {"pk": p.pk, "interview_id": interview.pk}

    return kwargs


participant("intake:meeting_booking_ics", kwargs=_booking_kwargs)
participant("intake:interview_ics", kwargs=_booked_interview(3))
participant("intake:interview_outcome", kwargs=_booked_interview(0))


def _attendance_record_kwargs(w):
    """A participant everyone in the unit sees, booked on today's meeting (recorded on the day)."""
    booking = MeetingAttendance.objects.create(
        meeting=_meeting(w), participant=w.participants["consent_all"], state=AttendanceState.BOOKED,
        recorded_by=_user(w),
    )
    return {"pk": booking.meeting_id, "attendance_id": booking.pk}


scoped("intake:attendance_record", method="POST", kwargs=_attendance_record_kwargs, allowed=in_unit,
       data=lambda w, kw: {"came": "yes"})
