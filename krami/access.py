"""Access helpers: the one door through which views learn what a user may see.

Participant-level scoping (`visible_participants`, `get_participant_for_user`) lives in
`participants/access.py` and builds on the helpers here. docs/access.md describes the model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q, Subquery
from django.http import Http404, HttpRequest

from krami.aggregates import TextList
from krami.models import CASEWORK_ROLES, Membership, Organisation, Role, Unit


@dataclass(frozen=True)
class UserAccess:
    """A user's memberships, loaded once per request, and the ids of the user's permission groups
    (read in the same statement): the grants of the access helpers are looked up by these ids."""

    memberships: tuple[Membership, ...]
    group_ids: tuple[int, ...] = ()
    # What other apps' access helpers derive from the above for this request (participants.access:
    # the querysets of what the user may see), dropped with it when a membership changes.
    derived: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def organisation(self) -> Organisation | None:
        for m in self.memberships:
            if m.organisation_id:
                return m.organisation
        return None

    def roles(self) -> set[str]:
        return {m.role for m in self.memberships}

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles() & set(roles))

    def units(self, *roles: str) -> list[Unit]:
        """Units where the user has any of `roles` (all unit roles when none given)."""
        seen: dict[int, Unit] = {}
        for m in self.memberships:
            if m.unit_id and (not roles or m.role in roles):
                seen.setdefault(m.unit_id, m.unit)
        return sorted(seen.values(), key=lambda u: u.name)

    def unit_ids(self, *roles: str) -> set[int]:
        return {u.pk for u in self.units(*roles)}

    @property
    def is_caseworker(self) -> bool:
        return self.has_role(*CASEWORK_ROLES)

    @property
    def is_national(self) -> bool:
        return self.has_role(Role.NSG)


def user_access(user) -> UserAccess:
    """The user's active memberships and permission groups, in one statement; cached on the user
    object for the request (krami.services drops it when a membership changes)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return UserAccess(memberships=())
    cached = getattr(user, "_krami_access", None)
    if cached is None:
        groups = (
            get_user_model().groups.through.objects.filter(user_id=user.pk)
            .values("user_id").annotate(ids=TextList("group_id")).values("ids")
        )
        memberships = tuple(
            Membership.objects.filter(user=user)
            .filter(Q(unit__isnull=True) | Q(unit__is_active=True))
            .select_related("unit", "organisation")
            .annotate(user_group_ids=Subquery(groups))
            .order_by("role", "unit__name")
        )
        # Without a membership a user reaches no participant, whatever their groups (participants/access.py).
        ids = memberships[0].user_group_ids if memberships else ""
        cached = UserAccess(memberships=memberships, group_ids=tuple(sorted(int(i) for i in (ids or "").split(",") if i)))
        user._krami_access = cached
    return cached


def get_unit_for_user(request: HttpRequest, unit_id: int, *roles: str) -> Unit:
    """The unit if the user has one of `roles` in it; otherwise 404 (never 403: no leak)."""
    for unit in user_access(request.user).units(*roles):
        if unit.pk == unit_id:
            return unit
    raise Http404


def require_role(request: HttpRequest, roles: Iterable[str]) -> UserAccess:
    """404 unless the user holds one of `roles` somewhere."""
    access = user_access(request.user)
    if not access.has_role(*roles):
        raise Http404
    return access
