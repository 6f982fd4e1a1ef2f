"""Inflow targets: one empty line and an "Add a row" button that works without JavaScript (issue 21,
finding 7; the browser test with JavaScript is tests/agreements/test_browser.py)."""

import re

from django.urls import reverse

from agreements.models import AgreementStatus, InflowTarget
from tests.agreements.factories import stockholm_like
from tests.agreements.helpers import form_values


def _post(client, url, changes: dict):
    data = form_values(client.get(url).content.decode())
    data.update({name: [value] for name, value in changes.items()})
    return client.post(url, data)


def test_add_a_row_without_javascript_keeps_what_was_typed_and_saves_nothing(admin_client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2027, status=AgreementStatus.DRAFT)
    url = reverse("agreements:section_edit", kwargs={"pk": agreement.pk, "section": "targets"})
    html = admin_client.get(url).content.decode()
    assert 'name="inflow-TOTAL_FORMS" value="1"' in html  # one empty line, not two
    assert 'name="add_row" value="inflow"' in html

    r = _post(admin_client, url, {
        "occupancy_target": "75", "inflow-0-measure": "interviewed", "inflow-0-minimum": "50", "add_row": "inflow",
    })
    html = r.content.decode()
    assert r.status_code == 200 and "data-error-summary" not in html
    assert 'name="inflow-TOTAL_FORMS" value="2"' in html
    assert 'value="75"' in html and 'name="inflow-0-minimum" value="50"' in html
    assert re.search(r'<select name="inflow-1-measure"[^>]*autofocus', html)  # the new line has the focus
    assert re.search(r'data-add-row="inflow"[^>]* hidden>Add a row', html)  # two lines: one per measure, no more to add
    assert not InflowTarget.objects.filter(agreement=agreement).exists()
    agreement.refresh_from_db()
    assert agreement.occupancy_target == 80  # nothing was saved

    data = {**form_values(html), "inflow-1-measure": ["enrolled"], "inflow-1-minimum": ["35"]}
    assert admin_client.post(url, data).status_code == 302
    assert sorted(InflowTarget.objects.filter(agreement=agreement).values_list("measure", "minimum")) == [
        ("enrolled", 35), ("interviewed", 50),
    ]
    agreement.refresh_from_db()
    assert agreement.occupancy_target == 75


def test_enter_in_a_field_saves_rather_than_adds_a_row(admin_client, stockholm):
    """The first submit button of the form is the one Enter presses: a hidden Save, before any "Add a row"."""
    agreement = stockholm_like(unit=stockholm.unit, year=2027, status=AgreementStatus.DRAFT)
    html = admin_client.get(reverse("agreements:section_edit", kwargs={"pk": agreement.pk, "section": "targets"})).content.decode()
    form = html.split('<form method="post" novalidate>', 1)[1]
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert 'name="save"' in first_button and 'type="submit"' in first_button
