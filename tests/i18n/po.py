"""A small reader for gettext .po files: enough to find untranslated and fuzzy messages.

Written here rather than adding a library (polib) for one test: entries, flags, contexts,
plural forms and obsolete (#~) entries are all the catalogue uses.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # plural index -> text; 0 for a singular
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(text != "" for text in self.msgstr.values())

    def describe(self) -> str:
        where = f" ({self.references[0]})" if self.references else ""
        context = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"{context}{self.msgid!r}{where}"


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


def _unquote(literal: str) -> str:
    return ast.literal_eval(literal)


def parse(text: str) -> list[Entry]:
    """Entries in file order, the header included (Entry.is_header)."""
    entries: list[Entry] = []
    entry = Entry()
    started = False
    current: tuple[str, int] | None = None  # the keyword that continuation lines extend

    def finish():
        nonlocal entry, started, current
        if started:
            entries.append(entry)
        entry, started, current = Entry(), False, None

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            line = line[2:].strip()
            if not line or line.startswith("#"):
                continue
        elif line.startswith("#,"):
            if started and current and current[0] == "msgstr":
                finish()
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        elif line.startswith("#:"):
            entry.references += line[2:].split()
            continue
        elif line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, literal = match.groups()
            if keyword in ("msgctxt", "msgid") and started and current and current[0] == "msgstr":
                finish()  # a new entry without a blank line in between
            started = True
            if keyword.startswith("msgstr"):
                current = ("msgstr", int(index) if index is not None else 0)
                entry.msgstr[current[1]] = _unquote(literal)
            else:
                current = (keyword, 0)
                setattr(entry, keyword, _unquote(literal))
        elif line.startswith('"') and current:
            keyword, index = current
            if keyword == "msgstr":
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, keyword, getattr(entry, keyword) + _unquote(line))
        else:
            raise ValueError(f"cannot read .po line: {raw!r}")
    finish()
    return entries


def read(path: Path) -> list[Entry]:
    return parse(path.read_text(encoding="utf-8"))


def problems(entries: list[Entry]) -> list[str]:
    """Each live message that is untranslated or fuzzy, as a readable line."""
    found = []
    for entry in entries:
        if entry.is_header or entry.obsolete:
            continue
        if entry.fuzzy:
            found.append(f"fuzzy: {entry.describe()}")
        elif not entry.translated:
            found.append(f"untranslated: {entry.describe()}")
    return found
