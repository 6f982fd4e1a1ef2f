"""Two parties' records of one person (issue 18, item 8; DOMAIN.md, "One person, one participation").

Once a consent lets each owner see the other's record, the case page says so and the owners merge
the records: one proposes, the other's handler or coordinator confirms; every row moves to the
record registered first, grants are derived again, the merge is audited and in the register extract.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from intake.models import DrugTest, Episode, Interview, MeetingAttendance
from intake.services.assessment import interview_record
from intake.services.meetings import attendance_add_participant
from krami.models import AccessLog, AuditEvent, DataCategory
from participants import merging
from participants.access import visible_participants
from participants.models import (
    Consent,
    ConsentMethod,
    CriminalJusticeStatus,
    JournalNote,
    MergeProposal,
    MergeStatus,
    NoteVisibility,
    Participant,
    PhaseChange,
)
from participants.services.consent import consent_record
from participants.services.merge import MergeRefused, merge_confirm, merge_propose
from participants.services.notes import note_create
from tests.intake.factories import accept, exit_, make_drug_test, make_meeting, start, today
from tests.participants.factories import make_participant, register_again
from tests.pdf import pdf_words


def _share_core(participant, by, *orgs):
    return consent_record(
        participant=participant, by=by, given_on=today(), method=ConsentMethod.WRITTEN,
        scopes=[(org, DataCategory.CORE) for org in orgs],
    )


@pytest.fixture
def pair(world):
    """The kommun's record of a person, and KV's record of the same person registered later; each owner
    then lets the other see its record (consent for the identity both ways)."""
    kommun, kv = world.users["kommun_vagledare"], world.users["kv_vagledare"]
    mine = make_participant(
        unit=world.unit, handler=kommun, first_name="Sam", last_name="Dubbelsson", phone="070-1110000",
        phase_since=today() - timedelta(days=60),
    )
    theirs = register_again(mine, by=kv, email="sam@example.se")
    _share_core(mine, kommun, world.orgs["kv"])
    _share_core(theirs, kv, world.orgs["kommun"])
    return mine, theirs


def _propose(world, pair):
    mine, theirs = pair
    return merge_propose(participant=mine, other=theirs, by=world.users["kommun_vagledare"], note="Samma personnummer")


def _confirm(world, proposal, theirs):
    return merge_confirm(proposal=proposal, participant=theirs, by=world.users["kv_vagledare"])


def test_the_case_page_says_when_another_partys_record_of_the_person_is_visible(world, client, pair):
    mine, theirs = pair
    client.force_login(world.users["kommun_vagledare"])
    body = client.get(reverse("participants:detail", args=[mine.pk])).content.decode()
    assert "same-person" in body and theirs.reference in body
    assert reverse("participants:merge_propose", args=[mine.pk, theirs.pk]) in body


def test_no_notice_without_a_consent(world, client):
    """Another party's record stays secret until a consent lets the user see it."""
    mine = make_participant(unit=world.unit, handler=world.users["kommun_vagledare"])
    register_again(mine, by=world.users["kv_vagledare"])
    client.force_login(world.users["kommun_vagledare"])
    assert "same-person" not in client.get(reverse("participants:detail", args=[mine.pk])).content.decode()


def test_one_proposes_and_the_other_confirms_through_the_pages(world, client, pair):
    mine, theirs = pair
    client.force_login(world.users["kommun_vagledare"])
    response = client.post(reverse("participants:merge_propose", args=[mine.pk, theirs.pk]), {"note": "Samma person"})
    assert response.status_code == 302
    proposal = MergeProposal.objects.get(status=MergeStatus.OPEN)
    assert (proposal.kept, proposal.absorbed) == (mine, theirs)

    client.force_login(world.users["kv_vagledare"])
    page = client.get(reverse("participants:detail", args=[theirs.pk])).content.decode()
    answer_url = reverse("participants:merge_answer", args=[theirs.pk, proposal.pk])
    assert answer_url in page
    response = client.post(answer_url, {"decision": "merge", "note": ""})
    assert response.status_code == 302 and response["Location"] == reverse("participants:detail", args=[mine.pk])
    assert not Participant.objects.filter(pk=theirs.pk).exists()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.absorbed_id, proposal.absorbed_reference) == (MergeStatus.MERGED, None, theirs.reference)


@pytest.mark.parametrize("user_key", ["kommun_samordnare", "kommun_vagledare"])
def test_the_handler_or_the_coordinator_of_an_owner_may_propose(world, client, pair, user_key):
    mine, theirs = pair
    client.force_login(world.users[user_key])
    assert client.get(reverse("participants:merge_propose", args=[mine.pk, theirs.pk])).status_code == 200


