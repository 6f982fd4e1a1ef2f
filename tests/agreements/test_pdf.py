"""The agreement as a PDF in the structure of the Stockholm document."""

from django.template.loader import render_to_string
from django.urls import reverse

from agreements.models import Agreement
from agreements.selectors import agreement_with_parts, team_fte
from tests.agreements.factories import stockholm_like
from tests.pdf import pdf_words

SECTIONS_IN_ORDER = [
    "Parties", "Payment model for municipalities outside this agreement", "Target group and priority order",
    "Governance", "Staffing", "Follow-up", "Targets", "Costs and their split", "Period and termination", "Signatures",
]


def test_pdf_download(client, stockholm):
    agreement = stockholm_like(unit=stockholm.unit, year=2026)
    client.force_login(stockholm.users["styrgrupp"])
    r = client.get(reverse("agreements:pdf", kwargs={"pk": agreement.pk}))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == 'inline; filename="lokal-overenskommelse-krami-stockholm-2026.pdf"'
    assert r.content.startswith(b"%PDF-")
    text = pdf_words(r.content)
    assert [text.index("".join(title.split())) for title in SECTIONS_IN_ORDER] == sorted(
        text.index("".join(title.split())) for title in SECTIONS_IN_ORDER
    )
    assert "24500,00krperparticipant" in text.replace("\xa0", "")


def test_document_follows_the_stockholm_structure(stockholm):
    agreement = agreement_with_parts(Agreement.objects.filter(pk=stockholm_like(unit=stockholm.unit, year=2026).pk)).get()
    html = render_to_string("agreements/document.html", {"agreement": agreement, "team_fte": team_fte(agreement)})
    positions = [html.index(f"<h2>{title}</h2>") for title in SECTIONS_IN_ORDER]
    assert positions == sorted(positions)
    assert "24\xa0500,00\xa0kr per participant (4\xa0900,00\xa0kr a month for 5 months), drug tests excluded (billed at cost)." in html
    assert "<li>Prison client with a release-phase measure</li>" in html
    assert "Between two equal applicants, women are prioritised (at any occupancy)." in html
    assert "6,0 FTE" in html
    assert (
        "A party that wishes to leave the cooperation gives notice at the latest 6 months before the period ends, that is by 2026-06-30."
        in html
    )
    assert html.count("Signed for ") == 3
