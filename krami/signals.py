"""Signals the core sends so that apps above it can follow, without the core importing them.

`access_groups_created` is sent (inside the transaction) when new (unit, organisation, role)
groups appear; `participants` answers by granting those groups their object permissions.
"""

import time

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed
from django.dispatch import Signal, receiver

from krami.models import Unit

access_groups_created = Signal()  # kwargs: unit, groups (list[AccessGroup])


@receiver(m2m_changed, sender=Unit.parties.through)
def _unit_parties_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Unit):
        from krami.services import unit_sync_access_groups

        unit_sync_access_groups(unit=instance)


@receiver(user_logged_in)
def _start_session_clock(sender, request, user, **kwargs):
    """Start the absolute-lifetime clock. Django has already rotated the session key."""
    from krami.middleware import SESSION_AUTH_AT, SESSION_SEEN_AT

    now = time.time()
    request.session[SESSION_AUTH_AT] = now
    request.session[SESSION_SEEN_AT] = now
