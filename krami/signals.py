"""Signals the core sends so that apps above it can follow, without the core importing them.

`access_groups_created` is sent (inside the transaction) when new (unit, organisation, role)
groups appear; `participants` answers by granting those groups their object permissions
(participants/services/grants.py). This module only defines signals: the core's own receivers
are in krami/receivers.py.
"""

from django.dispatch import Signal

access_groups_created = Signal()  # kwargs: unit, groups (list[AccessGroup])