def test_nobody_else_may_propose_or_answer(world, client, pair):
    from tests.krami.factories import staff  # noqa: PLC0415

    mine, theirs = pair
    colleague = staff(role="vagledare", unit=world.unit, organisation=world.orgs["kommun"], username="kollega")
    client.force_login(colleague)
    assert client.get(reverse("participants:merge_propose", args=[mine.pk, theirs.pk])).status_code == 404
    client.force_login(world.users["af_vagledare"])
    assert client.get(reverse("participants:merge_propose", args=[mine.pk, theirs.pk])).status_code == 404
    proposal = _propose(world, pair)
    # The proposer cannot confirm its own proposal; it may withdraw it.
    client.force_login(world.users["kommun_vagledare"])
    assert client.get(reverse("participants:merge_answer", args=[mine.pk, proposal.pk])).status_code == 404
    assert client.post(reverse("participants:merge_withdraw", args=[mine.pk, proposal.pk])).status_code == 302
    assert MergeProposal.objects.get().status == MergeStatus.WITHDRAWN


def test_a_merge_needs_each_owner_to_see_the_others_record(world, client):
    kommun, kv = world.users["kommun_vagledare"], world.users["kv_vagledare"]
    mine = make_participant(unit=world.unit, handler=kommun)
    theirs = register_again(mine, by=kv)
    _share_core(theirs, kv, world.orgs["kommun"])  # the kommun sees KV's record, KV not the kommun's
    client.force_login(kommun)
    page = client.get(reverse("participants:merge_propose", args=[mine.pk, theirs.pk])).content.decode()
    assert "Each organisation must see the other" in page
    with pytest.raises(MergeRefused):
        merge_propose(participant=mine, other=theirs, by=kommun)


def test_two_open_enrolments_are_settled_first(world, pair):
    mine, theirs = pair
    for record, by in ((mine, world.users["kommun_vagledare"]), (theirs, world.users["kv_vagledare"])):
        start(accept(record, by=by, on=today() - timedelta(days=5)), by=by, on=today() - timedelta(days=3))
    with pytest.raises(MergeRefused, match="open enrolment"):
        _propose(world, pair)


def test_every_row_moves_and_nothing_is_lost(world, pair):
    mine, theirs = pair
    kommun, kv = world.users["kommun_vagledare"], world.users["kv_vagledare"]
    meeting = make_meeting(world.unit, by=kommun, on=today() - timedelta(days=40))
    for record in (mine, theirs):
        attendance_add_participant(meeting=meeting, by=kommun, participant=record)
    interview_record(participant=theirs, by=kv, held_on=today() - timedelta(days=30), interviewer=kv)
    accept(theirs, by=kv, on=today() - timedelta(days=20))
    start(theirs, by=kv, on=today() - timedelta(days=15))
    exit_(theirs, by=kv, on=today() - timedelta(days=2), outcome="work")
    make_drug_test(theirs, by=kv)
    note_create(participant=theirs, by=kv, noted_on=today(), visibility=NoteVisibility.OWN_ORGANISATION, text="KV:s egen")
    cj = theirs.criminal_justice
    cj.status, cj.current_at_kv, cj.notes = CriminalJusticeStatus.PROBATION, True, "Skyddstillsyn till 2027"
    cj.save()
    rows_before = {
        model: model.objects.filter(participant__in=[mine, theirs]).count()
        for model in (Interview, Episode, DrugTest, JournalNote, Consent, PhaseChange)
    }

    kept = _confirm(world, _propose(world, pair), theirs)

    assert kept.pk == mine.pk
    for model, count in rows_before.items():
        assert model.objects.filter(participant=kept).count() == count + (model is JournalNote), model
    # The person was at the meeting once, not twice.
    assert MeetingAttendance.objects.filter(meeting=meeting, participant=kept).count() == 1
    kept.refresh_from_db()
    assert (kept.criminal_justice.status, kept.criminal_justice.current_at_kv) == (CriminalJusticeStatus.PROBATION, True)
    assert "Skyddstillsyn till 2027" in kept.criminal_justice.notes
    # The kept record took the e-mail only the other had; the phase is the latest change of the two
    # (an applicant since two months, closed by KV two days ago).
    assert (kept.email, kept.phone, kept.phase) == ("sam@example.se", "070-1110000", "closed")
    # KV's own note is still KV's alone, and KV keeps seeing the person through the kommun's consent.
    assert set(JournalNote.objects.filter(text="KV:s egen").values_list("owner_organisation", flat=True)) == {world.orgs["kv"].pk}
    assert visible_participants(kv).filter(pk=kept.pk).exists()
    merged = JournalNote.objects.get(participant=kept, text__contains=theirs.reference)
    assert merged.owner_organisation == world.orgs["kv"] and merged.visibility == NoteVisibility.OWN_ORGANISATION


