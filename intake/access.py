"""Access helpers of intake: unit-level objects for the unit's case workers, drug tests by owner.

Participants are always reached through `participants.access` (scoped, 404 outside, logged);
the helpers here add what intake owns: meetings and groups belong to a unit and are open to its
case workers; drug tests are owned record by record (docs/access.md, category `health`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from intake.models import DrugTest, GuidanceGroup, InformationMeeting
from krami.access import get_unit_for_user, user_access
from krami.models import CASEWORK_ROLES, DataCategory, Unit
from participants.access import visible_participants


def casework_unit(request: HttpRequest, unit_id: int) -> Unit:
    """The unit if the user is a vägledare or samordnare there; otherwise 404."""
    return get_unit_for_user(request, unit_id, *CASEWORK_ROLES)


def _in_casework_units(request: HttpRequest, qs: QuerySet, pk: int):
    unit_ids = user_access(request.user).unit_ids(*CASEWORK_ROLES)
    obj = qs.filter(pk=pk, unit_id__in=unit_ids).select_related("unit").first()
    if obj is None:
        raise Http404
    return obj


def get_meeting_for_user(request: HttpRequest, pk: int) -> InformationMeeting:
    return _in_casework_units(request, InformationMeeting.objects.all(), pk)


def get_group_for_user(request: HttpRequest, pk: int) -> GuidanceGroup:
    return _in_casework_units(request, GuidanceGroup.objects.all(), pk)


def visible_drug_tests(user, participant) -> QuerySet[DrugTest]:
    """The participant's drug tests the user may see: their organisation's, or all with the HEALTH grant.

    `participant.visible` must be set (participants.access.get_participant_for_user does it).
    """
    qs = DrugTest.objects.filter(participant=participant)
    if DataCategory.HEALTH in participant.visible:
        return qs
    return qs.filter(owner_organisation=user_access(user).organisation)


def drug_tests_visible_in(user, unit_ids: Iterable[int]) -> QuerySet[DrugTest]:
    """Drug tests in the units the user may see, for lists: own organisation's or HEALTH-granted."""
    org = user_access(user).organisation
    return DrugTest.objects.filter(participant__in=visible_participants(user).filter(unit_id__in=unit_ids)).filter(
        Q(owner_organisation=org) | Q(participant__in=visible_participants(user, DataCategory.HEALTH))
    )


def visible_category_sets(user, participant_ids: Iterable[int], categories: Iterable[str]) -> dict[int, frozenset]:
    """For each participant id: which of `categories` the user may see (one query per category)."""
    ids = list(participant_ids)
    result: dict[int, set] = {pk: set() for pk in ids}
    if not ids:
        return {}
    for category in categories:
        for pk in visible_participants(user, category).filter(pk__in=ids).values_list("pk", flat=True):
            result[pk].add(category)
    return {pk: frozenset(cats) for pk, cats in result.items()}
