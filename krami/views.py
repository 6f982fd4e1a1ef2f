"""Login, two-factor authentication, the home page, the glossary and the unit's access-log review."""

from __future__ import annotations

import base64
import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from krami import glossary as glossary_terms
from krami import home as home_sections
from krami.access import get_unit_for_user, user_access
from krami.federation import views as federation
from krami.federation.config import active_providers
from krami.forms import AccessLogFilterForm, AccountSettingsForm, LoginForm, TokenForm
from krami.middleware import second_factor_done
from krami.models import Role, StaffProfile
from krami.selectors import Cursor, filtered_log, log_page
from krami.services import account_settings_save


class LoginView(auth_views.LoginView):
    """The local form (username, password, then TOTP) and, beside it, a button per organisation
    whose identity provider is configured ("Logga in via din organisation")."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "providers": active_providers()}


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End the session; a session an identity provider signed in also asks the provider to end its
    own, where the provider supports single logout (krami/federation/views.py)."""
    to_provider = federation.logout(request)
    logout(request)
    messages.info(request, _("You have been logged out."))
    return to_provider or redirect(settings.LOGOUT_REDIRECT_URL)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


SETUP_KEY_SESSION = "krami_totp_setup_key"


def _setup_device(request: HttpRequest) -> TOTPDevice:
    """An unsaved device whose key lives in the session until the user proves the app has it.

    Nothing is written to the database before that: a GET changes nothing.
    """
    key = request.session.get(SETUP_KEY_SESSION)
    if not key:
        key = random_hex(20)
        request.session[SETUP_KEY_SESSION] = key
    return TOTPDevice(user=request.user, name="Krami", key=key, confirmed=False)


def _setup_token_ok(device: TOTPDevice, token: str) -> bool:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return totp.verify(int(token), device.tolerance)


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify a TOTP code; a user without a confirmed device sets one up here first."""
    if second_factor_done(request):
        return redirect(_safe_next(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = _setup_device(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if setting_up:
            if token.isdigit() and _setup_token_ok(device, token):
                device.confirmed = True
                device.save()
                del request.session[SETUP_KEY_SESSION]
                otp_login(request, device)
                return redirect(_safe_next(request))
            form.add_error("token", _("The code is wrong or too old. Enter the code the app shows now."))
        else:
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                form.add_error(
                    "token", _("Too many wrong codes in a row. Wait half a minute, then enter the code the app shows.")
                )
            elif device.verify_token(token):
                otp_login(request, device)
                return redirect(_safe_next(request))
            else:
                form.add_error("token", _("The code is wrong or too old. Enter the code the app shows now."))
    context = {"form": form, "setting_up": setting_up, "next": _safe_next(request)}
    if setting_up:
        qr = segno.make(device.config_url, error="m")
        context["qr_data_uri"] = qr.svg_data_uri(scale=4, dark="#1b1b1b")
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "registration/two_factor.html", context)


@login_required
@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """"Stay logged in" in the timeout warning (WCAG 2.2.1): the request itself renews the idle
    timer in SessionLimitsMiddleware. krami.js calls it in the background and gets 204; without
    JavaScript the button posts the form and returns to the page."""
    if request.POST.get("next"):
        return redirect(_safe_next(request))
    return HttpResponse(status=204)


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    access = user_access(request.user)
    sections = home_sections.sections_for(request, access)
    return render(request, "krami/home.html", {"access": access, "sections": sections})


@login_required
@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    """The terms the pages use (beläggning, avslut, samtycke, …), explained in one place."""
    return render(request, "krami/glossary.html", {"terms": glossary_terms.TERMS})


@login_required
@require_safe
def access_log(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The unit coordinator's review of who read which record (references only, no names), newest
    first, paged by keyset (krami/selectors.py: no count of a log that grows for years)."""
    unit = get_unit_for_user(request, unit_id, Role.SAMORDNARE)
    form = AccessLogFilterForm(request.GET or None, unit=unit)
    rows = filtered_log(unit=unit, filters=form.cleaned_data if form.is_valid() else {})
    page = log_page(rows, before=Cursor.parse(request.GET.get("fore")), after=Cursor.parse(request.GET.get("efter")))
    return render(request, "krami/access_log.html", {"unit": unit, "form": form, "page": page})


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    """The user's own settings: the opt-in daily e-mail of what is due (issue 16, item 3)."""
    profile = StaffProfile.objects.filter(user=request.user).first()
    # Bound on every POST: an unticked box alone sends nothing, and that is an answer too.
    data = request.POST if request.method == "POST" else None
    form = AccountSettingsForm(data, initial={"daily_digest": bool(profile and profile.daily_digest)})
    if request.method == "POST" and form.is_valid():
        account_settings_save(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your settings have been saved."))
        return redirect("krami:home")
    return render(request, "krami/account_settings.html", {"form": form, "email": request.user.email})
