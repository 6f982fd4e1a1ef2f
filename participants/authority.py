"""The write door: who may record, change or withdraw what (docs/access.md, "Who may write").

Reading goes through `participants.access`; writing is decided here, in one place, so that a
view, a service and a template ask the same question and get the same answer.

- A party changes only its own data (DOMAIN.md, "Law and practice"): the core record is the
  owning organisation's; a category (criminal justice, social services, labour market) is the
  organisation of that kind's; journal notes, drug tests, internships, employments and studies
  belong to the organisation that recorded them.
- A consent lifts the secrecy of the party that holds the data, so only that party records it
  and its withdrawal: the owning organisation releases the core record, each party releases
  its own category, its own notes and its own drug tests. A receiving party may only ask.
- A case worker's reminder on a case is theirs alone: only its author sees, changes or removes it.
- The Krami path (interviews, assessments, the queue, starts, exits, follow-ups, drug-test
  referrals, notes) is the team's shared work: any case worker who sees the participant records
  its steps, as their own organisation's. The decision after a drug-test no-show (discharge or
  not) is the team's too, among those who may see the test: the referring organisation, and the
  others once the participant shares drug tests (intake/access.py::get_no_show_to_decide).

- A register-extract request (privacy) is recorded and followed by a coordinator of the
  participant's unit, for their own organisation: the organisation asked answers it.

Every refusal is a 404 at the door (`participants.access.get_participant_for_change`), exactly as
for a record that does not exist, and is decided before anything is logged or written.
"""

from __future__ import annotations

from dataclasses import dataclass

from krami.access import user_access
from krami.models import CATEGORY_OWNER_KIND, DataCategory, Organisation, Role

# Categories whose data is owned record by record by the organisation that recorded it: each party
# releases its own records of these (its team notes, its drug tests).
RECORD_OWNED = (DataCategory.NOTES, DataCategory.HEALTH)


class WriteRefused(Exception):
    """A service was asked to write what the acting user may not write (the views 404 before this)."""


def organisation_of(user) -> Organisation | None:
    return user_access(user).organisation


def owns_core(user, participant) -> bool:
    """The user's organisation owns the participant's record (and may change it)."""
    org = organisation_of(user)
    return org is not None and participant.owner_organisation_id == org.pk


def owns_category(user, category: str) -> bool:
    """The user's organisation is the kind that owns `category` for every participant."""
    org = organisation_of(user)
    return org is not None and CATEGORY_OWNER_KIND.get(category) == org.kind


def may_change_category(user, participant, category: str) -> bool:
    """Change one category's data: its owner, for a participant whose category they see."""
    return category in participant.visible and owns_category(user, category)


def owns_record(user, record) -> bool:
    """A record owned record by record (note, drug test, internship, …) is its organisation's to change."""
    org = organisation_of(user)
    return org is not None and record.owner_organisation_id == org.pk


def owns_reminder(user, reminder) -> bool:
    """A reminder is its author's own: nobody else sees, changes or removes it (issue 16)."""
    return getattr(user, "pk", None) is not None and reminder.author_id == user.pk


def releasable_categories(organisation: Organisation | None, participant) -> list[str]:
    """What `organisation` may release of `participant` by recording a consent, in category order."""
    if organisation is None:
        return []
    return [
        category
        for category in DataCategory
        if (category == DataCategory.CORE and participant.owner_organisation_id == organisation.pk)
        or CATEGORY_OWNER_KIND.get(category) == organisation.kind
        or category in RECORD_OWNED
    ]


def receiving_parties(organisation: Organisation | None, parties) -> list[Organisation]:
    """The parties a consent of `organisation` can name: every other party of the unit (no self-pairs)."""
    return [party for party in parties if organisation is None or party.pk != organisation.pk]


def may_record_consent(user, participant) -> bool:
    """Record a consent: every party that sees the participant releases at least its own records."""
    return bool(releasable_categories(organisation_of(user), participant))


def may_withdraw_consent(user, consent) -> bool:
    """Withdraw a consent: only the party whose data it released."""
    org = organisation_of(user)
    return org is not None and consent.releasing_organisation_id == org.pk


def may_handle_extract_requests(user, participant) -> bool:
    """Record and follow a participant's register-extract requests to the user's organisation: a
    coordinator of the participant's unit (who sees the participant: the door has checked that)."""
    return organisation_of(user) is not None and participant.unit_id in user_access(user).unit_ids(Role.SAMORDNARE)


def require(allowed: bool) -> None:
    """For services: refuse what the door should have refused already."""
    if not allowed:
        raise WriteRefused


@dataclass(frozen=True)
class PageAuthority:
    """What the user may write on one participant's page, decided here and handed to the template."""

    organisation_id: int | None
    change_core: bool
    change_categories: frozenset[str]
    record_consent: bool

    def owns(self, record) -> bool:
        return self.organisation_id is not None and record.owner_organisation_id == self.organisation_id


def page_authority(user, participant) -> PageAuthority:
    org = organisation_of(user)
    return PageAuthority(
        organisation_id=org.pk if org else None,
        change_core=owns_core(user, participant),
        change_categories=frozenset(c for c in CATEGORY_OWNER_KIND if may_change_category(user, participant, c)),
        record_consent=may_record_consent(user, participant),
    )
