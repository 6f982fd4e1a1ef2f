"""The register extract (registerutdrag) for one participant: a page, and the PDF and JSON files.

Making a file is logged as an export in the access log (the path names the format); a GET
changes nothing else.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from krami.models import AccessLog, DataCategory
from krami.services import write_read_batch
from participants import authority
from participants.access import get_participant_for_user
from privacy.selectors.extract import extract_filename, extract_json, extract_pdf, register_extract
from privacy.selectors.requests import participant_requests


@login_required
@require_safe
def extract_page(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request, pk)
    write_read_batch(request)  # the extract lists who read the record: this reading too
    included = [c for c in DataCategory if c in participant.visible]
    excluded = [c for c in DataCategory if c not in participant.visible]
    handles_requests = authority.may_handle_extract_requests(request.user, participant)
    requests = participant_requests(user=request.user, participant=participant, today=timezone.localdate()) if handles_requests else []
    return render(request, "privacy/extract.html", {
        "participant": participant, "included": included, "excluded": excluded, "handles_requests": handles_requests,
        "requests": requests,
    })


def _file(content, *, content_type: str, filename: str, disposition: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@login_required
@require_safe
def extract_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request, pk, action=AccessLog.Action.EXPORT)
    write_read_batch(request)  # the extract lists who read the record: this reading too
    extract = register_extract(participant=participant, user=request.user)
    # Inline like the agreement PDF: the browser shows it, to print or save for the participant.
    return _file(extract_pdf(extract), content_type="application/pdf", filename=extract_filename(extract, "pdf"), disposition="inline")


@login_required
@require_safe
def extract_json_view(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request, pk, action=AccessLog.Action.EXPORT)
    write_read_batch(request)  # the extract lists who read the record: this reading too
    extract = register_extract(participant=participant, user=request.user)
    return _file(
        extract_json(extract),
        content_type="application/json; charset=utf-8",
        filename=extract_filename(extract, "json"),
        disposition="attachment",
    )
