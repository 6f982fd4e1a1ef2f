"""How a participant is named to whom: the one place names are shown (DOMAIN.md, "Protected identity").

A participant with protected personal data (skyddade personuppgifter: sekretessmarkering,
skyddad folkbokföring) is named only to those who must know: the handler and the coordinators of
the owning organisation in the participant's unit. Everyone else, in every list, queue, meeting and
group page, form, export and PDF, sees "Protected identity" and the pseudonymous reference, and no
contact details. Showing them the name is like showing the personnummer: an explicit action, with
a reason, logged (participants/views/register.py::reveal_identity).

Templates name people with `{% person_name p %}` (participants/templatetags/people.py); Python
code with `shown_name(participant, user)`. Lists that search or sort by name use `name_visible_q`
so that a hidden name neither matches a search nor places the person in the alphabet.
"""

from __future__ import annotations

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from krami.access import user_access
from krami.models import Role
from participants.models import PROTECTED_IDENTITY, Participant


def _coordinated(user) -> set[tuple[int, int]]:
    """(unit id, organisation id) of the user's coordinator memberships."""
    return {(m.unit_id, m.organisation_id) for m in user_access(user).memberships if m.role == Role.SAMORDNARE}


def may_see_identity(user, participant: Participant) -> bool:
    """The user may see the name and contact details without asking: always, unless the identity
    is protected; then only the handler and the owning organisation's coordinators in the unit."""
    if not participant.protected_identity:
        return True
    if getattr(user, "pk", None) is None:
        return False
    return participant.handler_id == user.pk or coordinates(user, participant)


def coordinates(user, participant: Participant) -> bool:
    """The user is a coordinator of the participant's owning organisation in the participant's unit."""
    return (participant.unit_id, participant.owner_organisation_id) in _coordinated(user)


def name_visible_q(user, prefix: str = "") -> Q:
    """`may_see_identity` as a filter on participants (`prefix`: the path to them, e.g. "participant__")."""
    allowed = Q(**{f"{prefix}protected_identity": False})
    if getattr(user, "pk", None) is None:
        return allowed
    allowed |= Q(**{f"{prefix}handler_id": user.pk})
    for unit_id, org_id in _coordinated(user):
        allowed |= Q(**{f"{prefix}unit_id": unit_id, f"{prefix}owner_organisation_id": org_id})
    return allowed


def protected_label(participant: Participant) -> str:
    return f"{PROTECTED_IDENTITY} ({participant.reference})"


def shown_name(participant: Participant, user, *, style: str = "full", revealed: bool = False) -> str:
    """The participant's name as `user` may see it: "First Last" ("Last, First" with style="sorted"),
    or "Protected identity (D-000123)". `revealed`: the user asked to see it, with a reason (logged)."""
    if not (revealed or may_see_identity(user, participant)):
        return protected_label(participant)
    if style == "sorted":
        return f"{participant.last_name}, {participant.first_name}"
    return participant.full_name


def shown_contact(participant: Participant, user) -> tuple[str, str]:
    """(phone, e-mail) as `user` may see them: empty for a protected identity they may not see."""
    if not may_see_identity(user, participant):
        return "", ""
    return participant.phone, participant.email


def search_by_name(qs: QuerySet[Participant], terms: list[str], user, prefix: str = "") -> QuerySet[Participant]:
    """Participants whose name matches every term, among those whose name `user` may see: a hidden
    name must not be found by searching for it (that would tell the searcher who it is)."""
    for term in terms:
        qs = qs.filter(Q(**{f"{prefix}first_name__icontains": term}) | Q(**{f"{prefix}last_name__icontains": term}))
    return qs.filter(name_visible_q(user, prefix))


def order_by_shown_name(qs: QuerySet, user, *, prefix: str = "", first: tuple = (), last_first: bool = True) -> QuerySet:
    """Order by the name as `user` sees it: protected people whose name is hidden after the others,
    by reference (their place in the alphabet would hint at the name). `first`: keys before the name."""
    hidden = Case(When(~name_visible_q(user, prefix), then=Value(1)), default=Value(0), output_field=IntegerField())
    names = [F(f"{prefix}last_name"), F(f"{prefix}first_name")] if last_first else [F(f"{prefix}first_name"), F(f"{prefix}last_name")]
    return qs.annotate(_name_hidden=hidden).order_by(
        *first,
        "_name_hidden",
        *[Case(When(_name_hidden=1, then=Value("")), default=name) for name in names],
        f"{prefix}pk" if prefix else "pk",
    )
