"""Merging two parties' records of one person (DOMAIN.md, "One person, one participation").

Two parties of a unit may each have registered the same person (the duplicate check looks only at
records the user may see). Once each owner sees the other's record by a consent, one proposes the
merge and the other confirms it (docs/access.md, "Merging two records of one person"):

- the record registered first is kept; the other one's rows all move to it (consents and requests,
  journal notes, drug tests, the programme, phase history, intake steps: every relation of
  Participant, each by its rule in MERGE_RULES), its category data is combined into the kept one's,
  and what differed in its core record is written in a journal note of its owner;
- the other record is then removed; the kept record's grants are derived again from ownership and
  the consents it now carries (participants/services/grants.py);
- the whole merge is one transaction: a failure at any step leaves both records as they were.

Which rule each kind of row follows, and when a merge is refused: participants/merging.py.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from krami.display import display, field_value
from krami.services import audit
from participants import authority
from participants.merging import CATEGORY_ROWS, MERGE_RULES, MergeRule, check_rules, pair, refusals, relations
from participants.models import (
    ACTIVE_PHASES,
    Condition,
    CriminalJusticeStatus,
    JournalNote,
    MergeProposal,
    MergeStatus,
    NoteVisibility,
    Participant,
)
from participants.services.grants import participant_sync_grants


class MergeRefused(ValidationError):
    """The two records cannot be merged now; the message says why and what to do."""


# Core fields taken from the other record where the kept one has nothing.
COMPLETED_FIELDS = ("phone", "email", "address")
CONDITIONS = ("drug_free", "housing_arranged", "childcare_arranged")
# Core fields whose differing value is written down for the other record's owner.
COMPARED_FIELDS = (
    "first_name", "last_name", "gender", "municipality", "phone", "email", "address", "referral_source",
    *CONDITIONS, "handler",
)


@transaction.atomic
def merge_propose(*, participant: Participant, other: Participant, by, note: str = "") -> MergeProposal:
    """Propose to merge `other` with `by`'s organisation's record `participant` of the same person.

    Side effects, in order: the proposal row (open); audit ``merge.proposed``.
    Raises MergeRefused when the records cannot be merged now, or a proposal is already open.
    """
    authority.require(authority.may_propose_merge(by, participant, other))
    kept, absorbed = pair(participant, other)
    problems = refusals(kept, absorbed)
    if MergeProposal.objects.filter(kept=kept, absorbed_participant_id=absorbed.pk, status=MergeStatus.OPEN).exists():
        problems.append(_("A merge of these two records has already been proposed."))
    if problems:
        raise MergeRefused(problems)
    proposal = MergeProposal.objects.create(
        unit=kept.unit, kept=kept, absorbed=absorbed, absorbed_participant_id=absorbed.pk,
        absorbed_reference=absorbed.reference, kept_owner_id=kept.owner_organisation_id,
        absorbed_owner_id=absorbed.owner_organisation_id, proposing_organisation_id=participant.owner_organisation_id,
        proposed_by=by, note=note,
    )
    audit(user=by, action="merge.proposed", obj=proposal, unit=kept.unit, kept=kept.pk, absorbed=absorbed.pk)
    return proposal


def _close(proposal: MergeProposal, *, status: str, by, note: str = "") -> None:
    proposal.status = status
    proposal.answered_by = by
    proposal.answered_at = timezone.now()
    proposal.answer_note = note
    proposal.save(update_fields=["status", "answered_by", "answered_at", "answer_note", "moved", "absorbed", "kept"])


@transaction.atomic
def merge_decline(*, proposal: MergeProposal, participant: Participant, by, note: str) -> MergeProposal:
    """The other owner answers no (`note`: why). Side effects: the proposal closed; audit ``merge.declined``."""
    proposal = MergeProposal.objects.select_for_update().get(pk=proposal.pk, status=MergeStatus.OPEN)
    authority.require(authority.may_answer_merge(by, proposal, participant))
    _close(proposal, status=MergeStatus.DECLINED, by=by, note=note)
    audit(user=by, action="merge.declined", obj=proposal, unit=proposal.unit, note=note)
    return proposal


@transaction.atomic
def merge_withdraw(*, proposal: MergeProposal, participant: Participant, by) -> MergeProposal:
    """The proposing party takes it back. Side effects: the proposal closed; audit ``merge.withdrawn``."""
    proposal = MergeProposal.objects.select_for_update().get(pk=proposal.pk, status=MergeStatus.OPEN)
    authority.require(authority.may_withdraw_merge(by, proposal, participant))
    _close(proposal, status=MergeStatus.WITHDRAWN, by=by)
    audit(user=by, action="merge.withdrawn", obj=proposal, unit=proposal.unit)
    return proposal


@transaction.atomic
def merge_confirm(*, proposal: MergeProposal, participant: Participant, by, note: str = "") -> Participant:
    """The other owner agrees: the two records become one (the module docstring says how).

    Side effects, in order: both records and the proposal locked; the checks made again; every row
    of the other record moved to the kept one (`_move_rows`); the category rows combined
    (`_combine_categories`); the kept core record completed and its phase chosen; a journal note of
    the other record's owner with what differed; other proposals about the other record closed or
    pointed at the kept one; the other record removed (its grants with it); the kept record's grants
    derived again; the proposal marked merged with the rows moved; audit ``participant.merged``.
    Returns the kept record. Raises MergeRefused when the records cannot be merged now.
    """
    check_rules()
    proposal = MergeProposal.objects.select_for_update().get(pk=proposal.pk, status=MergeStatus.OPEN)
    authority.require(authority.may_answer_merge(by, proposal, participant))
    locked = {p.pk: p for p in Participant.objects.select_for_update().filter(pk__in=[proposal.kept_id, proposal.absorbed_id])}
    if len(locked) != 2:
        raise MergeRefused(_("One of the records no longer exists."))
    kept, absorbed = locked[proposal.kept_id], locked[proposal.absorbed_id]
    problems = refusals(kept, absorbed)
    if problems:
        raise MergeRefused(problems)
    differences = _differences(kept, absorbed)
    moved = _move_rows(kept, absorbed)
    moved.update(_combine_categories(kept, absorbed))
    _complete_core(kept, absorbed)
    _note_differences(kept, absorbed, differences, proposal=proposal, by=by)
    _close_other_proposals(kept, absorbed, proposal=proposal, by=by)
    absorbed_id, reference = absorbed.pk, absorbed.reference
    absorbed.delete()
    participant_sync_grants(participant=kept)
    proposal.kept, proposal.absorbed, proposal.moved = kept, None, moved
    _close(proposal, status=MergeStatus.MERGED, by=by, note=note)
    audit(
        user=by, action="participant.merged", obj=kept, unit=kept.unit, absorbed=absorbed_id,
        absorbed_reference=reference, proposal=proposal.pk, moved=moved,
    )
    return kept


def _move_rows(kept: Participant, absorbed: Participant) -> dict[str, int]:
    """Every row of the other record to the kept one, by its model's rule; {"app.model": rows moved}."""
    moved = {}
    for model, field in relations():
        rule = MERGE_RULES.get(model, MergeRule())
        rows = model._base_manager.filter(**{field: absorbed})
        if rule.duplicate_of:
            kept_facts = set(model._base_manager.filter(**{field: kept}).values_list(*rule.duplicate_of))
            same = [pk for pk, *fact in rows.values_list("pk", *rule.duplicate_of) if tuple(fact) in kept_facts]
            model._base_manager.filter(pk__in=same).delete()
        count = rows.update(**{field: kept})
        if count:
            moved[model._meta.label_lower] = count
    return moved


