"""Two users creating the same thing at once (issue 15, finding 5; PostgreSQL).

Both pass the form's own uniqueness check, then both save: the database lets one through and
refuses the other. The second must get the message a form gives for a duplicate, beside its field,
with what was typed kept, never a 500; exactly one row is written.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from agreements.forms.costs import CostCategoryForm
from agreements.models import Agreement, CostCategory
from agreements.services.agreement import agreement_create
from agreements.services.costs import category_save
from participants.models import Employer
from participants.services import employers
from participants.services.employers import employer_create
from tests.agreements.factories import stockholm_like
from tests.fixtures import build_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(model, create) -> dict[str, object]:
    """Run `create(name)` in two threads that both pass validation before either saves."""
    barrier = threading.Barrier(2)
    validate = model.validate_constraints

    def validate_then_wait(self, *args, **kwargs):
        validate(self, *args, **kwargs)
        barrier.wait(timeout=10)  # both have passed the check; now both save

    model.validate_constraints = validate_then_wait
    outcomes: dict[str, object] = {}

    def run(name):
        try:
            create(name)
            outcomes[name] = "saved"
        except ValidationError as exc:
            outcomes[name] = exc
        except Exception as exc:  # noqa: BLE001 - the test reports any other failure as the outcome
            outcomes[name] = f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=run, args=(name,)) for name in ("first", "second")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    finally:
        model.validate_constraints = validate
    return outcomes


def _one_saved_one_refused(outcomes, field: str) -> ValidationError:
    assert sorted(type(o).__name__ if not isinstance(o, str) else o for o in outcomes.values()) == ["ValidationError", "saved"], outcomes
    refused = next(o for o in outcomes.values() if isinstance(o, ValidationError))
    assert list(refused.message_dict) == [field]
    return refused


def test_two_employers_with_one_organisation_number(settings):
    settings.LOCALE_PATHS = []  # English messages (threads do not share an activated language)
    world = build_world()
    users = {"first": world.users["kommun_vagledare"], "second": world.users["kv_vagledare"]}
    outcomes = _race(Employer, lambda name: employer_create(
        unit=world.unit, by=users[name], name=f"Bygg {name} AB", organisation_number="556036-0793",
    ))
    refused = _one_saved_one_refused(outcomes, "organisation_number")
    assert "already in the register" in refused.message_dict["organisation_number"][0]
    assert Employer.objects.filter(unit=world.unit).count() == 1


def test_two_cost_categories_with_one_name(settings):
    settings.LOCALE_PATHS = []
    world = build_world()
    agreement = stockholm_like(unit=world.unit, year=date.today().year)
    admin = world.users["agreement_admin"]

    def create(name):
        form = CostCategoryForm(
            {"name": "Utbildning", "split_method": "own", "description": "", "budget": "", "order": "5"},
            agreement=Agreement.objects.get(pk=agreement.pk),
        )
        assert form.is_valid(), form.errors
        category_save(form=form, by=admin)

    _one_saved_one_refused(_race(CostCategory, create), "name")
    assert CostCategory.objects.filter(agreement=agreement, name="Utbildning").count() == 1


def test_two_agreements_with_one_start(settings):
    settings.LOCALE_PATHS = []
    world = build_world()
    year = date.today().year + 3
    admin = world.users["agreement_admin"]
    outcomes = _race(Agreement, lambda name: agreement_create(
        unit=world.unit, title=f"Överenskommelse {name}", period_start=date(year, 1, 1), period_end=date(year, 12, 31), by=admin,
    ))
    _one_saved_one_refused(outcomes, "period_start")
    assert Agreement.objects.filter(unit=world.unit, period_start=date(year, 1, 1)).count() == 1


def test_the_loser_of_a_race_gets_the_form_back_with_what_was_typed(client, monkeypatch):
    """The view: the database refuses the second save (the form's check passed a moment before);
    the page comes back with the message beside the field and the typed text, not a 500."""
    world = build_world()
    employer_create(unit=world.unit, by=world.users["kv_vagledare"], name="Först AB", organisation_number="556036-0793")
    # Both checks ran a moment before the other user's save:
    monkeypatch.setattr(Employer, "validate_constraints", lambda self, *a, **k: None)
    monkeypatch.setattr(employers, "_check_orgnr", lambda employer: None)
    client.force_login(world.users["kommun_vagledare"])
    response = client.post(reverse("participants:employer_create"), {
        "unit": world.unit.pk, "name": "Sen AB", "organisation_number": "556036-0793", "contact_person": "Kim Kontakt",
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Kim Kontakt"' in html and 'value="Sen AB"' in html
    assert 'id="id_organisation_number_error"' in html
    assert Employer.objects.filter(unit=world.unit).count() == 1
