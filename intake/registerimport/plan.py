"""What the rows would do to the register: match people and episodes, check them against what is there.

A participant is matched by personnummer within the unit and the importer's organisation, as
`participants.services.register.find_duplicate` does it: only records the importer may see
count, so another organisation's record of the person (not visible) gives exactly the answer
a person who does not exist gives, and the importer's organisation gets its own record
(docs/security.md, "Identical answers"). An episode is matched by (participant, start date).

`plan_rows` gives, for the rows asked for, the outcome (new participant / new episode / episode
updated / unchanged / error) and, for apply, a `PersonPlan` per person.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.translation import gettext as _

from intake.drugpolicy import reenrolment_blocked_since
from intake.models import DrugTest, Episode, EpisodeAction, ExitOutcome, RowOutcome
from intake.registerimport.validate import EpisodeData, Lookups, RowData
from participants import personnummer
from participants.access import visible_participants


@dataclass
class PersonPlan:
    """One person's changes: create them (participant None) and/or add or close episodes."""

    digits: str
    first: RowData  # the person's first row: its participant fields are used to create the record
    participant: object | None = None  # the existing record, or None: a new participant
    new_episodes: list[EpisodeData] = field(default_factory=list)
    closes: list[tuple[Episode, EpisodeData]] = field(default_factory=list)
    latest: object | None = None  # the person's latest episode after the import (Episode or EpisodeData)


@dataclass
class RowResult:
    number: int
    outcome: str
    episode: str
    errors: list[tuple[str, str]]


def plan_rows(rows: list[RowData], *, lookups: Lookups, organisation, numbers: set[int] | None = None):
    """(results of the rows in `numbers` (all when None), plans of their people).

    `rows` must be every row of the file, already read and cross-checked: the group places and
    a person's rows elsewhere in the file count even when only some rows are asked for.
    """
    wanted = [r for r in rows if numbers is None or r.number in numbers]
    people: dict[str, list[RowData]] = defaultdict(list)
    for row in rows:
        if row.digits:
            people[row.digits].append(row)
    digits = {r.digits for r in wanted if r.digits}
    existing, others = _existing(digits, lookups=lookups, organisation=organisation)
    episodes, tests = _history(existing.values())
    _group_places(rows, lookups=lookups, organisation=organisation)
    plans = {}
    for d in digits:
        plans[d] = _plan_person(d, people[d], existing.get(d), d in others, episodes, tests, lookups)
    results = []
    for row in wanted:
        results.append(_result(row, plans.get(row.digits)))
    return results, list(plans.values())


def _hash(digits: str) -> str:
    return personnummer.lookup_hash(digits)


def _existing(digits: set[str], *, lookups: Lookups, organisation):
    """digits -> the importer's organisation's record; and the digits only another party's visible record has."""
    by_hash = {_hash(d): d for d in digits}
    found = visible_participants(lookups.by).filter(unit=lookups.unit, personnummer_hash__in=list(by_hash))
    own, others = {}, set()
    for participant in found.only("pk", "first_name", "last_name", "owner_organisation_id", "personnummer_hash",
                                  "unit_id", "phase"):
        d = by_hash[participant.personnummer_hash]
        if participant.owner_organisation_id == organisation.pk:
            own[d] = participant
        else:
            others.add(d)
    return own, others - set(own)


def _history(participants):
    ids = [p.pk for p in participants]
    episodes, tests = defaultdict(list), defaultdict(list)
    for episode in Episode.objects.filter(participant_id__in=ids).order_by("started_on"):
        episodes[episode.participant_id].append(episode)
    for pid, on, result in DrugTest.objects.filter(participant_id__in=ids).exclude(result="").values_list(
        "participant_id", "result_on", "result"
    ):
        tests[pid].append((on, result))
    return episodes, tests


def _group_places(rows: list[RowData], *, lookups: Lookups, organisation) -> None:
    """A group's places are the hard limit: its episodes in Krami plus the file's new ones."""
    in_groups = [r for r in rows if r.digits and r.episode and r.episode.group and r.episode.started_on]
    groups = {r.episode.group.pk: r.episode.group for r in in_groups}
    if not groups:
        return
    taken: dict[int, set] = defaultdict(set)
    for group_id, pnr_hash, org_id, pid, started_on in Episode.objects.filter(group_id__in=list(groups)).values_list(
        "group_id", "participant__personnummer_hash", "participant__owner_organisation_id", "participant_id", "started_on"
    ):
        # Own records are matched to the file's rows by (personnummer, start); others' simply take a place.
        taken[group_id].add((pnr_hash, started_on) if org_id == organisation.pk else ("other", pid, started_on))
    for row in in_groups:
        group = row.episode.group
        key = (_hash(row.digits), row.episode.started_on)
        if key in taken[group.pk]:
            continue
        taken[group.pk].add(key)
        if len(taken[group.pk]) > group.capacity:
            row.error("group", _("%(group)s has %(capacity)s places, and they are all taken by the rows before this one "
                                 "and the group's participants in Krami.") % {"group": group.name, "capacity": group.capacity})


