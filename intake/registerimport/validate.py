"""Reading the values of each row, and the checks that need only the file (cross-row checks).

`read_row` turns one row's cells into participant fields and an episode, with an error per
bad cell; `cross_row_errors` checks the rows of one person against each other (the same
participant columns on every row, one open episode, no overlapping episodes). Nothing here
reads the database except `Lookups.load` (the unit's groups, the municipalities, the unit's
case workers). The checks against the register are in `plan.py`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from intake.models import EpisodeAction, ExitOutcome, GuidanceGroup, StartKind
from intake.registerimport.columns import EPISODE_KEYS, PARTICIPANT_KEYS, fold
from intake.registerimport.parse import CellProblem, Row
from intake.services.programme import fits_audience, within_course
from krami.models import CASEWORK_ROLES, Gender, Municipality
from participants import personnummer
from participants.models import ReferralSource

TEXT_LIMITS = {"first_name": 100, "last_name": 100, "phone": 30, "address": 200, "email": 254}
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YES, _NO = {"ja", "j", "yes", "y", "1", "x", "sant", "true"}, {"nej", "n", "no", "0", "falskt", "false"}


def _choice_map(choices) -> dict[str, str]:
    """Folded spelling -> code: the code, the English label and the Swedish label."""
    result = {}
    for code, label in choices.choices:
        result[fold(code)] = code
        result[fold(str(label))] = code
        with translation.override("sv"):
            result[fold(str(label))] = code
    return result


# A spreadsheet from before full-time and part-time studies were told apart says "Studier".
EXIT_ALIASES = {fold("Studier"): ExitOutcome.STUDIES, fold("Studies"): ExitOutcome.STUDIES}


@dataclass
class Lookups:
    """What the checks read from the database once per check: the unit's groups, municipalities, case workers."""

    unit: object
    by: object
    today: date
    groups: dict[str, list[GuidanceGroup]]
    municipalities: dict[str, Municipality]
    handlers: dict[str, object]
    choices: dict[str, dict[str, str]]

    @classmethod
    def load(cls, *, unit, by, today: date) -> Lookups:
        groups: dict[str, list[GuidanceGroup]] = defaultdict(list)
        for group in GuidanceGroup.objects.filter(unit=unit):
            groups[fold(group.name)].append(group)
        users = get_user_model().objects.filter(
            is_active=True, memberships__unit=unit, memberships__role__in=CASEWORK_ROLES
        ).distinct()
        return cls(
            unit=unit, by=by, today=today, groups=dict(groups),
            municipalities={fold(m.name): m for m in Municipality.objects.all()},
            handlers={fold(u.get_username()): u for u in users},
            choices={
                "gender": _choice_map(Gender), "referral_source": _choice_map(ReferralSource),
                "kind": _choice_map(StartKind), "exit_outcome": {**_choice_map(ExitOutcome), **EXIT_ALIASES},
            },
        )


@dataclass
class EpisodeData:
    started_on: date | None = None
    kind: str = ""
    group: GuidanceGroup | None = None
    ended_on: date | None = None
    exit_outcome: str = ""
    completed: bool | None = None

    def same_as(self, other) -> bool:
        """The same episode as `other` (an Episode or EpisodeData): start, group, exit."""
        return (
            self.kind == other.kind and _group_id(self.group) == _group_id(other.group)
            and self.ended_on == other.ended_on and self.exit_outcome == other.exit_outcome
            and self.completed == getattr(other, "completed", getattr(other, "completed_guidance_programme", None))
        )


def _group_id(group) -> int | None:
    return group.pk if group is not None else None


@dataclass
class RowData:
    number: int
    digits: str | None = None  # the personnummer in normal form, when valid
    person: dict = field(default_factory=dict)  # participant fields, parsed
    episode: EpisodeData | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column key, message)
    episode_action: str = EpisodeAction.NONE  # set by plan.py

    def error(self, key: str, message: str) -> None:
        self.errors.append((key, message))


def _text(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value or "").strip()


