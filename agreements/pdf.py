"""The agreement as a printable PDF (WeasyPrint), in the structure of the Stockholm document.

seeds/004: parties; payment model for municipalities outside; target group and priority
order; governance; drug policy; staffing; recruitment; follow-up; targets; costs and their
split; period and termination; appendices; signatures.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils.text import slugify

from agreements.models import Agreement
from agreements.selectors import team_fte
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
