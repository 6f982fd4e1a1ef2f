"""A guidance group's members as one user may see them, and the places taken of the groups a page lists."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from intake.models import Episode, GuidanceGroup
from participants.access import visible_participants


def with_places_taken(groups: QuerySet[GuidanceGroup]) -> QuerySet[GuidanceGroup]:
    """`taken`: the episodes of each group, counted for the groups the page shows, not by grouping
    every episode of the unit (issue 19: a statement of a unit's page reads only what it shows)."""
    taken = Episode.objects.filter(group=OuterRef("pk")).order_by().values("group").annotate(n=Count("pk")).values("n")
    return groups.annotate(taken=Coalesce(Subquery(taken), 0))


def group_members(*, user, group: GuidanceGroup) -> tuple[list[Episode], int, int]:
    """(the episodes whose participant `user` may see, how many others there are, places taken).

    The others are counted, never shown: the group's places are the unit's, its people are not.
    """
    episodes = list(Episode.objects.filter(group=group).select_related("participant").order_by("started_on", "pk"))
    seen = set(visible_participants(user).filter(pk__in=[e.participant_id for e in episodes]).values_list("pk", flat=True))
    members = [e for e in episodes if e.participant_id in seen]
    return members, len(episodes) - len(members), len(episodes)
