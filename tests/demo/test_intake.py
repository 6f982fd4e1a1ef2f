"""The demo data gives every intake page and state content, and seeding twice changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from intake.models import (
    Assessment,
    Decision,
    DrugTest,
    DrugTestResult,
    Episode,
    ExitOutcome,
    FollowUp,
    GuidanceGroup,
    ImportStatus,
    InformationMeeting,
    Interview,
    MeetingAttendance,
    NoShowDecision,
    QueuePlacement,
    RegisterImport,
    SessionAttendance,
    StartKind,
)
from intake.services.programme import drug_policy_block
from krami.models import Unit
from participants.access import visible_participants
from participants.models import CriminalJusticeInfo, CriminalJusticeStatus, Participant, Phase, PhaseChange

pytestmark = pytest.mark.django_db

MODELS = [InformationMeeting, MeetingAttendance, Interview, Assessment, QueuePlacement, GuidanceGroup, Episode,
          FollowUp, DrugTest, SessionAttendance]


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def test_seeding_twice_changes_nothing(seeded):
    first = counts()
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    assert counts() == first


def test_every_state_has_content(seeded):
    today = timezone.localdate()
    for unit in Unit.objects.all():
        assert MeetingAttendance.objects.filter(meeting__unit=unit, participant__isnull=True).exists()  # walk-ins
        assert MeetingAttendance.objects.filter(meeting__unit=unit, participant__isnull=False).exists()
        assert set(Assessment.objects.filter(participant__unit=unit).values_list("decision", flat=True)) == set(Decision.values)
        statuses = {g.status_on(today) for g in GuidanceGroup.objects.filter(unit=unit)}
        assert statuses == {"planned", "running", "finished"}
        assert Episode.objects.filter(participant__unit=unit, ended_on__isnull=True).exists()
        assert FollowUp.objects.filter(episode__participant__unit=unit, result="", due_on__lte=today).exists()
        assert DrugTest.objects.filter(participant__unit=unit, result="").exists()
        queued = Participant.objects.filter(unit=unit, phase=Phase.QUEUED)
        assert queued.exists() and all(Assessment.objects.filter(participant=p, decision="accepted").exists() for p in queued)
    accepted_despite = [a for a in Assessment.objects.all() if a.overridden]
    assert accepted_despite and all(a.override_reason for a in accepted_despite)
    assert QueuePlacement.objects.exists()
    assert FollowUp.objects.exclude(result="").exists()
    refused = DrugTest.objects.filter(result=DrugTestResult.REFUSED).select_related("participant")
    assert refused and all(drug_policy_block(t.participant) for t in refused)  # a blocked re-enrolment
    assert Episode.objects.filter(exit_outcome=ExitOutcome.DRUG_TEST_DISCHARGE).exists()
    full = [g for g in GuidanceGroup.objects.all() if g.episodes.count() >= g.capacity]
    assert full  # a full group
    # People imported from the unit's old spreadsheet (the register-import demo) have no assessment in Krami.
    imported = PhaseChange.objects.filter(reason__startswith="import:").values("participant")
    for p in Participant.objects.exclude(phase__in=[Phase.APPLICANT, Phase.NOT_ACCEPTED]).exclude(pk__in=imported):
        # every participant past the assessment has one; everyone in the programme has an open episode
        assert Assessment.objects.filter(participant=p).exists()
        if p.is_active:
            assert Episode.objects.filter(participant=p, ended_on__isnull=True).exists()
        if p.phase == Phase.CLOSED:
            assert Episode.objects.filter(participant=p, ended_on=p.phase_since).exists()


def test_every_intake_page_of_the_demo_opens_for_a_vagledare(seeded, client):
    user = Participant.objects.filter(unit__name="Krami Stockholm").first().handler
    client.force_login(user)
    unit = Unit.objects.get(name="Krami Stockholm")
    urls = [reverse("krami:home"), reverse("intake:overview")]
    urls += [reverse(f"intake:{n}", args=[unit.pk]) for n in ("queue", "meetings", "groups", "followups")]
    urls += [reverse("intake:meeting_detail", args=[m.pk]) for m in InformationMeeting.objects.filter(unit=unit)[:2]]
    urls += [reverse("intake:group_detail", args=[g.pk]) for g in GuidanceGroup.objects.filter(unit=unit)]
    for p in visible_participants(user).filter(unit=unit):
        urls.append(reverse("participants:detail", args=[p.pk]))
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_import_history_has_one_finished_import(seeded):
    imports = list(RegisterImport.objects.all())
    assert [(i.unit.name, i.status, i.error_rows, i.content) for i in imports] == [
        ("Krami Stockholm", ImportStatus.APPLIED, 0, None)]
    assert imports[0].new_participants == 5 and imports[0].new_episodes == 5


def test_the_demo_shows_the_rules_of_issue_18(seeded, client):
    """Each seed rule of the second pass has something to show in the demo."""
    sthlm, thn = Unit.objects.get(name="Krami Stockholm"), Unit.objects.get(name="Krami Trollhättan Vänersborg")
    today = timezone.localdate()
    # Trollhättan's target group (seeds/003): people convicted and at risk, one accepted despite it.
    statuses = set(CriminalJusticeInfo.objects.filter(participant__unit=thn).values_list("status", flat=True))
    assert {CriminalJusticeStatus.CONVICTED, CriminalJusticeStatus.AT_RISK} <= statuses
    assert any(f["code"] == "target_group" for a in Assessment.objects.filter(participant__unit=thn) for f in a.failed_conditions)
    for unit in (sthlm, thn):
        user = Participant.objects.filter(unit=unit).first().handler
        client.force_login(user)
        page = client.get(reverse("intake:queue", args=[unit.pk])).context["page"]
        reasons = [r for row in page.rows for r in row.reasons]
        # Accepted without an interview, with the reason; the women-first rule deciding (below the target).
        assert any(r.startswith("Accepted without an interview") for r in reasons), unit
        if page.basis == "below_target":
            assert any("Women first between equal applicants" in r for r in reasons), unit
    # Trollhättan takes group starts only: every start the intake demo made there is a group start.
    assert not Episode.objects.filter(participant__unit=thn, ended_on__isnull=True, kind=StartKind.INDIVIDUAL).exists()
    assert Episode.objects.filter(participant__unit=sthlm, ended_on__isnull=True, kind=StartKind.INDIVIDUAL).exists()
    # No-shows: one waits for Stockholm's team, one was decided; Trollhättan's rule discharged at the second.
    assert DrugTest.objects.filter(participant__unit=sthlm, no_show_decision=NoShowDecision.PENDING).exists()
    assert DrugTest.objects.filter(participant__unit=sthlm, no_show_decision=NoShowDecision.CONTINUE).exclude(no_show_reason="").exists()
    assert DrugTest.objects.filter(participant__unit=thn, no_show_decision=NoShowDecision.BY_RULE).exists()
    # Studies full time and part time, in the exits and the follow-ups.
    outcomes = set(Episode.objects.values_list("exit_outcome", flat=True))
    assert {ExitOutcome.STUDIES_FULL_TIME, ExitOutcome.STUDIES_PART_TIME} <= outcomes
    assert FollowUp.objects.filter(result__in=["studying_full_time", "studying_part_time"], checked_on__lte=today).exists()
