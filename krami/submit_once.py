"""Every form is sent once (issue 15): a double click, or the same form sent again, saves one row.

Each POST form of an HTML page gets a token of its own (`submit_token`, put in by this middleware,
so no template can forget it). The first POST with a token records it (`FormSubmission`) before
the view runs; a second POST with the same token does not run the view: it is sent where the first
one led (after a short wait if the first is still being saved), with a message saying that the
form had already been sent. A submission that did not save (the form came back with errors, or
failed) releases its token, so the corrected form can be sent; the page that comes back has new
tokens anyway.
"""

from __future__ import annotations

import re
import secrets
import time
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from krami.models import FormSubmission

FIELD = "submit_token"
_POST_FORM = re.compile(rb"(<form\b[^>]*\bmethod=\"post\"[^>]*>)", re.IGNORECASE)
WAIT_SECONDS = 5.0  # how long a second click waits for the first to finish before it is told so
KEPT_FOR = timedelta(days=1)


def _with_tokens(content: bytes) -> bytes:
    return _POST_FORM.sub(
        lambda m: m.group(1) + f'<input type="hidden" name="{FIELD}" value="{secrets.token_urlsafe(18)}">'.encode(),
        content,
    )


class SubmitOnceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = self._token(request)
        submission = None
        if token:
            try:
                with transaction.atomic():
                    submission = FormSubmission.objects.create(token=token, user=request.user, path=request.path[:300])
            except IntegrityError:
                return self._again(request, token)
        response = self.get_response(request)
        if submission is not None:
            if 300 <= response.status_code < 400:
                FormSubmission.objects.filter(pk=submission.pk).update(location=response.get("Location", "")[:500])
                FormSubmission.objects.filter(user=request.user, submitted_at__lt=timezone.now() - KEPT_FOR).delete()
            else:
                FormSubmission.objects.filter(pk=submission.pk).delete()
        if (
            response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "streaming", False)
        ):
            response.content = _with_tokens(response.content)
        return response

    @staticmethod
    def _token(request: HttpRequest) -> str:
        if request.method != "POST" or not request.user.is_authenticated:
            return ""
        return str(request.POST.get(FIELD, ""))[:64]

    @staticmethod
    def _again(request: HttpRequest, token: str) -> HttpResponse:
        """The same form sent a second time: where the first led, once it has got there."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            first = FormSubmission.objects.filter(token=token, user=request.user).first()
            if first is None or first.location or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        if first is not None and first.location:
            messages.info(request, _("This form had already been sent: it was saved once, not twice."))
            return redirect(first.location)
        html = render_to_string("409_again.html", request=request)
        return HttpResponse(html, status=409)
