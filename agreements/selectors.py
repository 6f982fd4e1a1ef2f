"""Selectors that read agreements for other apps."""

from __future__ import annotations

from datetime import date

from agreements.rules import UnitRules
from krami.models import Unit


def rules_for_unit(*, unit: Unit, on: date) -> UnitRules:
    """The rules in force for `unit` on `on`: from its active agreement, else national defaults.

    Until the agreement models exist (issue #3) every unit works by the national defaults.
    """
    return UnitRules()