def _plan_person(digits, rows, participant, other_party, episodes, tests, lookups) -> PersonPlan:
    plan = PersonPlan(digits=digits, first=rows[0], participant=participant)
    if other_party:
        # The importer sees another party's record of the person (with consent): registering
        # answers exactly this in the register form too (participants/services/register.py).
        for row in rows:
            row.error("personnummer", _("This person is already registered in this unit."))
        return plan
    in_krami = {e.started_on: e for e in episodes.get(participant.pk, [])} if participant else {}
    if participant is not None:
        _same_name(rows, participant)
    for row in rows:
        ep = row.episode
        if ep is None or ep.started_on is None:
            continue
        current = in_krami.get(ep.started_on)
        if current is None:
            plan.new_episodes.append(ep)
            row.episode_action = EpisodeAction.NEW
        elif ep.same_as(current):
            row.episode_action = EpisodeAction.UNCHANGED
        elif _closes(row, ep, current):
            plan.closes.append((current, ep))
            row.episode_action = EpisodeAction.UPDATED
    _fits_the_register(plan, rows, list(in_krami.values()), tests.get(getattr(participant, "pk", None), []))
    return plan


def _same_name(rows, participant) -> None:
    for key in ("first_name", "last_name"):
        for row in rows:
            if row.person.get(key, "").casefold() != getattr(participant, key).casefold():
                row.error(key, _("Krami has this personnummer with another name: check the personnummer or the name."))


def _closes(row: RowData, ep: EpisodeData, current: Episode) -> bool:
    """An episode open in Krami that the file closes: the one change of an episode the import makes."""
    if ep.kind != current.kind or (ep.group.pk if ep.group else None) != current.group_id:
        row.error("kind" if ep.kind != current.kind else "group",
                  _("Krami has the episode that starts %(start)s with another start (group or individual); "
                    "the import does not change a start.") % {"start": current.started_on.isoformat()})
    elif current.ended_on is None and ep.ended_on is not None:
        return True
    elif current.ended_on is not None and ep.ended_on is None:
        row.error("ended_on", _("Krami has this episode closed on %(end)s; the import does not reopen an episode.")
                  % {"end": current.ended_on.isoformat()})
    else:
        row.error("ended_on", _("Krami has this episode closed with another exit (%(end)s); change it in Krami.")
                  % {"end": current.ended_on.isoformat()})
    return False


def _fits_the_register(plan: PersonPlan, rows, in_krami: list[Episode], tests) -> None:
    """The person's episodes after the import: none overlapping (so one open at most), the drug policy.

    Episodes of the file among themselves were checked by `validate.cross_row_errors`; here a
    new episode of the file meets the episodes already in Krami.
    """
    closing = {current.pk: ep for current, ep in plan.closes}
    merged = [(closing.get(e.pk) or e, None) for e in in_krami]
    merged += [(row.episode, row) for row in rows if row.episode_action == EpisodeAction.NEW]
    merged.sort(key=lambda pair: pair[0].started_on)
    for (before, row_before), (after, row_after) in pairwise(merged):
        if (row_before is None) == (row_after is None):
            continue
        if before.ended_on is None or after.started_on < before.ended_on:
            row, other = (row_after, before) if row_after is not None else (row_before, after)
            row.error("started_on", _("The episode overlaps an episode in Krami (%(start)s – %(end)s).") % {
                "start": other.started_on.isoformat(), "end": other.ended_on.isoformat() if other.ended_on else "…"})
    _drug_policy(merged, tests)
    plan.latest = merged[-1][0] if merged else None


def _drug_policy(merged, tests) -> None:
    """A new open episode is a start now: blocked after a drug-test discharge until a later clearing test."""
    for episode, row in merged:
        if row is None or episode.ended_on is not None:
            continue
        exits = [e.ended_on for e, _r in merged if e.exit_outcome == ExitOutcome.DRUG_TEST_DISCHARGE
                 and e.ended_on and e.ended_on <= episode.started_on]
        blocked = reenrolment_blocked_since(results=[t for t in tests if t[0] <= episode.started_on], drug_test_exits=exits)
        if blocked is not None:
            row.error("started_on", _("Re-enrolment is blocked by the drug policy since %(date)s until a later drug test "
                                      "is negative or shows a declining value: register that test in Krami, then import "
                                      "again.") % {"date": blocked.isoformat()})


def _result(row: RowData, plan: PersonPlan | None) -> RowResult:
    action = row.episode_action
    if row.errors:
        outcome = RowOutcome.ERROR
    elif plan is not None and plan.participant is None and plan.first is row:
        outcome = RowOutcome.NEW_PARTICIPANT
    elif action == EpisodeAction.NEW:
        outcome = RowOutcome.NEW_EPISODE
    elif action == EpisodeAction.UPDATED:
        outcome = RowOutcome.EPISODE_UPDATED
    else:
        outcome = RowOutcome.UNCHANGED
    return RowResult(number=row.number, outcome=outcome, episode=action, errors=list(row.errors))
