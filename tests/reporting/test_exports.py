"""The meeting pack (PDF), Excel and CSV: the dashboard's figures, protected alike, formula-safe."""

import io
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from agreements.models import Agreement
from krami.models import AccessLog, Role
from krami.services import membership_grant
from reporting.assemble import dashboard_for
from reporting.periods import month_period
from tests.agreements.factories import stockholm_like
from tests.krami.factories import MunicipalityFactory, staff
from tests.pdf import pdf_words
from tests.reporting.helpers import Team
from tests.reporting.test_dashboard_views import hold_march

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(client):
    team = Team()
    stockholm_like(unit=team.unit, year=2026)
    hold_march(team)
    team.closed(date(2026, 1, 5), date(2026, 3, 3), "other", False)  # the only "other" exit: a 1
    client.force_login(team.styrgrupp)
    return team


def get(client, team, name):
    return client.get(reverse(f"reporting:{name}", args=[team.unit.pk]) + "?period=2026-03")


def test_excel_has_the_tables_with_x_for_small_counts_and_the_definitions(client, march):
    response = get(client, march, "xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="krami-krami-testby-2026-03.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert {"Contents", "About", "Exit reasons", "Definitions"} <= set(book.sheetnames)
    reasons = {row[0]: row[1] for row in book["Exit reasons"].iter_rows(min_row=2, values_only=True)}
    assert reasons["Other"] == "x"
    assert reasons["All exits"] == 26
    outcomes = list(book["Exits"].iter_rows(min_row=2, values_only=True))
    assert outcomes[1][1:3] == (15, 10) and outcomes[1][3] == pytest.approx(66.7)


def test_csv_is_long_format_with_the_same_cells(client, march):
    text = get(client, march, "csv").content.decode("utf-8-sig")
    assert "Table;Row;Column;Value;Changed after closing" in text.splitlines()[0]
    assert "Exit reasons;Other;Exits;x;" in text
    assert "Exit reasons;All exits;Exits;26;" in text


def test_unit_and_category_names_cannot_become_formulas(client, march):
    march.unit.name = "=HYPERLINK(1)"
    march.unit.save()
    agreement = march.unit.agreements.get()
    agreement.cost_categories.filter(name="Driftskostnader").update(name="=cmd|' /C calc'!A0")
    book = load_workbook(io.BytesIO(get(client, march, "xlsx").content))
    values = [c.value for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(not v.startswith("=") for v in values)
    assert "'=cmd|' /C calc'!A0" in values


def test_the_pdf_pack_is_a_pdf_for_the_chosen_month(client, march):
    response = get(client, march, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].endswith('krami-krami-testby-2026-03.pdf"')
    text = pdf_words(response.content)
    assert "ResultsforKramiTestby,2026-03" in text
    assert "Exitsaftercompletingtheguidanceprogramme151066.7" in text  # 15 completers, 10 to work: 66.7 %
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    assert pages > 1 and text.count("Krami–aggregates,nopersonaldata") == pages  # the footer, in the user's language


def test_the_pack_html_has_the_charts_and_the_definitions():
    team = Team()
    hold_march(team)
    d = dashboard_for(unit=team.unit, period=month_period(date(2026, 3, 1)))
    html = render_to_string("reporting/pack.html", {"d": d, "printed_by": "Styr Gruppsson", "now": timezone.now()})
    assert html.count("<svg") == 2
    assert "How is" not in html  # definitions are listed at the end, not folded
    assert "Small numbers are hidden" in html or "Små tal" in html


def test_places_basis_lists_references_for_the_agreement_admin_and_logs_the_read(client):
    team = Team()
    stockholm_like(unit=team.unit, year=2026)
    elsewhere = team.person(municipality=MunicipalityFactory(name="Köpkommun"))
    team.enrol(elsewhere, date(2026, 2, 10))
    admin = staff(role=Role.AGREEMENT_ADMIN, unit=team.unit, organisation=team.unit.parties.get(kind="kommun"))
    client.force_login(admin)
    url = reverse("reporting:places", args=[team.unit.pk]) + "?period=2026-03"
    page = client.get(url).content.decode()
    assert "Köpkommun, 2026-03" in page
    assert elsewhere.reference in page
    assert elsewhere.last_name not in page
    assert "4,900.00\xa0kr" in page  # the second charged month of five
    assert AccessLog.objects.filter(user=admin, participant_id=elsewhere.pk, action="list").exists()
    csv_text = client.get(reverse("reporting:places_csv", args=[team.unit.pk]) + "?period=2026-03").content.decode("utf-8-sig")
    assert f"Köpkommun;2026-03;{elsewhere.reference};2;4900,00" in csv_text
    assert AccessLog.objects.filter(user=admin, participant_id=elsewhere.pk, action="export").exists()
    client.force_login(team.styrgrupp)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("model", "says", "february", "march"),
    [
        ("per_month", "4,900.00\xa0kr per enrolment month started, up to 5 months", "1", "2"),
        ("per_place", "24,500.00\xa0kr per place, a fixed sum", "the place (fixed sum)", None),
    ],
)
def test_the_invoice_basis_says_which_price_model_it_charges(client, model, says, february, march):
    """Seeds/004's "24 500:- (4 900:- per månad i fem månader)" read either way: the basis says which."""
    team = Team()
    agreement = stockholm_like(unit=team.unit, year=2026)
    Agreement.objects.filter(pk=agreement.pk).update(place_price_model=model)
    team.enrol(team.person(municipality=MunicipalityFactory(name="Köpkommun")), date(2026, 2, 10), date(2026, 3, 20), "moved", False)
    client.force_login(staff(role=Role.AGREEMENT_ADMIN, unit=team.unit, organisation=team.unit.parties.get(kind="kommun")))
    url = reverse("reporting:places", args=[team.unit.pk])
    page = client.get(url + "?manad=2026-02").content.decode()
    assert says in page
    assert f"<td>{february}</td>" in page
    page = client.get(url + "?manad=2026-03").content.decode()
    assert (f"<td>{march}</td>" in page) if march else ("Nothing to invoice for this period." in page)


def test_places_links_the_dashboard_only_for_whom_it_opens(client):
    team = Team()
    stockholm_like(unit=team.unit, year=2026)
    kommun = team.unit.parties.get(kind="kommun")
    admin = staff(role=Role.AGREEMENT_ADMIN, unit=team.unit, organisation=kommun)
    client.force_login(admin)
    url = reverse("reporting:places", args=[team.unit.pk]) + "?period=2026-03"
    dashboard = reverse("reporting:unit", args=[team.unit.pk])
    assert f'href="{dashboard}"' not in client.get(url).content.decode()
    assert client.get(dashboard).status_code == 404  # the link would have been a dead end
    membership_grant(user=admin, role=Role.STYRGRUPP, organisation=kommun, unit=team.unit)
    assert f'href="{dashboard}"' in client.get(url).content.decode()
