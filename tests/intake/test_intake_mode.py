"""Group starts, individual starts or both, as the unit's agreement says (seeds/002: Helsingborg takes
group starts only, Kristianstad individual starts only, Blekinge both; DOMAIN.md, "Programme")."""

from datetime import timedelta

import pytest
from django.urls import reverse

from agreements.rules import IntakeMode
from intake.models import Episode, StartKind
from intake.services.programme import StartRefused, start_kinds
from tests.intake.factories import ELIGIBLE, accept, make_group, start, today
from tests.participants.factories import make_participant


@pytest.mark.parametrize(
    "mode, kinds",
    [
        pytest.param(IntakeMode.GROUP, (StartKind.GROUP,), id="Helsingborg: group intake only"),
        pytest.param(IntakeMode.INDIVIDUAL, (StartKind.INDIVIDUAL,), id="Kristianstad: individual intake only"),
        pytest.param(IntakeMode.BOTH, (StartKind.GROUP, StartKind.INDIVIDUAL), id="Blekinge: both"),
    ],
)
def test_start_kinds(mode, kinds):
    assert start_kinds(mode) == kinds


@pytest.fixture
def queued(world):
    owner = world.users["kommun_vagledare"]
    return owner, accept(make_participant(unit=world.unit, handler=owner, **ELIGIBLE), by=owner, on=today() - timedelta(days=5))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "mode, group_start, allowed",
    [
        (IntakeMode.GROUP, True, True),
        (IntakeMode.GROUP, False, False),
        (IntakeMode.INDIVIDUAL, True, False),
        (IntakeMode.INDIVIDUAL, False, True),
        (IntakeMode.BOTH, True, True),
        (IntakeMode.BOTH, False, True),
    ],
)
def test_a_start_of_a_kind_the_agreement_does_not_allow_is_refused(world, queued, unit_rules, mode, group_start, allowed):
    unit_rules(intake_mode=mode)
    owner, p = queued
    group = make_group(world.unit, by=owner) if group_start else None
    if allowed:
        assert start(p, by=owner, group=group).kind == (StartKind.GROUP if group_start else StartKind.INDIVIDUAL)
    else:
        with pytest.raises(StartRefused) as exc:
            start(p, by=owner, group=group)
        assert exc.value.code == "intake_mode" and not Episode.objects.filter(participant=p).exists()


@pytest.mark.django_db
def test_the_start_form_offers_only_group_starts_in_a_group_only_unit(world, queued, unit_rules, client):
    unit_rules(intake_mode=IntakeMode.GROUP)
    owner, p = queued
    client.force_login(owner)
    url = reverse("intake:start", args=[p.pk])
    form = client.get(url).context["form"]
    assert [value for value, _label in form.fields["kind"].choices] == [StartKind.GROUP]
    response = client.post(url, {"kind": "individual", "started_on": today().isoformat()})
    assert response.status_code == 200 and not Episode.objects.filter(participant=p).exists()
    response = client.post(url, {"kind": "group", "started_on": today().isoformat()})
    assert "the unit takes group starts only" in response.content.decode()


@pytest.mark.django_db
def test_the_start_form_has_no_group_in_an_individual_only_unit(world, queued, unit_rules, client):
    unit_rules(intake_mode=IntakeMode.INDIVIDUAL)
    owner, p = queued
    client.force_login(owner)
    url = reverse("intake:start", args=[p.pk])
    form = client.get(url).context["form"]
    assert "group" not in form.fields and [v for v, _l in form.fields["kind"].choices] == [StartKind.INDIVIDUAL]
    assert client.post(url, {"kind": "individual", "started_on": today().isoformat()}).status_code == 302
    assert Episode.objects.get(participant=p).kind == StartKind.INDIVIDUAL


@pytest.mark.django_db
@pytest.mark.parametrize("mode, shows_groups", [(IntakeMode.GROUP, True), (IntakeMode.INDIVIDUAL, False)])
def test_the_queue_follows_the_intake_mode(world, queued, unit_rules, client, mode, shows_groups):
    owner, _p = queued
    make_group(world.unit, by=owner, starts_on=today() + timedelta(days=7), name="Vägledningskurs v. 12")
    full = make_group(world.unit, by=owner, starts_on=today(), capacity=1, name="Full grupp")
    start(accept(make_participant(unit=world.unit, handler=owner, **ELIGIBLE), by=owner), by=owner, group=full)
    unit_rules(intake_mode=mode)
    client.force_login(owner)
    response = client.get(reverse("intake:queue", args=[world.unit.pk]))
    page = response.context["page"]
    assert [g.name for g in page.open_groups] == (["Vägledningskurs v. 12"] if shows_groups else [])
    assert str(IntakeMode(mode).label) in response.content.decode()
