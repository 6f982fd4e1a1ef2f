"""A guidance group's members as one user may see them."""

from __future__ import annotations

from intake.models import Episode, GuidanceGroup
from participants.access import visible_participants


def group_members(*, user, group: GuidanceGroup) -> tuple[list[Episode], int, int]:
    """(the episodes whose participant `user` may see, how many others there are, places taken).

    The others are counted, never shown: the group's places are the unit's, its people are not.
    """
    episodes = list(Episode.objects.filter(group=group).select_related("participant").order_by("started_on", "pk"))
    seen = set(visible_participants(user).filter(pk__in=[e.participant_id for e in episodes]).values_list("pk", flat=True))
    members = [e for e in episodes if e.participant_id in seen]
    return members, len(episodes) - len(members), len(episodes)
