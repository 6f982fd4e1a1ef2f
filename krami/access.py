"""Access helpers: the one door through which views learn what a user may see.

Participant-level scoping (`visible_participants`, `get_participant_for_user`) lives in
`participants/access.py` and builds on the helpers here. docs/access.md describes the model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404, HttpRequest

from krami.models import CASEWORK_ROLES, Membership, Organisation, Role, Unit


@dataclass(frozen=True)
class UserAccess:
    """A user's memberships, loaded once per request."""

    memberships: tuple[Membership, ...]

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
    """The user's active memberships; cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return UserAccess(memberships=())
    cached = getattr(user, "_krami_access", None)
    if cached is None:
        memberships = tuple(
            Membership.objects.filter(user=user)
            .filter(Q(unit__isnull=True) | Q(unit__is_active=True))
            .select_related("unit", "organisation")
            .order_by("role", "unit__name")
        )
        cached = UserAccess(memberships=memberships)
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
