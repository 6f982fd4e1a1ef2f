"""Issue 16, item 1: what blocks a step is fixed from the step, and the way back keeps what was typed.

The tester's finding: the assessment blocked on "drogfri/boende: ännu inte känt" with no way to fix
it from there (5 extra page loads, the typed reason lost).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from intake.models import Assessment
from participants.models import Condition, Phase
from tests.intake.factories import today
from tests.participants.factories import make_participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(world, client):
    user = world.users["kommun_vagledare"]
    client.force_login(user)
    return user


def _edit_data(p, **changes) -> dict:
    data = {
        "unit": p.unit_id, "personnummer": "", "first_name": p.first_name, "last_name": p.last_name, "gender": p.gender,
        "municipality": p.municipality_id, "phone": "", "email": "", "address": "", "referral_source": p.referral_source,
        "drug_free": p.drug_free, "housing_arranged": p.housing_arranged, "childcare_arranged": p.childcare_arranged,
        "version": p.version,
    }
    return {**data, **changes}


def test_the_assessment_form_fixes_unknown_conditions_and_comes_back_with_the_typed_text(world, owner, client):
    p = make_participant(unit=world.unit, handler=owner)  # drug-free and housing: not known yet
    assessment = reverse("intake:assessment_create", args=[p.pk])
    page = client.get(assessment).content.decode()
    assert "Whether the person is drug-free is not known yet." in page
    assert 'name="fix" value="0"' in page  # "Edit the details", beside the failed conditions

    typed = {
        "decided_on": today().isoformat(), "decision": "accepted", "decided_by": str(owner.pk),
        "no_interview_reason": "Kom via frivården, intervjuad där.", "fix": "0",
    }
    response = client.post(assessment, typed)
    edit = reverse("participants:edit", args=[p.pk])
    assert response.status_code == 302 and response["Location"] == f"{edit}?next={assessment.replace('/', '%2F')}"
    assert not Assessment.objects.exists()  # leaving to fix saves nothing

    form = client.get(response["Location"]).content.decode()
    assert f'<input type="hidden" name="next" value="{assessment}">' in form
    p.refresh_from_db()
    saved = client.post(edit, _edit_data(p, drug_free=Condition.YES, housing_arranged=Condition.YES, next=assessment))
    assert saved.status_code == 302 and saved["Location"] == assessment

    back = client.get(assessment).content.decode()
    assert "Kom via frivården, intervjuad där." in back  # what was typed is there again
    assert re.search(r'value="accepted"[^>]*checked', back)
    assert "The person meets every condition of the unit's rules." in back
    # The draft is taken once: the next visit starts empty.
    assert "Kom via frivården" not in client.get(assessment).content.decode()

    del typed["fix"]
    assert client.post(assessment, typed).status_code == 302
    p.refresh_from_db()
    assert p.phase == Phase.QUEUED


def test_the_way_back_stays_on_this_site(world, owner, client):
    p = make_participant(unit=world.unit, handler=owner)
    edit = reverse("participants:edit", args=[p.pk])
    for elsewhere in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        page = client.get(edit, {"next": elsewhere}).content.decode()
        main = page[page.index("<main"):page.index("</main>")]  # (the header's language form keeps the whole URL)
        assert "evil.example" not in main and "javascript:" not in main
        response = client.post(edit, _edit_data(p, next=elsewhere))
        assert response["Location"] == reverse("participants:detail", args=[p.pk])
        p.refresh_from_db()


def test_the_criminal_justice_form_returns_to_the_step_too(world, client):
    kv = world.users["kv_vagledare"]
    client.force_login(kv)
    p = world.participants["consent_kv_core"]
    url = reverse("participants:category_edit", args=[p.pk, "criminal_justice"])
    back = reverse("participants:detail", args=[p.pk]) + "#step-assessment"
    assert f'name="next" value="{back}"' in client.get(url, {"next": back}).content.decode()
    data = {"status": "probation", "current_at_kv": "on", "notes": "", "version": p.criminal_justice.version, "next": back}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == back


def test_a_fix_index_that_was_not_offered_goes_nowhere(world, owner, client):
    p = make_participant(unit=world.unit, handler=owner)
    assessment = reverse("intake:assessment_create", args=[p.pk])
    for bad in ("7", "x", "-9"):
        response = client.post(assessment, {"fix": bad})
        assert response.status_code == 302 and response["Location"] == assessment
