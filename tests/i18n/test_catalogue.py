"""The Swedish catalogue is complete, compiled, and keeps every placeholder.

`test_every_message_is_translated` runs `makemessages` on a copy of the source tree, so a new
`{% translate %}` or `gettext()` anywhere fails the suite until locale/sv has its Swedish text
(`make messages`, translate, `make messages` again to compile; see README "Translations").
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.i18n import po

BASE = Path(settings.BASE_DIR)
PO_FILE = BASE / "locale" / "sv" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
# The same command as `make messages` (Makefile).
MAKEMESSAGES = ["makemessages", "-l", "sv", "--no-obsolete", "--ignore=.venv", "--ignore=staticfiles", "--ignore=tests"]
NOT_SOURCE = shutil.ignore_patterns(
    ".venv", ".git", "staticfiles", "__pycache__", "*.pyc", "db.sqlite3*", ".pytest_cache", "test-results",
    "node_modules", "docs", "*.png", "*.mo",
)


def _live(entries):
    return [e for e in entries if not e.is_header and not e.obsolete]


def test_the_po_reader_finds_untranslated_and_fuzzy_messages():
    entries = po.parse(
        'msgid ""\nmsgstr ""\n"Language: sv\\n"\n\n'
        '#: a.py:1\nmsgid "Done"\nmsgstr "Klart"\n\n'
        '#: a.py:2\nmsgid "Open"\nmsgstr ""\n\n'
        '#: a.py:3\n#, fuzzy, python-format\nmsgid "%(n)s day"\nmsgid_plural "%(n)s days"\n'
        'msgstr[0] "%(n)s dag"\nmsgstr[1] "%(n)s dagar"\n\n'
        'msgctxt "phase"\nmsgid "Closed"\nmsgid_plural "Closed"\nmsgstr[0] "Avslutad"\nmsgstr[1] ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n'
    )
    assert po.problems(entries) == [
        "untranslated: 'Open' (a.py:2)",
        "fuzzy: '%(n)s day' (a.py:3)",
        "untranslated: [phase] 'Closed'",
    ]
    assert entries[2].msgid == "Open" and entries[-1].obsolete


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed: run `make system-deps`")
def test_every_message_is_translated(tmp_path):
    """makemessages on a copy of the tree: nothing untranslated, nothing fuzzy."""
    tree = tmp_path / "src"
    shutil.copytree(BASE, tree, ignore=NOT_SOURCE, symlinks=False)
    env = {**os.environ, "DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES], cwd=tree, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    missing = po.problems(po.read(tree / PO_FILE.relative_to(BASE)))
    assert missing == [], (
        f"{len(missing)} messages need Swedish text in locale/sv/LC_MESSAGES/django.po "
        "(run `make messages`, translate, run it again):\n" + "\n".join(missing)
    )


def test_the_committed_mo_file_matches_the_po_file():
    """The compiled catalogue is committed (a machine without gettext cannot compile it)."""
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in _live(po.read(PO_FILE)):
        if entry.fuzzy or not entry.translated:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural is None:
            ok = compiled._catalog.get(key) == entry.msgstr[0]
        else:
            ok = all(compiled._catalog.get((key, i)) == text for i, text in entry.msgstr.items())
        if not ok:
            stale.append(entry.describe())
    assert stale == [], "django.mo is older than django.po; run `make messages`:\n" + "\n".join(stale)


_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def test_translations_keep_every_placeholder():
    """%(name)s and friends must survive translation, or the page breaks or shows the wrong value."""
    broken = []
    for entry in _live(po.read(PO_FILE)):
        for index, text in entry.msgstr.items():
            if not text:
                continue
            source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
            expected = sorted(_PLACEHOLDER.findall(source))
            # A singular form may drop the number ("en deltagare"); a plural form must keep it.
            got = sorted(_PLACEHOLDER.findall(text))
            if got != expected and not (index == 0 and entry.msgid_plural and set(got) <= set(expected)):
                broken.append(f"{entry.describe()} [{index}]: {expected} became {got}")
    assert broken == []


def test_the_catalogue_declares_swedish_plural_forms():
    header = po.read(PO_FILE)[0]
    assert header.is_header and not header.fuzzy
    assert "Language: sv\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