def _date(row: RowData, key: str, value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    match = _DATE.match(str(value).strip())
    try:
        return date(*map(int, match.groups())) if match else _bad_date(row, key)
    except ValueError:
        return _bad_date(row, key)


def _bad_date(row: RowData, key: str) -> None:
    row.error(key, _("Write the date as YYYY-MM-DD, e.g. 2024-03-18."))
    return None


def _boolean(row: RowData, key: str, value) -> bool | None:
    if value is None:
        return None
    text = fold(_text(value))
    if text in _YES:
        return True
    if text in _NO:
        return False
    row.error(key, _("Write Yes or No."))
    return None


def _choice(row: RowData, key: str, value, lookups: Lookups) -> str:
    if value is None:
        return ""
    code = lookups.choices[key].get(fold(_text(value)))
    if code is None:
        row.error(key, _("“%(value)s” is not one of the choices; see the list in the template.") % {"value": _text(value)[:40]})
        return ""
    return code


def read_row(row: Row, lookups: Lookups) -> RowData:
    """One row's values, parsed; an error per bad or missing cell (by column key).

    A cell that cannot be imported as it is (parse.CellProblem) gets that error only: the rest
    of the check takes it as empty but does not add "required" to it.
    """
    data = RowData(number=row.number)
    problems = {key: value for key, value in row.values.items() if isinstance(value, CellProblem)}
    values = {key: None if key in problems else value for key, value in row.values.items()}
    _read_person(data, values, lookups)
    if any(values.get(key) is not None for key in EPISODE_KEYS):
        _read_episode(data, values, lookups)
    if problems:
        data.errors = [(key, _problem_message(problem)) for key, problem in problems.items()] + [
            (key, message) for key, message in data.errors if key not in problems]
    return data


def _problem_message(problem: CellProblem) -> str:
    if problem.kind == CellProblem.FORMULA:
        return _("Cell %(cell)s has a formula without a saved value: save the file in Excel again, or paste the "
                 "values instead of the formula.") % {"cell": problem.where}
    if problem.where == "U+0000":
        return _("The cell contains a null character (U+0000), which cannot be stored: delete it.")
    return _("The cell contains a broken character (%(code)s, half of a character pair), which cannot be stored: "
             "the text is wrongly encoded. Correct the cell, or save the file as UTF-8 again.") % {"code": problem.where}


def _read_person(data: RowData, values: dict, lookups: Lookups) -> None:
    for key in ("personnummer", "first_name", "last_name", "gender", "municipality", "referral_source"):
        if values.get(key) is None:
            data.error(key, _("Required on every row."))
    if values.get("personnummer") is not None:
        try:
            data.digits = personnummer.parse(_text(values["personnummer"]), today=lookups.today).digits
        except ValidationError as exc:
            data.error("personnummer", exc.messages[0])  # never the number itself: the report names no one
    person = data.person
    for key, limit in TEXT_LIMITS.items():
        person[key] = _text(values.get(key))
        if len(person[key]) > limit:
            data.error(key, _("At most %(n)s characters.") % {"n": limit})
    if person["email"]:
        try:
            validate_email(person["email"])
        except ValidationError:
            data.error("email", _("Not an e-mail address."))
    person["gender"] = _choice(data, "gender", values.get("gender"), lookups)
    person["referral_source"] = _choice(data, "referral_source", values.get("referral_source"), lookups)
    person["identifies_as_woman"] = bool(_boolean(data, "identifies_as_woman", values.get("identifies_as_woman")))
    person["municipality"] = _lookup(data, "municipality", values, lookups.municipalities,
                                     _("There is no municipality called “%(value)s”."))
    if values.get("handler") is None:
        person["handler"] = lookups.by
    else:
        person["handler"] = _lookup(data, "handler", values, lookups.handlers,
                                    _("No case worker of the unit has the user name “%(value)s”."))


def _lookup(data: RowData, key: str, values: dict, table: dict, message: str):
    if values.get(key) is None:
        return None
    found = table.get(fold(_text(values[key])))
    if found is None:
        data.error(key, message % {"value": _text(values[key])[:60]})
    return found


def _read_episode(data: RowData, values: dict, lookups: Lookups) -> None:
    ep = EpisodeData()
    ep.started_on = _date(data, "started_on", values.get("started_on"))
    if values.get("started_on") is None:
        data.error("started_on", _("Required when the row has an episode (any of the episode columns is filled in)."))
    ep.ended_on = _date(data, "ended_on", values.get("ended_on"))
    ep.exit_outcome = _choice(data, "exit_outcome", values.get("exit_outcome"), lookups)
    ep.completed = _boolean(data, "completed", values.get("completed"))
    ep.group = _read_group(data, values, lookups)
    ep.kind = _choice(data, "kind", values.get("kind"), lookups) or (
        StartKind.GROUP if values.get("group") is not None else StartKind.INDIVIDUAL
    )
    _check_episode(data, ep, values, lookups)
    data.episode = ep


def _read_group(data: RowData, values: dict, lookups: Lookups) -> GuidanceGroup | None:
    name = values.get("group")
    if name is None:
        return None
    found = lookups.groups.get(fold(_text(name)), [])
    if len(found) > 1:
        data.error("group", _("Several group starts of the unit are called “%(value)s”: give them different names in Krami.")
                   % {"value": _text(name)[:60]})
    elif not found:
        data.error("group", _("The unit has no group start called “%(value)s”. Create it under Group starts first.")
                   % {"value": _text(name)[:60]})
    return found[0] if len(found) == 1 else None


def _check_episode(data: RowData, ep: EpisodeData, values: dict, lookups: Lookups) -> None:
    """The rules of one episode (intake/services/programme.py and the Episode constraints)."""
    today = lookups.today
    if ep.started_on and ep.started_on > today:
        data.error("started_on", _("The start date is in the future: the import records what has happened."))
    if ep.ended_on and ep.ended_on > today:
        data.error("ended_on", _("The exit date is in the future."))
    if ep.started_on and ep.ended_on and ep.ended_on < ep.started_on:
        data.error("ended_on", _("The exit date is before the start date."))
    if ep.ended_on and not ep.exit_outcome and values.get("exit_outcome") is None:
        data.error("exit_outcome", _("Required with an exit date."))
    if ep.exit_outcome and values.get("ended_on") is None:
        data.error("exit_outcome", _("An outcome belongs to an exit: fill in the exit date, or empty this cell."))
    if values.get("ended_on") is not None and values.get("completed") is None:
        data.error("completed", _("Required with an exit date: Yes or No."))
    if ep.completed is not None and values.get("ended_on") is None:
        data.error("completed", _("Only with an exit date."))
    if ep.kind == StartKind.GROUP and values.get("group") is None:
        data.error("group", _("A group start names its group."))
    if ep.kind == StartKind.INDIVIDUAL and values.get("group") is not None:
        data.error("group", _("An individual start has no group: empty this cell or write Group start."))
    if ep.group is not None and ep.started_on:
        if not within_course(ep.group, ep.started_on):
            data.error("started_on", _("The start date must fall within the group's course, %(start)s – %(end)s.")
                       % {"start": ep.group.starts_on.isoformat(), "end": ep.group.ends_on.isoformat()})
        person = SimpleNamespace(gender=data.person.get("gender"), identifies_as_woman=data.person.get("identifies_as_woman"))
        if data.person.get("gender") and not fits_audience(person, ep.group.audience):
            data.error("group", _("%(group)s is a group for %(audience)s.")
                       % {"group": ep.group.name, "audience": ep.group.get_audience_display().lower()})


def cross_row_errors(rows: list[RowData]) -> None:
    """Checks between the rows of one person (same personnummer); errors are added to the rows."""
    by_person: dict[str, list[RowData]] = defaultdict(list)
    for row in rows:
        if row.digits:
            by_person[row.digits].append(row)
    for person_rows in by_person.values():
        if len(person_rows) > 1:
            _same_person_columns(person_rows)
            _episodes_fit_together([r for r in person_rows if r.episode and r.episode.started_on])


def _same_person_columns(rows: list[RowData]) -> None:
    first = rows[0]
    for row in rows[1:]:
        for key in PARTICIPANT_KEYS:
            if key != "personnummer" and key in first.person and _norm(row.person.get(key)) != _norm(first.person.get(key)):
                row.error(key, _("Row %(row)s has the same personnummer with another value in this column.")
                          % {"row": first.number})


def _norm(value):
    return fold(value) if isinstance(value, str) else value


def _episodes_fit_together(rows: list[RowData]) -> None:
    ordered = sorted(rows, key=lambda r: (r.episode.started_on, r.number))
    open_rows = [r for r in ordered if r.episode.ended_on is None]
    for row in open_rows[:-1]:
        row.error("ended_on", _("This person has another open episode on row %(row)s: only one episode can be open.")
                  % {"row": open_rows[-1].number})
    for before, after in pairwise(ordered):
        if before.episode.started_on == after.episode.started_on:
            after.error("started_on", _("Row %(row)s has an episode of this person with the same start date.")
                        % {"row": before.number})
        elif before.episode.ended_on is not None and after.episode.started_on < before.episode.ended_on:
            after.error("started_on", _("The episode overlaps the episode on row %(row)s (%(start)s – %(end)s).")
                        % {"row": before.number, "start": before.episode.started_on.isoformat(),
                           "end": before.episode.ended_on.isoformat()})
        elif before.episode.ended_on is None and after.episode.ended_on is not None:
            after.error("started_on", _("The episode starts while the episode on row %(row)s is still open.")
                        % {"row": before.number})
