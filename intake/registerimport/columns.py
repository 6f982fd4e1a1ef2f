"""The columns of an import file: Swedish headers (English aliases accepted) and how each value is read.

One row per enrolment episode; the participant columns are repeated on every row of the same
person, and a person without an episode has one row with the episode columns empty. The
template (`template.py`) and docs/intake.md list the same columns, from `COLUMNS`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

PARTICIPANT, EPISODE = "participant", "episode"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the documented Swedish header, as in the template
    aliases: tuple[str, ...]  # English (and other) spellings that are accepted too
    part: str  # PARTICIPANT or EPISODE
    required: bool  # required on every row (episode columns: see validate.py)
    help: object  # what to write, for the documentation table


COLUMNS: tuple[Column, ...] = (
    Column("personnummer", "personnummer", ("personal identity number", "personal number"), PARTICIPANT, True,
           _("YYYYMMDD-NNNN (a samordningsnummer has 60 added to the day)")),
    Column("first_name", "förnamn", ("first name",), PARTICIPANT, True, _("Text")),
    Column("last_name", "efternamn", ("last name", "surname"), PARTICIPANT, True, _("Text")),
    Column("gender", "kön", ("gender",), PARTICIPANT, True, _("Woman, Man or Other / not stated (or the code)")),
    Column("identifies_as_woman", "identifierar sig som kvinna", ("identifies as a woman",), PARTICIPANT, False,
           _("Yes or No; empty means No")),
    Column("municipality", "hemkommun", ("kommun", "municipality"), PARTICIPANT, True,
           _("The municipality of residence, e.g. Stockholm")),
    Column("referral_source", "remitterad av", ("referred by", "referral source"), PARTICIPANT, True,
           _("Who referred the person, e.g. Arbetsförmedlingen (or the code)")),
    Column("phone", "telefon", ("phone",), PARTICIPANT, False, _("Text")),
    Column("email", "e-post", ("email", "e-mail"), PARTICIPANT, False, _("An e-mail address")),
    Column("address", "adress", ("address",), PARTICIPANT, False, _("Text")),
    Column("handler", "handläggare", ("case worker", "handler"), PARTICIPANT, False,
           _("The user name of a case worker of the unit; empty means you")),
    Column("started_on", "startdatum", ("start date",), EPISODE, False, _("YYYY-MM-DD; empty when the person has no episode")),
    Column("kind", "starttyp", ("start type", "kind"), EPISODE, False,
           _("Group start or Individual start (or the code); empty: a group start when a group is named")),
    Column("group", "grupp", ("group",), EPISODE, False, _("The name of a group start of the unit in Krami")),
    Column("ended_on", "avslutsdatum", ("exit date", "end date"), EPISODE, False, _("YYYY-MM-DD; empty while enrolled")),
    Column("exit_outcome", "avslutsorsak", ("outcome", "exit outcome"), EPISODE, False,
           _("What the person went on to, e.g. Studies (or the code); only with an exit date")),
    Column("completed", "genomfört vägledningsprogrammet", ("completed the guidance programme", "completed"), EPISODE,
           False, _("Yes or No; only with an exit date, and then required")),
)
BY_KEY = {c.key: c for c in COLUMNS}
PARTICIPANT_KEYS = tuple(c.key for c in COLUMNS if c.part == PARTICIPANT)
EPISODE_KEYS = tuple(c.key for c in COLUMNS if c.part == EPISODE)


@lru_cache(maxsize=8192)  # the same choices, municipalities and names on row after row of a check
def fold(text: str) -> str:
    """Lower case, no diacritics, single spaces: "Förnamn " and "fornamn" are the same header."""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace("_", " ").split())


_BY_NAME = {fold(name): c for c in COLUMNS for name in (c.header, c.key, *c.aliases)}


def match_headers(headers: list[str]) -> tuple[dict[int, Column], list[str], list[Column], list[str]]:
    """(column index -> Column, ignored headers, missing required columns, headers given twice)."""
    found: dict[int, Column] = {}
    seen: dict[str, int] = {}
    ignored, twice = [], []
    for index, header in enumerate(headers):
        if not str(header or "").strip():
            continue
        column = _BY_NAME.get(fold(header))
        if column is None:
            ignored.append(str(header).strip())
        elif column.key in seen:
            twice.append(str(header).strip())
        else:
            seen[column.key] = index
            found[index] = column
    missing = [c for c in COLUMNS if c.required and c.key not in seen]
    return found, ignored, missing, twice
