"""Write-matrix cases for every intake URL that accepts a POST (tests/access/writes.py).

Meetings, groups and the queue are the unit's: its case workers write them. The steps of one
participant's Krami path are the team's shared work, written by whoever sees the participant; a
drug test's result only by the organisation that referred to the test. The register import is the
coordinator's, for their own organisation.
"""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from intake.models import DrugTest, Episode, FollowUp, GroupSession, MeetingAttendance, StartKind
from intake.registerimport.services import import_upload
from tests.access.authority import record_of, sees_test_of
from tests.access.registry import has_role_in_unit
from tests.access.writes import as_rendered, fixed, participant_write, scoped_write
from tests.intake.access_cases import _group, _import_kwargs, _meeting, _slot_kwargs, _walkin_kwargs, unit_kwargs
from tests.intake.factories import accept, start
from tests.intake.importfiles import csv_bytes, person
from tests.participants.factories import valid_personnummer

CASEWORK = ("vagledare", "samordnare")
in_unit = has_role_in_unit(*CASEWORK)
COORDINATOR = has_role_in_unit("samordnare")


def _today(offset: int = 0) -> str:
    return (timezone.localdate() + timedelta(days=offset)).isoformat()


def _owner(w):
    return w.users["kommun_vagledare"]


# --- The unit's meetings and groups ------------------------------------------------------------------
scoped_write("intake:meeting_create", kwargs=unit_kwargs, allowed=in_unit,
             data=fixed({"held_on": _today(1), "starts_at": "10:00", "place": "Krami, plan 3"}))
scoped_write("intake:slot_create", kwargs=unit_kwargs, allowed=in_unit,
             data=fixed({"weekday": "3", "starts_at": "09:30", "place": "Krami", "is_active": "on"}))
scoped_write("intake:slot_edit", kwargs=_slot_kwargs, allowed=in_unit, data=as_rendered({"place": "Krami, plan 4"}))
scoped_write("intake:walkin_add", kwargs=lambda w: {"pk": _meeting(w).pk}, allowed=in_unit,
             data=fixed({"name": "Besökare Testsson", "contact": "070-1234567"}))
scoped_write("intake:attendance_add", kwargs=lambda w: {"pk": _meeting(w).pk}, allowed=in_unit,
             data=fixed(lambda w: {"participant": w.participants["consent_all"].pk}))


def _walkin_link_kwargs(w):
    meeting = _meeting(w)
    MeetingAttendance.objects.create(meeting=meeting, name="Besökare Länksson", contact="", recorded_by=_owner(w))
    return {"pk": meeting.pk}


def _walkin_link_data(w, kwargs, user_key, page):
    walk_in = MeetingAttendance.objects.get(meeting_id=kwargs["pk"], name="Besökare Länksson")
    return {"link-walk_in": walk_in.pk, "link-participant": w.participants["consent_all"].pk}


scoped_write("intake:walkin_link", kwargs=_walkin_link_kwargs, allowed=in_unit, data=_walkin_link_data)


def _walkin_registration(w, user_key):
    return {"personnummer": valid_personnummer(), "gender": "man", "municipality": w.unit.municipalities.first().pk}


scoped_write("intake:walkin_register", kwargs=_walkin_kwargs, allowed=in_unit, data=as_rendered(_walkin_registration))
scoped_write("intake:group_create", kwargs=unit_kwargs, allowed=in_unit,
             data=fixed({"name": "Grupp skrivmatris", "starts_on": _today(7), "weeks": "4", "capacity": "6",
                         "audience": "mixed", "place": "Krami"}))
scoped_write("intake:session_add", kwargs=lambda w: {"pk": _group(w).pk}, allowed=in_unit,
             data=fixed({"held_on": _today(), "starts_at": "13:00", "topic": "Rättigheter och skyldigheter"}))


def _session_with_member(w):
    """A session of a group the consent_all participant started in (everyone in the unit sees them)."""

    group = _group(w)
    member = w.participants["consent_all"]
    accept(member, by=_owner(w), on=group.starts_on - timedelta(days=7))
    start(member, by=_owner(w), group=group)
    session = GroupSession.objects.create(group=group, held_on=group.starts_on)
    return {"pk": group.pk, "session_id": session.pk}


def _attendance_data(w, kwargs, user_key, page):
    episode = Episode.objects.get(group_id=kwargs["pk"], participant=w.participants["consent_all"])
    return {f"episode_{episode.pk}": "absent"}


scoped_write("intake:session_attendance", kwargs=_session_with_member, allowed=in_unit, data=_attendance_data)


# --- The register import: the coordinator's, for their own organisation ---------------------------------
def _upload(w, kwargs, user_key, page):
    row = person("19900101-0017", hemkommun=w.unit.municipalities.first().name)
    return {"unit": w.unit.pk, "file": SimpleUploadedFile("register.csv", csv_bytes([row]), content_type="text/csv")}