def _combine_categories(kept: Participant, absorbed: Participant) -> dict[str, int]:
    """Each authority's category row: the kept record's values, where it has none the other's; a value
    both have but differently, and the other's notes, are added to the kept row's notes."""
    combined = {}
    for model in CATEGORY_ROWS.values():
        mine = model.objects.select_for_update().filter(participant=kept).first()
        theirs = model.objects.filter(participant=absorbed).first()
        if theirs is None:
            continue
        if mine is None:
            theirs.participant = kept
            theirs.save(update_fields=["participant"])
            continue
        extra = []
        for field in model._meta.concrete_fields:
            if field.name in {"id", "participant", "notes", "version", "updated_at"}:
                continue
            own, other = getattr(mine, field.attname), getattr(theirs, field.attname)
            if _empty(field, own) and not _empty(field, other):
                setattr(mine, field.attname, other)
            elif isinstance(field, models.BooleanField):
                setattr(mine, field.attname, own or other)
            elif not _empty(field, other) and own != other:
                extra.append(f"{str(field.verbose_name).capitalize()}: {display(field_value(theirs, field))}")
        if theirs.notes.strip() and theirs.notes.strip() != mine.notes.strip():
            extra.append(theirs.notes.strip())
        if extra:
            heading = _("From %(reference)s (merged into this record):") % {"reference": absorbed.reference}
            mine.notes = "\n\n".join(filter(None, [mine.notes.strip(), heading + "\n" + "\n".join(extra)]))
        mine.version += 1
        mine.save()
        combined[model._meta.label_lower] = 1
    return combined


