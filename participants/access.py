"""The only door to participants' personal data (docs/access.md).

- `visible_participants(user)`: the queryset every list starts from.
- `get_participant_for_user(request, pk)`: one record, 404 when out of reach (exactly as for
  a record that does not exist), with the categories the user may see, and the read logged.
- `visible_categories(user, participant)`: which data categories of this participant.

Access is decided by guardian object permissions granted to (unit, organisation, role)
groups (`ParticipantGroupPermission`), which `participants.services.grants` derives from
ownership and consent. The lookup here reads that table directly so that it stays one
indexed subquery at national scale, and honours `expires_on` (a consent's end date).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.http import Http404, HttpRequest
from django.utils import timezone

from krami.access import user_access
from krami.models import CASEWORK_ROLES, AccessLog, DataCategory, Organisation
from krami.services import log_reads
from participants.models import (
    JournalNote,
    MergeProposal,
    MergeStatus,
    NoteVisibility,
    Participant,
    ParticipantGroupPermission,
    Reminder,
)
from participants.selectors.consent import released_to

CATEGORY_PERMISSION = {
    DataCategory.CORE: "view_participant",
    DataCategory.CRIMINAL_JUSTICE: "view_criminal_justice",
    DataCategory.SOCIAL_SERVICES: "view_social_services",
    DataCategory.LABOUR_MARKET: "view_labour_market",
    DataCategory.HEALTH: "view_health",
    DataCategory.NOTES: "view_notes",
}
PERMISSION_CATEGORY = {v: k for k, v in CATEGORY_PERMISSION.items()}


# codename -> id of the permissions above: the same for the life of a database, read once per process
# and forgotten whenever migrations run (post_migrate; a test database flushed gets them anew), as
# Django keeps content-type ids. The grant lookups then filter on the ids, with no join.
_permission_ids: dict[str, int] = {}


def permission_ids() -> dict[str, int]:
    if len(_permission_ids) < len(CATEGORY_PERMISSION):
        found = dict(
            Permission.objects.filter(
                content_type__app_label=Participant._meta.app_label, content_type__model=Participant._meta.model_name,
                codename__in=CATEGORY_PERMISSION.values(),
            ).values_list("codename", "pk")
        )
        if len(found) < len(CATEGORY_PERMISSION):  # not migrated yet: nothing to remember
            return found
        _permission_ids.update(found)
    return _permission_ids


@receiver(post_migrate)
def _forget_permission_ids(**kwargs) -> None:
    _permission_ids.clear()


def _live_grants(user) -> QuerySet[ParticipantGroupPermission]:
    """The user's grants in force today, by the ids of the user's groups (krami.access.user_access
    reads them with the memberships): the (group, permission, participant) index serves them."""
    today = timezone.localdate()
    return ParticipantGroupPermission.objects.filter(group_id__in=user_access(user).group_ids).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )


def visible_participants(user, category: str = DataCategory.CORE) -> QuerySet[Participant]:
    """Participants whose `category` data the user may see (CORE: may see at all).

    Built once per request and user (kept with `user_access`, which is dropped when a membership
    changes) and handed out as a copy: pages ask for it several times (the home page's sections,
    the list and its filters). It stays lazy, so a grant changed within the request is seen by
    whatever reads it afterwards."""
    access = user_access(user)
    cache = access.derived.setdefault("visible_participants", {})
    if category not in cache:
        unit_ids = access.unit_ids(*CASEWORK_ROLES)
        if not unit_ids:
            cache[category] = Participant.objects.none()
        else:
            granted = _live_grants(user).filter(permission_id=permission_ids().get(CATEGORY_PERMISSION[category]))
            cache[category] = Participant.objects.filter(
                unit_id__in=sorted(unit_ids), pk__in=granted.values("content_object_id")
            )
    return cache[category].all()


def visible_categories(user, participant: Participant) -> frozenset[str]:
    """The data categories of `participant` that `user` may see, in one query."""
    by_id = {pk: PERMISSION_CATEGORY[codename] for codename, pk in permission_ids().items()}
    granted = _live_grants(user).filter(content_object=participant).values_list("permission_id", flat=True)
    return frozenset(by_id[pk] for pk in granted if pk in by_id)


# One bit per data category: what a user may see of a record, as one number (`_with_visible_categories`).
CATEGORY_BIT = {category: 1 << i for i, category in enumerate(CATEGORY_PERMISSION)}


def _with_visible_categories(queryset: QuerySet[Participant], user) -> QuerySet[Participant]:
    """`visible_categories` as `visible_mask` (a bit per category, CATEGORY_BIT), so the record
    and what the user may see of it come in one query (every page of one participant pays this).

    One correlated subquery adding the distinct bits of the live grants (distinct powers of two
    add up to their OR, whatever the number of groups granting the same category): PostgreSQL
    planned the former six EXISTS, one per category, for longer than it ran the query."""
    ids = permission_ids()
    bit = Case(
        *[When(permission_id=ids[code], then=Value(CATEGORY_BIT[c])) for c, code in CATEGORY_PERMISSION.items() if code in ids],
        default=Value(0), output_field=IntegerField(),
    )
    mask = (
        _live_grants(user).filter(content_object=OuterRef("pk")).order_by()
        .values("content_object").annotate(mask=Sum(bit, distinct=True)).values("mask")
    )
    return queryset.annotate(visible_mask=Coalesce(Subquery(mask, output_field=IntegerField()), 0))


def categories_of(mask: int) -> frozenset[str]:
    return frozenset(c for c, bit in CATEGORY_BIT.items() if mask & bit)


def visible_categories_of(user, participant_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """For each of these participants in the user's case-work units: the data categories the user
    may see of it (`visible_categories` for many, the grants' bits as `_with_visible_categories`
    reads them for one), in one query whatever the number of categories (issue 19: the queue asked
    once per category). A participant outside the units is left out."""
    ids = sorted(set(participant_ids))
    unit_ids = sorted(user_access(user).unit_ids(*CASEWORK_ROLES))
    if not ids or not unit_ids:
        return {}
    rows = _with_visible_categories(Participant.objects.filter(pk__in=ids, unit_id__in=unit_ids), user).order_by()
    return {pk: categories_of(mask) for pk, mask in rows.values_list("pk", "visible_mask")}


def get_participant_for_user(
    request: HttpRequest,
    pk: int,
    *,
    action: str = AccessLog.Action.VIEW,
    queryset: QuerySet[Participant] | None = None,
    log: bool = True,
) -> Participant:
    """Fetch one participant the user may see, or 404; log the read.

    The participant gets `visible` (frozenset of categories) set. `queryset` may add
    select_related/prefetch_related; it is always narrowed by `visible_participants`.
    """
    base = queryset if queryset is not None else Participant.objects.all()
    # `visible_participants` for one record: in the user's case-work units and a live CORE grant,
    # the grant read from the mask below rather than a second subquery (cheaper to plan).
    in_units = base.filter(pk=pk, unit_id__in=user_access(request.user).unit_ids(*CASEWORK_ROLES))
    participant = (
        _with_visible_categories(in_units, request.user)
        .select_related("unit", "owner_organisation", "handler", "municipality")
        .order_by()
        .first()
    )
    visible = categories_of(participant.visible_mask) if participant is not None else frozenset()
    if DataCategory.CORE not in visible:
        raise Http404
    participant.visible = visible
    if log:
        log_reads(request=request, participants=[participant], action=action, categories=participant.visible)
    return participant


def get_participant_for_change(
    request: HttpRequest,
    pk: int,
    *,
    may: Callable[[object, Participant], bool] | None = None,
    queryset: QuerySet[Participant] | None = None,
) -> Participant:
    """The write door: one participant the user may see *and* write as `may(user, participant)`
    says (participants/authority.py), or 404 exactly as for a record that does not exist.

    The decision comes before the read is logged, so a refused write leaves no trace in any table.
    `may=None`: the team's shared work, open to whoever sees the participant.
    """
    participant = get_participant_for_user(request, pk, queryset=queryset, log=False)
    if may is not None and not may(request.user, participant):
        raise Http404
    log_reads(request=request, participants=[participant], action=AccessLog.Action.EDIT_FORM, categories=participant.visible)
    return participant


def get_owned_record(
    request: HttpRequest, pk: int, queryset: QuerySet, record_id: int, *, owner: str | None = "owner_organisation"
):
    """(participant, record) for a page that changes one record of a participant (a note, a drug
    test, an internship, a consent …): the record must belong to the participant and its `owner`
    field name the user's organisation (participants/authority.py; None: the team's shared record).
    Anything else is a 404, decided before anything is logged.
    """
    participant = get_participant_for_user(request, pk, log=False)
    records = queryset.filter(pk=record_id, participant=participant)
    if owner is not None:
        records = records.filter(**{owner: user_access(request.user).organisation})
    record = records.first()
    if record is None:
        raise Http404
    log_reads(request=request, participants=[participant], action=AccessLog.Action.EDIT_FORM, categories=participant.visible)
    return participant, record


def get_pair_for_merge(
    request: HttpRequest, pk: int, other_pk: int, *, may: Callable[[object, Participant, Participant], bool]
) -> tuple[Participant, Participant]:
    """The write door for a change about two records (a merge): both must be records the user sees,
    and `may(user, participant, other)` must allow it (participants/authority.py); anything else is a
    404, decided before anything is logged. Then the user's record is logged as opened for editing and
    the other as viewed."""
    participant = get_participant_for_user(request, pk, log=False)
    other = get_participant_for_user(request, other_pk, log=False)
    if not may(request.user, participant, other):
        raise Http404
    _log_pair(request, participant, other)
    return participant, other


def _log_pair(request: HttpRequest, participant: Participant, other: Participant) -> None:
    log_reads(request=request, participants=[participant], action=AccessLog.Action.EDIT_FORM, categories=participant.visible)
    log_reads(request=request, participants=[other], action=AccessLog.Action.VIEW, categories=other.visible)


def get_merge_for_user(
    request: HttpRequest, pk: int, proposal_id: int, *, may: Callable[[object, MergeProposal, Participant], bool]
) -> tuple[Participant, Participant, MergeProposal]:
    """(the user's record, the other record, the proposal) for answering or withdrawing an open merge
    proposal about record `pk`: 404 unless the user sees both records and `may(user, proposal, participant)`."""
    participant = get_participant_for_user(request, pk, log=False)
    proposal = (
        MergeProposal.objects.filter(pk=proposal_id, status=MergeStatus.OPEN)
        .filter(Q(kept=participant) | Q(absorbed=participant))
        .first()
    )
    if proposal is None or not may(request.user, proposal, participant):
        raise Http404
    other = get_participant_for_user(
        request, proposal.absorbed_id if proposal.kept_id == participant.pk else proposal.kept_id, log=False
    )
    _log_pair(request, participant, other)
    return participant, other, proposal


def log_read(request: HttpRequest, participant: Participant, *, action: str) -> None:
    """Log one read of a participant fetched with `log=False` (a read decided after a form was checked)."""
    log_reads(request=request, participants=[participant], action=action, categories=participant.visible)


def log_list(request: HttpRequest, participants) -> None:
    """Log that these participants were shown in a list (core data only)."""
    log_reads(request=request, participants=participants, action=AccessLog.Action.LIST, categories=[DataCategory.CORE])


def caseworkers_who_may_see(participant: Participant) -> QuerySet:
    """Active case workers of the participant's unit whose groups hold a live CORE grant.

    These are the people who can be the participant's handläggare: the reassignment form
    offers them and the reassignment service accepts only them.
    """
    today = timezone.localdate()
    groups = (
        ParticipantGroupPermission.objects.filter(
            content_object=participant, permission__codename=CATEGORY_PERMISSION[DataCategory.CORE]
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .values("group_id")
    )
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__unit_id=participant.unit_id,
            memberships__role__in=CASEWORK_ROLES,
            groups__in=groups,
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def organisations_seeing(participant: Participant) -> list[Organisation]:
    """The parties of the participant's unit whose case workers see the participant (a live CORE grant)."""
    today = timezone.localdate()
    groups = ParticipantGroupPermission.objects.filter(
        content_object=participant, permission__codename=CATEGORY_PERMISSION[DataCategory.CORE]
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    return list(
        Organisation.objects.filter(access_groups__group__in=groups.values("group_id")).distinct().order_by("kind", "name")
    )


def visible_notes(user, participant: Participant) -> QuerySet[JournalNote]:
    """The journal notes of `participant` that `user` may read (`participant.visible` must be set).

    Their own organisation's notes, and the team notes of each other organisation that released
    its notes to the user's organisation by a live consent (docs/access.md).
    """
    org = user_access(user).organisation
    notes_filter = Q(owner_organisation=org)
    if DataCategory.NOTES in participant.visible:
        released = released_to(organisation=org, category=DataCategory.NOTES, on=timezone.localdate())
        notes_filter |= Q(visibility=NoteVisibility.TEAM) & released
    return JournalNote.objects.filter(participant=participant).filter(notes_filter)


def get_own_reminder(request: HttpRequest, pk: int, reminder_id: int) -> tuple[Participant, Reminder]:
    """(participant, reminder) for changing or removing a reminder: the user must see the participant
    and be the reminder's author (participants/authority.py::owns_reminder); anything else is a 404,
    decided before the read is logged."""
    participant = get_participant_for_user(request, pk, log=False)
    reminder = Reminder.objects.filter(pk=reminder_id, participant=participant, author_id=request.user.pk).first()
    if reminder is None:
        raise Http404
    log_reads(request=request, participants=[participant], action=AccessLog.Action.EDIT_FORM, categories=participant.visible)
    return participant, reminder


def search_notes(notes: QuerySet[JournalNote], *, text: str = "", kind: str = "") -> QuerySet[JournalNote]:
    """Narrow notes already scoped by `visible_notes`: words of `text` (each must occur) and a type."""
    for word in text.split():
        notes = notes.filter(text__icontains=word)
    if kind:
        notes = notes.filter(kind=kind)
    return notes
