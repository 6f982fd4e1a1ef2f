"""Access helpers of intake: unit-level objects for the unit's case workers, drug tests by owner.

Participants are always reached through `participants.access` (scoped, 404 outside, logged);
the helpers here add what intake owns: meetings and groups belong to a unit and are open to its
case workers; drug tests are owned record by record (docs/access.md, category `health`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from intake.models import DrugTest, GuidanceGroup, InformationMeeting, NoShowDecision, RegisterImport
from krami.access import get_unit_for_user, user_access
from krami.models import CASEWORK_ROLES, AccessLog, DataCategory, Role, Unit
from krami.services import log_reads
from participants.access import get_participant_for_user, visible_categories_of, visible_participants
from participants.selectors.consent import released_to


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


def imports_for_user(user) -> QuerySet[RegisterImport]:
    """Register imports the user may see: their organisation's, in units where they are the coordinator.

    The stored file and its row results are personal data of the organisation's participants:
    no one else (case workers, other parties, the styrgrupp) sees the import history.
    """
    access = user_access(user)
    if access.organisation is None:
        return RegisterImport.objects.none()
    return RegisterImport.objects.filter(unit_id__in=access.unit_ids(Role.SAMORDNARE), organisation=access.organisation)


def get_import_for_user(request: HttpRequest, pk: int) -> RegisterImport:
    """One import of `imports_for_user`, or 404."""
    found = imports_for_user(request.user).filter(pk=pk).select_related("unit", "uploaded_by", "finished_by").first()
    if found is None:
        raise Http404
    return found


def visible_drug_tests(user, participant) -> QuerySet[DrugTest]:
    """The participant's drug tests the user may see: their organisation's, and those of each other
    organisation that released its drug tests to the user's by a live consent (the HEALTH grant).

    `participant.visible` must be set (participants.access.get_participant_for_user does it).
    """
    org = user_access(user).organisation
    tests = Q(owner_organisation=org)
    if DataCategory.HEALTH in participant.visible:
        tests |= released_to(organisation=org, category=DataCategory.HEALTH, on=timezone.localdate())
    return DrugTest.objects.filter(participant=participant).filter(tests)


def get_no_show_to_decide(request: HttpRequest, pk: int, test_id: int):
    """(participant, test) for the team's decision on a no-show waiting for it: a test of the
    participant the user may see (its organisation's, or released to theirs). Anything else is a
    404, decided before the read is logged (participants/authority.py: the decision is the team's,
    among those who see the test)."""
    participant = get_participant_for_user(request, pk, log=False)
    test = (
        visible_drug_tests(request.user, participant)
        .filter(pk=test_id, no_show_decision=NoShowDecision.PENDING)
        .select_related("referred_by", "owner_organisation")
        .first()
    )
    if test is None:
        raise Http404
    log_reads(request=request, participants=[participant], action=AccessLog.Action.EDIT_FORM, categories=participant.visible)
    return participant, test


def drug_tests_visible_in(user, unit_ids: Iterable[int]) -> QuerySet[DrugTest]:
    """Drug tests in the units the user may see, for lists: own organisation's or released to it.

    Built once per request (kept with `user_access`, like `visible_participants`), handed out as a copy."""
    access = user_access(user)
    cache = access.derived.setdefault("drug_tests_visible_in", {})
    key = tuple(sorted(unit_ids))
    if key not in cache:
        released = Q(participant__in=visible_participants(user, DataCategory.HEALTH)) & released_to(
            organisation=access.organisation, category=DataCategory.HEALTH, on=timezone.localdate()
        )
        cache[key] = DrugTest.objects.filter(participant__in=visible_participants(user).filter(unit_id__in=key)).filter(
            Q(owner_organisation=access.organisation) | released
        )
    return cache[key].all()


def visible_category_sets(user, participant_ids: Iterable[int], categories: Iterable[str]) -> dict[int, frozenset]:
    """For each participant id: which of `categories` the user may see (one query)."""
    ids = list(participant_ids)
    wanted = frozenset(categories)
    seen = visible_categories_of(user, ids)
    return {pk: seen.get(pk, frozenset()) & wanted for pk in ids}
