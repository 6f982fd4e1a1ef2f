"""The interface language, session limits, the two-factor requirement, security headers, and the
access log written once per request."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from krami.drafts import form_page, kept_fields, stash_draft
from krami.services import READ_BATCH, write_read_batch

SESSION_AUTH_AT = "krami_auth_at"
SESSION_SEEN_AT = "krami_seen_at"
# Writing the session on every request costs a query; once a minute is precise enough.
_SEEN_RESOLUTION_SECONDS = 60


class LanguageMiddleware:
    """Swedish, unless the user chose English with the button in the header.

    The choice is the cookie that Django's `set_language` view writes. Unlike Django's
    LocaleMiddleware the browser's Accept-Language is ignored: the staff of Swedish authorities
    work in Swedish whatever language their computer happens to be set to.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        translation.activate(chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class SessionLimitsMiddleware:
    """Log out after SESSION_IDLE_TIMEOUT without requests and SESSION_ABSOLUTE_LIFETIME after login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            auth_at = request.session.get(SESSION_AUTH_AT)
            seen_at = request.session.get(SESSION_SEEN_AT, auth_at)
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
            reason = None
            if auth_at is None:
                reason = _("Please log in again.")
            elif now - auth_at > absolute:
                reason = _("You have been logged out: a session lasts at most %(hours)d hours.") % {
                    "hours": absolute // 3600
                }
            elif seen_at is not None and now - seen_at > idle:
                reason = _("You have been logged out after %(minutes)d minutes without activity.") % {
                    "minutes": idle // 60
                }
            if reason:
                user_id = request.user.pk
                logout(request)
                messages.info(request, reason)
                login_url = reverse(settings.LOGIN_URL)
                if request.method == "GET":
                    return redirect(f"{login_url}?next={request.path}")
                # Back to the form's page after logging in, where the kept fields fill it in again
                # (krami/drafts.py; krami.js does the same from the browser's copy).
                page = form_page(request)
                if stash_draft(request, user_id=user_id, fields=kept_fields(request.POST), page=page):
                    messages.info(request, _("What you typed has been kept: log in again to continue where you were."))
                return redirect_to_login(page, login_url)
            if seen_at is None or now - seen_at >= _SEEN_RESOLUTION_SECONDS:
                request.session[SESSION_SEEN_AT] = now
        return self.get_response(request)


# Set at a federated sign-in whose provider reported a multi-factor authentication context that
# the organisation's provider settings count as the second factor (krami/federation/views.py).
SESSION_SECOND_FACTOR = "krami_second_factor"


def second_factor_done(request) -> bool:
    """Krami's TOTP code was given in this session, or the organisation's provider did the second
    factor (a session key the server set, so the browser cannot claim it)."""
    return request.user.is_verified() or request.session.get(SESSION_SECOND_FACTOR) == "provider"


def two_factor_exempt(user) -> bool:
    """True when the user may work without a verified TOTP device."""
    if not settings.KRAMI_REQUIRE_2FA:
        return True
    profile = getattr(user, "staff_profile", None)
    return bool(settings.KRAMI_DEMO_ACCOUNTS_SKIP_2FA and profile and profile.is_demo_account)


# Paths a logged-in but not yet verified user may reach.
_TWO_FACTOR_OPEN_PREFIXES = ("/static/", "/konto/", "/i18n/")


class RequireTwoFactorMiddleware:
    """Every authenticated request needs a verified second factor (django-otp), unless exempt."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not second_factor_done(request)
            and not request.path.startswith(_TWO_FACTOR_OPEN_PREFIXES)
            and not two_factor_exempt(user)
        ):
            return redirect(f"{reverse('krami:two_factor')}?next={request.path}")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """CSP, permissions policy, and no-store on every page shown to a logged-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class ReadLogMiddleware:
    """The access-log rows of a request are written together, in one INSERT, once the view has
    answered (issue 19: at most one write to the log per page, however many lists and records the
    page shows). They are written whatever the view answered, as if each had been written when read,
    and before the response leaves: a page whose reads could not be logged is not sent (the error
    becomes the answer)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        setattr(request, READ_BATCH, [])
        try:
            response = self.get_response(request)
        except BaseException:
            write_read_batch(request)
            raise
        write_read_batch(request)
        return response
