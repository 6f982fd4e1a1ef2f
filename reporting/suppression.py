"""Small-number protection: no published count of 1–4 people, and no way to work one out.

Primary suppression hides every count of 1–4 (`THRESHOLD` 5). Secondary suppression then hides
more cells until no hidden cell can be computed from the visible ones through the tables'
additive relations (a total is the sum of its parts: rows, columns, subtotals). The check is
exact, not a rule of thumb: it plays the attacker, who writes every relation as a linear
equation with the hidden cells as unknowns and solves; a hidden cell is exposed when the
equations pin it to one value (`recoverable`). Each round hides the smallest non-zero visible
cell of a relation that exposes a hidden one, parts before totals, until nothing is exposed.

All hidden cells are shown alike ("x"): telling a primary (1–4) from a secondary cell would let
an attacker bound the hidden values (two hidden cells 1–4 that sum to 8 are both 4).
Shares and averages built on a hidden count are hidden by the dashboard (reporting/dashboard.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import gcd

THRESHOLD = 5


@dataclass(frozen=True)
class Constraint:
    """`total` is the sum of `parts` (cell keys)."""

    total: str
    parts: tuple[str, ...]


def is_small(value: int | None) -> bool:
    return value is not None and 0 < value < THRESHOLD


def protect(values: Mapping[str, int], constraints: Iterable[Constraint] = ()) -> frozenset[str]:
    """The keys to hide: every small count, and enough others that none of them can be recovered."""
    constraints = [c for c in constraints if c.parts]
    hidden = {k for k, v in values.items() if is_small(v)}
    while True:
        exposed = recoverable(values, constraints, hidden)
        if not exposed:
            return frozenset(hidden)
        extra = _next_to_hide(min(exposed), values, constraints, hidden)
        if extra is None:  # nothing visible left to hide: every related cell is hidden already
            return frozenset(hidden)
        hidden.add(extra)


def recoverable(values: Mapping[str, int], constraints: Sequence[Constraint], hidden: Iterable[str]) -> set[str]:
    """Hidden keys whose value follows from the visible cells and the relations (the differencing attack).

    Each relation total − Σ parts = 0 becomes a row over the hidden unknowns; a hidden cell is
    determined exactly when its unit vector lies in the row space, i.e. in reduced row echelon
    form some row is that unit vector.
    """
    hidden = set(hidden)
    unknowns = sorted({k for c in constraints for k in (c.total, *c.parts) if k in hidden})
    if not unknowns:
        return set()
    column = {k: i for i, k in enumerate(unknowns)}
    rows = []
    for c in constraints:
        row = [0] * len(unknowns)
        for k, sign in ((c.total, 1), *((p, -1) for p in c.parts)):
            if k in column:
                row[column[k]] += sign
        if any(row):
            rows.append(row)
    reduced = _rref(rows, len(unknowns))
    exposed = set()
    for row in reduced:
        nonzero = [i for i, v in enumerate(row) if v]
        if len(nonzero) == 1:
            exposed.add(unknowns[nonzero[0]])
    return exposed


def _rref(rows: list[list[int]], width: int) -> list[list[int]]:
    """Reduced row echelon form up to the scale of each row, in whole numbers (fraction-free
    elimination, each new row divided by the gcd of its entries). `recoverable` reads only which
    entries are non-zero, which scaling a row does not change; integers are many times faster
    than Fractions, and as exact."""
    rows = [r[:] for r in rows]
    pivot_row = 0
    for col in range(width):
        pivot = next((r for r in range(pivot_row, len(rows)) if rows[r][col]), None)
        if pivot is None:
            continue
        rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
        lead_row = rows[pivot_row]
        lead = lead_row[col]
        for r in range(len(rows)):
            factor = rows[r][col]
            if r != pivot_row and factor:
                row = [a * lead - factor * b for a, b in zip(rows[r], lead_row, strict=True)]
                divisor = gcd(*row)
                rows[r] = [v // divisor for v in row] if divisor > 1 else row
        pivot_row += 1
    return rows[:pivot_row]


def _next_to_hide(exposed: str, values, constraints, hidden) -> str | None:
    """The cell to hide so that `exposed` is protected: in a relation with it, the smallest non-zero
    visible cell (parts before totals); failing that, in any relation that holds a hidden cell."""
    def candidates(relations):
        found = set()
        for c in relations:
            for k in (c.total, *c.parts):
                if k not in hidden:
                    found.add((values.get(k, 0) == 0, k == c.total, values.get(k, 0), k))
        return sorted(found)

    own = candidates([c for c in constraints if exposed in (c.total, *c.parts)])
    if own:
        return own[0][3]
    related = candidates([c for c in constraints if hidden & {c.total, *c.parts}])
    return related[0][3] if related else None
