"""Two parties' records of one person, as the participant page and the merge pages show them.

The page of a record says so when the user also sees another party's record of the same person
(same unit, same keyed personnummer hash): only then, since another party's register is otherwise
secret (docs/security.md, "Identical answers"). Who may propose, confirm or withdraw a merge is
decided in participants/authority.py; when a merge is refused, in participants/merging.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from participants import authority, identity
from participants.access import visible_participants
from participants.merging import pair, refusals
from participants.models import MergeProposal, MergeStatus, Participant


@dataclass(frozen=True)
class SamePerson:
    """Another party's record of the same person that the user sees, and the merge about the two."""

    other: Participant
    proposal: MergeProposal | None
    may_propose: bool
    may_answer: bool
    may_withdraw: bool


def same_person(*, user, participant: Participant) -> list[SamePerson]:
    """The other records of `participant`'s person in the unit that `user` sees (a consent lets them),
    each with the open proposal about the pair and what the user may do about it."""
    others = list(
        visible_participants(user)
        .filter(unit_id=participant.unit_id, personnummer_hash=participant.personnummer_hash, anonymised_at__isnull=True)
        .exclude(pk=participant.pk)
        .select_related("owner_organisation")
        .order_by("created_at", "pk")
    )
    if not others:
        return []
    open_proposals = MergeProposal.objects.filter(status=MergeStatus.OPEN).filter(
        Q(kept=participant, absorbed__in=others) | Q(absorbed=participant, kept__in=others)
    )
    by_other = {p.absorbed_id if p.kept_id == participant.pk else p.kept_id: p for p in open_proposals}
    result = []
    for other in others:
        proposal = by_other.get(other.pk)
        result.append(SamePerson(
            other=other,
            proposal=proposal,
            may_propose=proposal is None and authority.may_propose_merge(user, participant, other),
            may_answer=proposal is not None and authority.may_answer_merge(user, proposal, participant),
            may_withdraw=proposal is not None and authority.may_withdraw_merge(user, proposal, participant),
        ))
    return result


@dataclass(frozen=True)
class MergeComparison:
    """The two records side by side, which one is kept, and why they cannot be merged now (if so)."""

    kept: Participant
    absorbed: Participant
    rows: list[tuple[str, str, str]]
    problems: list[str]


def merge_comparison(*, user, participant: Participant, other: Participant) -> MergeComparison:
    kept, absorbed = pair(participant, other)

    def facts(p: Participant) -> list[str]:
        handler = p.handler.get_full_name() or p.handler.get_username()
        return [
            p.reference, str(p.owner_organisation), identity.shown_name(p, user), p.masked_personnummer,
            f"{p.created_at:%Y-%m-%d}", f"{p.get_phase_display()} ({p.phase_since:%Y-%m-%d})", handler,
        ]

    labels = [_("Reference"), _("Belongs to"), _("Name"), _("Personnummer"), _("Registered"), _("Phase"), _("Case worker")]
    rows = list(zip(labels, facts(kept), facts(absorbed), strict=True))
    return MergeComparison(kept=kept, absorbed=absorbed, rows=rows, problems=refusals(kept, absorbed))