def _empty(field, value) -> bool:
    if value is None or value == "":
        return True
    return value == CriminalJusticeStatus.NONE and field.name == "status"


def _complete_core(kept: Participant, absorbed: Participant) -> None:
    """The kept core record takes what only the other one knew, and the phase the person is in."""
    for name in COMPLETED_FIELDS:
        if not getattr(kept, name) and getattr(absorbed, name):
            setattr(kept, name, getattr(absorbed, name))
    for name in CONDITIONS:
        if getattr(kept, name) == Condition.UNKNOWN and getattr(absorbed, name) != Condition.UNKNOWN:
            setattr(kept, name, getattr(absorbed, name))
    kept.identifies_as_woman = kept.identifies_as_woman or absorbed.identifies_as_woman
    kept.protected_identity = kept.protected_identity or absorbed.protected_identity
    if kept.protected_identity:
        kept.address = ""
    # The person is where the programme has them: an enrolled record's phase wins (only one may have
    # an open enrolment); otherwise the latest change of phase.
    if (absorbed.phase in ACTIVE_PHASES) > (kept.phase in ACTIVE_PHASES) or (
        (absorbed.phase in ACTIVE_PHASES) == (kept.phase in ACTIVE_PHASES) and absorbed.phase_since > kept.phase_since
    ):
        kept.phase, kept.phase_since = absorbed.phase, absorbed.phase_since
    kept.version += 1
    kept.save()


def _differences(kept: Participant, absorbed: Participant) -> list[str]:
    """The other record's core values that differ from the kept one's, as "Label: value" lines."""
    lines = []
    for name in COMPARED_FIELDS:
        if name in {"first_name", "last_name"} and (kept.protected_identity or absorbed.protected_identity):
            continue  # a protected name is not written where the owner's other staff can read it
        field = Participant._meta.get_field(name)
        mine, theirs = getattr(kept, field.attname), getattr(absorbed, field.attname)
        if theirs not in (None, "") and theirs != mine:
            lines.append(f"{str(field.verbose_name).capitalize()}: {display(field_value(absorbed, field))}")
    return lines


def _note_differences(kept: Participant, absorbed: Participant, lines: list[str], *, proposal: MergeProposal, by) -> None:
    """A journal note of the other record's owner, for its own staff: that the record was merged, and
    what it said that the kept record does not. Written in the name of whoever acted for that owner."""
    acting = authority.organisation_of(by)
    author = by if acting is not None and acting.pk == absorbed.owner_organisation_id else proposal.proposed_by
    text = _("The record %(absorbed)s of %(owner)s was merged into %(kept)s of %(kept_owner)s.") % {
        "absorbed": absorbed.reference, "owner": absorbed.owner_organisation, "kept": kept.reference,
        "kept_owner": kept.owner_organisation,
    }
    if lines:
        text += "\n" + _("It said differently:") + "\n" + "\n".join(lines)
    JournalNote.objects.create(
        participant=kept, author=author, owner_organisation_id=absorbed.owner_organisation_id,
        visibility=NoteVisibility.OWN_ORGANISATION, noted_on=timezone.localdate(), text=text,
    )


def _close_other_proposals(kept: Participant, absorbed: Participant, *, proposal: MergeProposal, by) -> None:
    """Other proposals about the removed record: open ones are withdrawn (propose again with the kept
    record), done ones (records merged into it earlier) now name the kept record."""
    others = MergeProposal.objects.exclude(pk=proposal.pk)
    for other in others.filter(Q(kept=absorbed) | Q(absorbed=absorbed), status=MergeStatus.OPEN):
        if other.kept_id == absorbed.pk:
            other.kept = kept
        _close(other, status=MergeStatus.WITHDRAWN, by=by, note=_("Superseded by the merge into %(kept)s.") % {"kept": kept.reference})
    others.filter(kept=absorbed).update(kept=kept)

