"""The agreement as a printable PDF (WeasyPrint), in the structure of the Stockholm document,
and the settlement of a period in the same layout (for the parties' finance departments).

seeds/004: parties; payment model for municipalities outside; target group and priority
order; governance; drug policy; staffing; recruitment; follow-up; targets; costs and their
split; period and termination; appendices; signatures.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from agreements.models import Agreement
from agreements.selectors import team_fte
from agreements.settlement import SettlementReport
from agreements.summary import no_show_description, target_group_description
from krami.exports import html_to_pdf

STYLESHEET = Path(__file__).with_name("pdf.css")


def agreement_pdf(agreement: Agreement) -> bytes:
    """The PDF bytes. `agreement` must come from `agreement_with_parts` (no queries per line)."""
    context = {
        "agreement": agreement, "team_fte": team_fte(agreement), "target_group": target_group_description(agreement),
        "no_show": no_show_description(agreement),
    }
    html = render_to_string("agreements/document.html", context)
    return html_to_pdf(html, STYLESHEET)


def pdf_filename(agreement: Agreement) -> str:
    return f"{slugify(agreement.title) or 'overenskommelse'}.pdf"


def settlement_pdf(agreement: Agreement, report: SettlementReport) -> bytes:
    """The settlement of `report.period`: each party's share, what it paid, the balance and who owes whom."""
    context = {"agreement": agreement, "report": report, "made_at": timezone.localtime()}
    return html_to_pdf(render_to_string("agreements/settlement_document.html", context), STYLESHEET)


def settlement_filename(agreement: Agreement, report: SettlementReport) -> str:
    return f"avrakning-{slugify(agreement.title) or 'overenskommelse'}-{report.period.key}.pdf"
