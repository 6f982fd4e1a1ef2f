"""A guidance group's members as one user may see them, the places taken of the groups a page
lists, and the groups a person could start in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from intake.models import Episode, GuidanceGroup
from intake.places import places_left
from intake.services.programme import fits_audience
from participants.access import visible_participants

# Groups offered at a start: those still running or planned, and those started in the last eight
# weeks (a start recorded afterwards, within the course).
START_WINDOW = timedelta(weeks=8)


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


FULL, AUDIENCE = "full", "audience"


@dataclass(frozen=True)
class StartOption:
    """A group start as the start form offers it to one person: `code` ("full", "audience") and
    `reason` say why it cannot be chosen (None: it can)."""

    group: GuidanceGroup
    code: str | None = None
    reason: str | None = None

    @property
    def available(self) -> bool:
        return self.code is None


def start_option(group: GuidanceGroup, participant) -> StartOption:
    """Whether `participant` can start in `group` now (`group.taken` annotated), and if not why, in
    the present tense: what is true as the form is shown."""
    if places_left(taken=group.taken, capacity=group.capacity) == 0:
        return StartOption(group, FULL, _("full"))
    if not fits_audience(participant, group.audience):
        return StartOption(group, AUDIENCE, _("a group for %(audience)s") % {"audience": group.get_audience_display().lower()})
    return StartOption(group)


def start_options(*, participant, on: date) -> list[StartOption]:
    """Every group of the participant's unit in the start window, in start order, each with
    whether this person may start in it (places left, the audience fits) and why not (one query)."""
    groups = with_places_taken(
        GuidanceGroup.objects.filter(unit_id=participant.unit_id, starts_on__gte=on - START_WINDOW)
    ).order_by("starts_on", "name", "pk")
    return [start_option(g, participant) for g in groups]