def test_the_merge_is_audited(world, pair):
    mine, theirs = pair
    proposal = _propose(world, pair)
    _confirm(world, proposal, theirs)
    assert list(AuditEvent.objects.filter(action__in=["merge.proposed", "participant.merged"]).order_by("pk")
                .values_list("action", "user__username")) == [("merge.proposed", "kommun_vl"), ("participant.merged", "kv_vl")]
    assert AuditEvent.objects.get(action="participant.merged").data["absorbed_reference"] == theirs.reference


def test_the_register_extract_shows_the_merge_and_the_reads_of_the_merged_record(world, client, pair):
    mine, theirs = pair
    client.force_login(world.users["kv_vagledare"])
    client.get(reverse("participants:detail", args=[theirs.pk]))  # a read of KV's record before the merge
    _confirm(world, _propose(world, pair), theirs)
    client.force_login(world.users["kommun_vagledare"])
    text = pdf_words(client.get(reverse("privacy:extract_pdf", args=[mine.pk])).content)
    assert theirs.reference in text
    assert AccessLog.objects.filter(participant_id=theirs.pk).exists()
    assert "kv_vl" in text


def test_the_merged_records_core_consent_releases_nothing_of_the_kept_record(world, pair):
    """KV released its own record's identity to AF; after the merge the identity record is the kommun's,
    which only the kommun releases: AF does not see the person."""
    mine, theirs = pair
    _share_core(theirs, world.users["kv_vagledare"], world.orgs["af"])
    assert visible_participants(world.users["af_vagledare"]).filter(pk=theirs.pk).exists()
    kept = _confirm(world, _propose(world, pair), theirs)
    assert not visible_participants(world.users["af_vagledare"]).filter(pk=kept.pk).exists()


def test_a_declined_proposal_leaves_both_records(world, client, pair):
    mine, theirs = pair
    proposal = _propose(world, pair)
    client.force_login(world.users["kv_vagledare"])
    url = reverse("participants:merge_answer", args=[theirs.pk, proposal.pk])
    assert "Say why" in client.post(url, {"decision": "decline", "note": ""}).content.decode()
    client.post(url, {"decision": "decline", "note": "Olika personer: fel personnummer hos oss"})
    proposal.refresh_from_db()
    assert proposal.status == MergeStatus.DECLINED
    assert Participant.objects.filter(pk__in=[mine.pk, theirs.pk]).count() == 2


def test_every_relation_held_to_one_per_person_has_a_merge_rule():
    merging.check_rules()  # intake's rules are registered
    saved = dict(merging.MERGE_RULES)
    try:
        merging.MERGE_RULES.clear()
        with pytest.raises(ImproperlyConfigured):
            merging.check_rules()
    finally:
        merging.MERGE_RULES.update(saved)


def test_a_protected_identity_stays_protected_after_a_merge(world, pair):
    mine, theirs = pair
    theirs.protected_identity = True
    theirs.save(update_fields=["protected_identity"])
    kept = _confirm(world, _propose(world, pair), theirs)
    assert kept.protected_identity and kept.address == ""
    assert "Dubbelsson" not in JournalNote.objects.get(text__contains=theirs.reference).text


def test_the_kept_record_is_the_one_registered_first(world, pair):
    mine, theirs = pair
    proposal = merge_propose(participant=theirs, other=mine, by=world.users["kv_vagledare"])
    assert (proposal.kept, proposal.absorbed, proposal.proposing_organisation) == (mine, theirs, world.orgs["kv"])
    kept = merge_confirm(proposal=proposal, participant=mine, by=world.users["kommun_samordnare"])
    assert kept == mine and kept.owner_organisation == world.orgs["kommun"]



def test_a_proposal_about_the_removed_record_is_withdrawn_and_points_at_the_kept_one(world, pair):
    """Three parties' records of one person: KV has proposed merging AF's record into its own; once
    the kommun's and KV's are merged, KV's record is gone, so that proposal is withdrawn (propose it
    again with the kept record) and names the kept record."""
    mine, theirs = pair
    kv, af = world.users["kv_vagledare"], world.users["af_vagledare"]
    third = register_again(mine, by=af)
    _share_core(third, af, world.orgs["kv"])
    _share_core(theirs, kv, world.orgs["af"])
    other = merge_propose(participant=theirs, other=third, by=kv)
    assert (other.kept, other.absorbed) == (theirs, third)

    _confirm(world, _propose(world, pair), theirs)

    other.refresh_from_db()
    assert (other.status, other.kept, other.absorbed) == (MergeStatus.WITHDRAWN, mine, third)
    assert mine.reference in other.answer_note
