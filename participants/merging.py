"""How a merge of two records of one person treats each kind of row, and when it is refused.

The rules of the merge in one place (participants/services/merge.py carries it out, the merge
pages show its refusals beforehand): the record registered first is kept; each relation of
Participant moves to it by its model's rule; a merge is refused while one of the records is gallrad,
while either owner does not see the other's record, or while both hold a row that a person may have
only one of (an open enrolment). Apps that participants may not import (intake) register the rules
of their own rows with `merge_rule` in their AppConfig.ready().
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from krami.models import DataCategory
from participants.access import organisations_seeing
from participants.models import (
    CriminalJusticeInfo,
    LabourMarketInfo,
    MergeProposal,
    Participant,
    ParticipantGroupPermission,
    SocialServicesInfo,
)


@dataclass(frozen=True)
class MergeRule:
    """How the rows of one model follow a merge (the default: they all move to the kept record).

    `duplicate_of`: fields that make a row of the other record the same fact as a row of the kept one
    (the person on one meeting's attendance list twice); those rows are dropped, the rest move.
    `only_one`: rows that one person may have only one of at a time (an open enrolment); a merge with
    one on each side is refused with `refusal`, to be settled first.
    """

    duplicate_of: tuple[str, ...] = ()
    only_one: Q | None = None
    refusal: str = gettext_lazy("Both records hold something a person may have only once.")


MERGE_RULES: dict[type[models.Model], MergeRule] = {}

# Rows the merge itself deals with: the category rows are combined, grants derived again, proposals
# (this one and others about the removed record) closed or pointed at the kept record.
CATEGORY_ROWS = {
    DataCategory.CRIMINAL_JUSTICE: CriminalJusticeInfo,
    DataCategory.SOCIAL_SERVICES: SocialServicesInfo,
    DataCategory.LABOUR_MARKET: LabourMarketInfo,
}
HANDLED_HERE = {*CATEGORY_ROWS.values(), ParticipantGroupPermission, MergeProposal}


def merge_rule(model: type[models.Model], **rule) -> None:
    """Register how `model`'s rows follow a merge (for apps that participants may not import)."""
    MERGE_RULES[model] = MergeRule(**rule)


def relations():
    """(model, field name) of every relation to Participant whose rows move."""
    for relation in Participant._meta.related_objects:
        if relation.related_model not in HANDLED_HERE:
            yield relation.related_model, relation.field.name


def check_rules() -> None:
    """Every relation that a unique constraint ties to one participant has a rule: without one, a
    merge of two such rows would fail in the database instead of being settled or refused."""
    for model, field in relations():
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and field in constraint.fields and model not in MERGE_RULES:
                raise ImproperlyConfigured(f"{model._meta.label}.{constraint.name}: no merge rule (participants/merging.py)")


def refusals(kept: Participant, absorbed: Participant) -> list[str]:
    """Why these two records cannot be merged now (empty: they can)."""
    problems = []
    if kept.anonymised_at or absorbed.anonymised_at:
        problems.append(_("One of the records has been removed by gallring."))
    seeing_kept = {o.pk for o in organisations_seeing(kept)}
    seeing_absorbed = {o.pk for o in organisations_seeing(absorbed)}
    if absorbed.owner_organisation_id not in seeing_kept or kept.owner_organisation_id not in seeing_absorbed:
        problems.append(_(
            "Each organisation must see the other's record: the person's consent must let both owners "
            "see each other's identity record."
        ))
    for model, field in relations():
        rule = MERGE_RULES.get(model)
        if rule and rule.only_one is not None:
            rows = model._base_manager.filter(rule.only_one)
            if rows.filter(**{field: kept}).exists() and rows.filter(**{field: absorbed}).exists():
                problems.append(str(rule.refusal))
    return problems


def pair(participant: Participant, other: Participant) -> tuple[Participant, Participant]:
    """(kept, absorbed): the record registered first is kept."""
    return tuple(sorted((participant, other), key=lambda p: (p.created_at, p.pk)))
