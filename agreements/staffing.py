"""The staffing rule of the national guideline, as warnings (DOMAIN.md, "Local agreement").

"Arbetsförmedlingen och Kriminalvården bidrar med motsvarande minst en heltidstjänst vardera
… Ett Krami-lag bör bestå av minst tre heltidstjänster." A unit may deviate ("bör"), so
these are warnings shown to the admin, never validation errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from krami.models import OrganisationKind

MIN_FTE_PER_AUTHORITY = Decimal(1)
MIN_TEAM_FTE = Decimal(3)


def fte_by_kind(lines: Iterable) -> dict[str, Decimal]:
    """Sum of FTE per organisation kind over staffing lines (anything with .organisation and .fte)."""
    totals: dict[str, Decimal] = {kind: Decimal(0) for kind in OrganisationKind.values}
    for line in lines:
        totals[line.organisation.kind] += line.fte
    return totals


def staffing_warnings(fte: Mapping[str, Decimal]) -> list[str]:
    """What in the staffing falls short of the guideline; empty when nothing does."""
    warnings = []
    if fte.get(OrganisationKind.AF, 0) < MIN_FTE_PER_AUTHORITY:
        warnings.append(_("Arbetsförmedlingen should contribute at least 1 FTE."))
    if fte.get(OrganisationKind.KV, 0) < MIN_FTE_PER_AUTHORITY:
        warnings.append(_("Kriminalvården should contribute at least 1 FTE."))
    team = sum(fte.values(), Decimal(0))
    if team < MIN_TEAM_FTE:
        warnings.append(_("A Krami team should have at least 3 FTE; this one has %(fte)s.") % {"fte": _fmt(team)})
    return warnings


def _fmt(value: Decimal) -> str:
    return number_format(value.normalize())
