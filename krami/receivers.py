"""The core's receivers of Django's own signals (connected when the app is ready, krami/apps.py)."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from krami.middleware import SESSION_AUTH_AT, SESSION_SEEN_AT


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    """Start the absolute-lifetime clock. Django has already rotated the session key."""
    now = time.time()
    request.session[SESSION_AUTH_AT] = now
    request.session[SESSION_SEEN_AT] = now
