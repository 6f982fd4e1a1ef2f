"""Issue 16, item 5: group starts that fit.

The tester's findings: the group-start choice offered a full group and a women's group to a man,
and failed only after submit with "alla 6 platser togs innan din start hann sparas" (they were
taken before the form opened); places read "0 av 5 platser tagna" on one page and "5/5" on another.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from intake.models import Episode, GroupAudience
from krami.models import Gender
from tests.intake.factories import ELIGIBLE, accept, make_group, start, today
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(world, client):
    user = world.users["kommun_vagledare"]
    client.force_login(user)
    return user


def queued(world, owner, **fields):
    return accept(make_participant(unit=world.unit, handler=owner, **{**ELIGIBLE, **fields}), by=owner)


def fill(group, world, owner, n):
    for _ in range(n):
        start(queued(world, owner), by=owner, group=group)


def radio(page: str, group) -> str:
    """The group's radio button and its label."""
    found = re.search(rf'<input type="radio" name="group" value="{group.pk}"[^>]*>[^<]*', page)
    assert found, f"no radio for {group.name}"
    return found.group(0)


def test_the_start_form_offers_only_groups_with_places_whose_audience_fits(world, owner, client):
    mixed = make_group(world.unit, by=owner, name="Blandad grupp", capacity=5)
    fill(mixed, world, owner, 3)
    women = make_group(world.unit, by=owner, name="Kvinnogrupp", capacity=5, audience=GroupAudience.WOMEN)
    full = make_group(world.unit, by=owner, name="Full grupp", capacity=2)
    fill(full, world, owner, 2)
    men = make_group(world.unit, by=owner, name="Mansgrupp", capacity=6, audience=GroupAudience.MEN)
    man = queued(world, owner, gender=Gender.MAN)

    page = client.get(reverse("intake:start", args=[man.pk])).content.decode()
    assert "disabled" not in radio(page, mixed) and "2 of 5 places left" in radio(page, mixed)
    assert "disabled" not in radio(page, men) and "6 of 6 places left" in radio(page, men)
    assert "disabled" in radio(page, women) and "(cannot be chosen: a group for women)" in radio(page, women)
    assert "disabled" in radio(page, full) and "0 of 2 places left (cannot be chosen: full)" in radio(page, full)

    woman = queued(world, owner, gender=Gender.WOMAN)
    page = client.get(reverse("intake:start", args=[woman.pk])).content.decode()
    assert "disabled" not in radio(page, women) and "disabled" in radio(page, men)


def test_the_only_group_that_fits_is_chosen_already(world, owner, client):
    group = make_group(world.unit, by=owner, name="Enda gruppen", capacity=5)
    p = queued(world, owner)
    assert "checked" in radio(client.get(reverse("intake:start", args=[p.pk])).content.decode(), group)


def test_places_read_the_same_everywhere(world, owner, client):
    group = make_group(world.unit, by=owner, name="Platsgruppen", capacity=5)
    fill(group, world, owner, 3)
    waiting = queued(world, owner)
    pages = {
        "groups": reverse("intake:groups", args=[world.unit.pk]),
        "group": reverse("intake:group_detail", args=[group.pk]),
        "queue": reverse("intake:queue", args=[world.unit.pk]),
        "start": reverse("intake:start", args=[waiting.pk]),
        "home": reverse("krami:home"),
    }
    for name, url in pages.items():
        page = client.get(url).content.decode()
        assert "2 of 5 places left" in page, name
        assert "places taken" not in page.lower() and "3 / 5" not in page and "2/5" not in page, name


def _post_start(client, p, group, *, offered: str):
    return client.post(
        reverse("intake:start", args=[p.pk]),
        {"kind": "group", "group": group.pk, "started_on": today().isoformat(), "offered": offered},
    )


def test_a_group_full_when_the_form_opened_is_not_said_to_have_been_taken_meanwhile(world, owner, client):
    group = make_group(world.unit, by=owner, name="Redan full", capacity=1)
    fill(group, world, owner, 1)
    late = queued(world, owner)
    page = client.get(reverse("intake:start", args=[late.pk])).content.decode()
    assert 'name="offered" value=""' in page  # the full group was not offered
    response = _post_start(client, late, group, offered="")
    text = response.content.decode()
    assert response.status_code == 200 and not Episode.objects.filter(participant=late).exists()
    assert "Redan full cannot be chosen: full." in text
    assert "taken" not in text.split("error-summary", 1)[1].split("</ul>", 1)[0]


def test_the_last_place_taken_while_the_form_was_open_is_said_to_be_so(world, owner, client):
    group = make_group(world.unit, by=owner, name="Sista platsen", capacity=1)
    late = queued(world, owner)
    page = client.get(reverse("intake:start", args=[late.pk])).content.decode()
    assert f'name="offered" value="{group.pk}"' in page
    fill(group, world, owner, 1)  # a colleague takes the last place meanwhile
    text = _post_start(client, late, group, offered=str(group.pk)).content.decode()
    assert "The last place in Sista platsen was taken while you filled in the form (0 of 1 place left)." in text
    assert not Episode.objects.filter(participant=late).exists()


def test_the_last_place_taken_just_before_the_save_is_said_to_be_so(world, owner, client, monkeypatch):
    group = make_group(world.unit, by=owner, name="Kapplöpningen", capacity=1)
    late = queued(world, owner)
    fill(group, world, owner, 1)
    # The form's check saw a place (the other start was saved between the check and the save).
    monkeypatch.setattr("intake.selectors.groups.places_left", lambda *, taken, capacity: 1)
    text = _post_start(client, late, group, offered=str(group.pk)).content.decode()
    assert "The last place in Kapplöpningen was taken a moment ago, just before your start was saved" in text
    assert not Episode.objects.filter(participant=late).exists()