def _uploaded(w):
    """An import uploaded and not yet checked: the check has rows to read."""

    row = person("19900101-0017", hemkommun=w.unit.municipalities.first().name)
    imp = import_upload(unit=w.unit, by=w.users["kommun_samordnare"], file_name="register.csv", content=csv_bytes([row]))
    return {"pk": imp.pk}


scoped_write("intake:imports", allowed=COORDINATOR, data=_upload)
scoped_write("intake:import_check", kwargs=_uploaded, allowed=COORDINATOR)
for name in ("import_apply", "import_discard"):
    scoped_write(f"intake:{name}", kwargs=_import_kwargs, allowed=COORDINATOR)


# --- One participant's path: the team's shared work ----------------------------------------------------
def _queued(w, p):
    accept(p, by=_owner(w), on=timezone.localdate() - timedelta(days=10))
    return {"pk": p.pk}


def _enrolled(w, p):
    _queued(w, p)
    start(p, by=_owner(w), on=timezone.localdate() - timedelta(days=5))
    return {"pk": p.pk}


participant_write("intake:interview_create",
                  data=fixed(lambda w: {"held_on": _today(), "interviewer": _owner(w).pk, "notes": "Motiverad"}))
participant_write("intake:assessment_create",
                  data=fixed(lambda w: {"decided_on": _today(), "decided_by": _owner(w).pk, "decision": "not_now",
                                        "reason": "Bostad saknas ännu",
                                        "no_interview_reason": "Intervjun hölls av frivården på anstalten"}))
participant_write("intake:queue_place", kwargs=_queued, data=fixed({"position": "1", "reason": "Utslussning"}))
participant_write("intake:start", kwargs=_queued,
                  data=fixed({"kind": StartKind.INDIVIDUAL, "started_on": _today()}))
participant_write("intake:exit", kwargs=_enrolled,
                  data=fixed({"ended_on": _today(), "outcome": "work", "completed_guidance_programme": "yes"}))


def _followup(w, p):
    today = timezone.localdate()
    episode = Episode.objects.create(
        participant=p, kind=StartKind.INDIVIDUAL, started_on=today - timedelta(days=120), started_by=_owner(w),
        ended_on=today - timedelta(days=95), exit_outcome="work", completed_guidance_programme=True,
    )
    follow_up = FollowUp.objects.create(episode=episode, unit_id=episode.participant.unit_id, months=3, due_on=today - timedelta(days=5))
    return {"pk": p.pk, "followup_id": follow_up.pk}


participant_write("intake:followup_record", kwargs=_followup,
                  data=fixed({"result": "working", "checked_on": _today(), "note": ""}))
participant_write("intake:drugtest_create", data=fixed({"referred_on": _today(), "reason": "Misstanke om påverkan"}))


def _drug_test_of(org_key):
    def kwargs(w, p):
        test = DrugTest.objects.create(
            participant=p, owner_organisation=w.orgs[org_key], referred_on=timezone.localdate(), reason="Misstanke",
            referred_by=_owner(w),
        )
        return {"pk": p.pk, "test_id": test.pk}

    return kwargs


for org_key in ("kommun", "kv"):
    participant_write(f"intake:drugtest_result[{org_key}]", kwargs=_drug_test_of(org_key), may=record_of(org_key),
                      data=fixed({"result": "negative", "result_on": _today()}))


def _no_show_of(org_key):
    """A no-show of an enrolled participant, waiting for the team's decision."""
    def kwargs(w, p):
        _enrolled(w, p)
        test = DrugTest.objects.create(
            participant=p, owner_organisation=w.orgs[org_key], referred_on=timezone.localdate(), reason="Misstanke",
            referred_by=_owner(w), result="no_show", result_on=timezone.localdate(), no_show_decision="pending",
        )
        return {"pk": p.pk, "test_id": test.pk}

    return kwargs


for org_key in ("kommun", "kv"):
    participant_write(f"intake:drugtest_decision[{org_key}]", kwargs=_no_show_of(org_key), may=sees_test_of(org_key),
                      data=fixed({"decision": "discharge", "reason": "Uteblev utan att höra av sig", "decided_on": _today()}))


# --- Issue 16: a booking's outcome, recorded on the day --------------------------------------------------
from tests.intake.access_cases import _attendance_record_kwargs, _booked_interview  # noqa: E402

scoped_write("intake:attendance_record", kwargs=_attendance_record_kwargs, allowed=in_unit, data=fixed({"came": "yes"}))
participant_write("intake:interview_outcome", kwargs=_booked_interview(0),
                  data=fixed({"held": "yes", "notes": "Motiverad, vill börja i gruppen"}))
