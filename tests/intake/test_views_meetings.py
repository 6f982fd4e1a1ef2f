"""Information meetings in the browser's terms: the weekly slot, the attendance list, walk-ins becoming participants."""

from datetime import time, timedelta

import pytest
from django.urls import reverse

from intake.models import InformationMeeting, MeetingAttendance, MeetingSlot
from krami.models import AuditEvent
from participants.models import Participant, ReferralSource
from tests.intake.factories import make_meeting, today
from tests.participants.factories import make_participant, valid_personnummer

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(world, client):
    user = world.users["kommun_vagledare"]
    client.force_login(user)
    return user


def test_the_weekly_slot_promises_meetings_that_open_on_demand(world, owner, client):
    response = client.post(
        reverse("intake:slot_create", args=[world.unit.pk]),
        {"weekday": str(today().weekday()), "starts_at": "13:00", "place": "Krami, Drottninggatan 1", "is_active": "on"},
    )
    assert response.status_code == 302
    slot = MeetingSlot.objects.get(unit=world.unit)
    page = client.get(reverse("intake:meetings", args=[world.unit.pk]))
    assert "Krami, Drottninggatan 1" in page.content.decode()
    assert page.context["coming"][0].held_on == today() and page.context["coming"][0].meeting is None
    assert not InformationMeeting.objects.exists()  # a GET opens nothing

    response = client.post(
        reverse("intake:meeting_create", args=[world.unit.pk]),
        {"held_on": today().isoformat(), "starts_at": "13:00", "place": slot.place, "slot": slot.pk},
    )
    meeting = InformationMeeting.objects.get()
    assert response["Location"] == reverse("intake:meeting_detail", args=[meeting.pk])
    assert meeting.slot == slot
    # Opening it again gives the same meeting.
    client.post(reverse("intake:meeting_create", args=[world.unit.pk]),
                {"held_on": today().isoformat(), "starts_at": "13:00", "place": slot.place, "slot": slot.pk})
    assert InformationMeeting.objects.count() == 1


def test_a_walk_in_needs_a_name_and_is_listed(world, owner, client):
    meeting = make_meeting(world.unit, by=owner)
    url = reverse("intake:walkin_add", args=[meeting.pk])
    response = client.post(url, {"name": "", "contact": "070-7654321"})
    assert response.status_code == 200 and not MeetingAttendance.objects.exists()
    html = response.content.decode()
    assert "error-summary" in html and 'value="070-7654321"' in html

    client.post(url, {"name": "Kim Besök", "contact": "070-7654321"})
    page = client.get(reverse("intake:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Kim Besök" in page and "070-7654321" in page and "Register as participant" in page


def test_registering_a_walk_in_prefills_the_register_form_and_links_the_record(world, owner, client):
    meeting = make_meeting(world.unit, by=owner)
    walk_in = MeetingAttendance.objects.create(meeting=meeting, name="Kim Besök", contact="kim@example.invalid", recorded_by=owner)
    url = reverse("intake:walkin_register", args=[meeting.pk, walk_in.pk])
    form = client.get(url).context["form"]
    assert (form["first_name"].value(), form["last_name"].value(), form["email"].value()) == ("Kim", "Besök", "kim@example.invalid")
    assert form["referral_source"].value() == ReferralSource.SELF

    data = {
        "unit": world.unit.pk, "personnummer": valid_personnummer(), "first_name": "Kim", "last_name": "Besök",
        "gender": "woman", "municipality": world.unit.municipalities.first().pk, "email": "kim@example.invalid",
        "referral_source": ReferralSource.SELF, "drug_free": "yes", "housing_arranged": "yes",
        "childcare_arranged": "n/a", "handler": owner.pk,
    }
    response = client.post(url, data)
    participant = Participant.objects.get(first_name="Kim", last_name="Besök")
    assert response["Location"] == reverse("participants:detail", args=[participant.pk])
    walk_in.refresh_from_db()
    assert walk_in.participant == participant and (walk_in.name, walk_in.contact) == ("", "")
    assert participant.owner_organisation == world.orgs["kommun"]
    assert AuditEvent.objects.filter(action="info_meeting.walk_in_registered", data__participant=participant.pk).exists()
    page = client.get(reverse("intake:meeting_detail", args=[meeting.pk])).content.decode()
    assert "registered from this meeting" in page
    # Registering the same walk-in twice is not possible.
    assert client.get(url).status_code == 404


def test_a_walk_in_can_be_linked_to_an_existing_record(world, owner, client):
    meeting = make_meeting(world.unit, by=owner)
    walk_in = MeetingAttendance.objects.create(meeting=meeting, name="Redan Registrerad", recorded_by=owner)
    existing = make_participant(unit=world.unit, handler=owner, first_name="Redan", last_name="Registrerad")
    response = client.post(
        reverse("intake:walkin_link", args=[meeting.pk]), {"link-walk_in": walk_in.pk, "link-participant": existing.pk}
    )
    assert response.status_code == 302
    walk_in.refresh_from_db()
    assert walk_in.participant == existing and walk_in.name == ""


def test_attendance_shows_only_people_the_user_may_see(world, client):
    owner = world.users["kommun_vagledare"]
    meeting = make_meeting(world.unit, by=owner)
    for key in ("no_consent", "consent_all"):
        MeetingAttendance.objects.create(meeting=meeting, participant=world.participants[key], recorded_by=owner)
    client.force_login(world.users["kv_vagledare"])
    html = client.get(reverse("intake:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Sentinelconsent_all" in html and "Sentinelno_consent" not in html
    assert "whose record you may not see" in html
    # The form to add registered participants offers only people the user may see.
    choices = [
        str(c[1])
        for c in client.get(reverse("intake:meeting_detail", args=[meeting.pk])).context["participant_form"].fields["participant"].choices
    ]
    assert not any("Sentinelno_consent" in c for c in choices)


def test_past_meetings_are_listed_with_counts(world, owner, client):
    meeting = make_meeting(world.unit, by=owner, on=today() - timedelta(days=7))
    MeetingAttendance.objects.create(meeting=meeting, name="Walk In", recorded_by=owner)
    MeetingAttendance.objects.create(meeting=meeting, participant=world.participants["no_consent"], recorded_by=owner)
    row = client.get(reverse("intake:meetings", args=[world.unit.pk])).context["page"].object_list[0]
    assert (row.attended, row.walk_ins) == (2, 1)


def test_another_units_meeting_is_404(world, client):
    meeting = make_meeting(world.unit, by=world.users["kommun_vagledare"])
    client.force_login(world.users["other_unit_vagledare"])
    assert client.get(reverse("intake:meeting_detail", args=[meeting.pk])).status_code == 404
    assert client.post(reverse("intake:walkin_add", args=[meeting.pk]), {"name": "X"}).status_code == 404
    assert not MeetingAttendance.objects.exists()
    assert time(13, 0) == meeting.starts_at
