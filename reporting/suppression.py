"""Small-number protection: no published count of 1–4 people, and no way to work one out.

Primary suppression hides every count of 1–4 (`THRESHOLD` 5). Secondary suppression then hides
more cells until the attacker, who writes every relation between the cells as a linear equation
with the hidden cells as unknowns and solves, learns no count of 1–4 (`protect`):

- no hidden or never-published cell of 1–4 is pinned to one value (`recoverable`), and
- no sum of the hidden parts of one total is pinned to 1–4 (a total of 12 with visible parts 9
  says that the hidden parts hold 3 people, which is a count of 1–4 however it is split).

The relations are the tables' sums (`Constraint`: a total is the sum of its parts), the sums of
months into longer periods, and identities between months (reporting/catalogue.py); cells that
are never published (the difference of two nested counts, a month's share of a quarter) take part
as unknowns that must stay as protected as a hidden cell. Cells published earlier cannot change
(`fixed`): they are known if visible and unknown if hidden, and secondary suppression chooses
among the new cells only. The check is exact: a hidden cell is pinned when the reduced row
echelon form of the equations holds a row with that cell alone. `protect` asks again after each
cell it hides; it keeps one system per call and makes the hidden cell's column unknown (`Hiding`).

All hidden cells are shown alike ("x"): telling a primary (1–4) from a secondary cell would let
an attacker bound the hidden values (two hidden cells 1–4 that sum to 8 are both 4).
Shares and averages built on a hidden count are hidden by the layout (reporting/cells.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from heapq import heapify, heappop, heappush
from math import gcd

THRESHOLD = 5


@dataclass(frozen=True)
class Constraint:
    """`total` is the sum of `parts` (cell keys)."""

    total: str
    parts: tuple[str, ...]


def is_small(value) -> bool:
    return value is not None and 0 < value < THRESHOLD


class Equations:
    """The attacker's equations over the unknown cells, in reduced row echelon form.

    Sparse and in whole numbers: each row is {column: coefficient}, divided by the gcd of its
    entries, every pivot column eliminated from every other row (Gauss–Jordan). Which entries
    are non-zero is all the questions below read, and scaling a row does not change that."""

    def __init__(self, relations: Iterable[Mapping[str, int]], unknown: set[str]):
        self.column: dict[str, int] = {}
        self.pivots: dict[int, dict[int, int]] = {}
        self._holders: dict[int, set[int]] = defaultdict(set)  # column -> pivot columns whose row holds it
        rows = []
        for relation in relations:
            row: dict[int, int] = {}
            for name, coefficient in relation.items():
                if name in unknown and coefficient:
                    col = self.column.setdefault(name, len(self.column))
                    row[col] = row.get(col, 0) + coefficient
            row = {c: v for c, v in row.items() if v}
            if row:
                rows.append(row)
        self.known = self._peel(rows)
        for row in rows:
            row = {c: v for c, v in row.items() if c not in self.known}
            if row:
                self._add(row)

    @staticmethod
    def _peel(rows: list[dict[int, int]]) -> set[int]:
        """The unknowns pinned by a relation in which they are the only unknown left, repeatedly:
        most of them, found cheaply before the elimination does the rest."""
        known: set[int] = set()
        left = [len(row) for row in rows]
        holding: dict[int, list[int]] = defaultdict(list)
        for i, row in enumerate(rows):
            for col in row:
                holding[col].append(i)
        queue = [i for i, n in enumerate(left) if n == 1]
        while queue:
            i = queue.pop()
            if left[i] != 1:
                continue
            col = next(c for c in rows[i] if c not in known)
            known.add(col)
            for j in holding[col]:
                left[j] -= 1
                if left[j] == 1:
                    queue.append(j)
        return known

    def _reduce(self, row: dict[int, int]) -> dict[int, int]:
        for col in [c for c in row if c in self.pivots]:
            if row.get(col):
                row = _eliminate(row, self.pivots[col], col)
        return row

    def _add(self, row: dict[int, int]) -> None:
        row = self._reduce(row)
        if not row:
            return
        pivot = min(row, key=lambda c: (len(self._holders.get(c, ())), c))
        for other in list(self._holders.get(pivot, ())):
            old = self.pivots[other]
            new = _eliminate(old, row, pivot)
            for c in old.keys() - new.keys():
                if c != other:
                    self._holders[c].discard(other)
            for c in new.keys() - old.keys():
                if c != other:
                    self._holders[c].add(other)
            self.pivots[other] = new
        self._holders.pop(pivot, None)
        self.pivots[pivot] = row
        for c in row:
            if c != pivot:
                self._holders[c].add(pivot)

    def add_zeros(self, constraints: Sequence[Constraint], values: Mapping[str, int], unknown: set[str]) -> None:
        _add_zeros(self, constraints, values, unknown)

    def add_zero(self, name: str) -> None:
        col = self.column.setdefault(name, len(self.column))
        self._add({col: 1})

    def pins(self, name: str) -> bool:
        """The equations give this unknown cell one value."""
        col = self.column.get(name)
        return col is not None and (col in self.known or (col in self.pivots and len(self.pivots[col]) == 1))

    def pins_sum(self, names: Iterable[str]) -> bool:
        """The equations give the sum of these unknown cells one value."""
        row = {}
        for name in names:
            col = self.column.get(name)
            if col is None:
                return False  # in no equation: free
            if col not in self.known:
                row[col] = row.get(col, 0) + 1
        return not self._reduce(row)


def _add_zeros(equations, constraints: Sequence[Constraint], values: Mapping[str, int], unknown: set[str]) -> None:
    """Counts are never negative: a total of 0, shown or pinned, pins each of its parts to 0
    (an attacker who sees "0 moved" knows that no one who moved completed the programme)."""
    zero_totals = [c for c in constraints if not values.get(c.total, 0) and any(p in unknown for p in c.parts)]
    changed = True
    while changed:
        changed = False
        for c in zero_totals:
            if c.total in unknown and not equations.pins(c.total):
                continue
            for part in c.parts:
                if part in unknown and not equations.pins(part):
                    equations.add_zero(part)
                    changed = True


class Hiding:
    """The attacker's equations while secondary suppression hides more cells, one round after
    another (`protect`): built once, and each cell hidden is a column made unknown, not a new
    system. The answers are `Equations`' (the same span); only the work differs.

    Each relation is a row over the unknown cells and the cells that may still be hidden (`open`);
    cells that stay visible are constants and left out. The rows are in row echelon form with their
    pivots among the unknown cells (each pivot row holds no pivot made before it); a row with no
    unknown cell is kept aside until one of its cells is hidden, and then becomes that cell's
    pivot row. A question reduces a row over the unknown cells by the pivot rows' unknown parts."""

    def __init__(self, relations: Iterable[Mapping[str, int]], unknown: set[str], open_cells: set[str]):
        self.column: dict[str, int] = {}
        self.unknown: set[int] = set()
        self.pivots: dict[int, dict[int, int]] = {}  # pivot column -> its row (unknown and open cells)
        self.unknown_part: dict[int, dict[int, int]] = {}  # pivot column -> its row's unknown cells
        self.order: dict[int, int] = {}
        self._holding: dict[int, list[int]] = defaultdict(list)  # open column -> pivots whose row holds it
        self._aside: dict[int, dict[int, int]] = {}  # rows without an unknown cell
        self._aside_keys = 0
        self._aside_holding: dict[int, set[int]] = defaultdict(set)
        self._uses: dict[int, int] = defaultdict(int)
        # Questions answered "not pinned" in a round: hiding more only takes knowledge away (and
        # with it zero rows), so they stay unanswerable in every later round.
        self.free: set = set()
        rows = []
        for relation in relations:
            row: dict[int, int] = {}
            for name, coefficient in relation.items():
                if coefficient and (name in unknown or name in open_cells):
                    col = self.column.setdefault(name, len(self.column))
                    row[col] = row.get(col, 0) + coefficient
                    if name in unknown:
                        self.unknown.add(col)
            row = {c: v for c, v in row.items() if v}
            if row:
                rows.append(row)
                for c in row:
                    self._uses[c] += 1
        for row in rows:
            self._add(row)

    def _add(self, row: dict[int, int]) -> None:
        row = _reduce_in_order(row, [(self.pivots, self.order)])
        unknown = [c for c in row if c in self.unknown]
        if unknown:
            self._pivot(min(unknown, key=lambda c: (self._uses[c], c)), row)
        elif row:
            self._set_aside(row)

    def _pivot(self, col: int, row: dict[int, int]) -> None:
        self.order[col] = len(self.order)
        self.pivots[col] = row
        self.unknown_part[col] = {c: v for c, v in row.items() if c in self.unknown}
        for c in row:
            if c not in self.unknown:
                self._holding[c].append(col)

    def _set_aside(self, row: dict[int, int]) -> None:
        key = self._aside_keys = self._aside_keys + 1
        self._aside[key] = row
        for c in row:
            self._aside_holding[c].add(key)

    def _take_aside(self, key: int) -> dict[int, int]:
        row = self._aside.pop(key)
        for c in row:
            self._aside_holding[c].discard(key)
        return row

    def hide(self, names: Iterable[str]) -> None:
        """These cells are unknown from now on."""
        for name in sorted(names):
            col = self.column.get(name)
            if col is None or col in self.unknown:
                continue
            self.unknown.add(col)
            for pivot in self._holding.pop(col, ()):
                self.unknown_part[pivot][col] = self.pivots[pivot][col]
            holding = sorted(self._aside_holding.pop(col, ()), key=lambda k: (len(self._aside[k]), k))
            if not holding:
                continue
            row = self._take_aside(holding[0])
            for key in holding[1:]:
                other = _eliminate(self._take_aside(key), row, col)
                if other:
                    self._set_aside(other)
            self._pivot(col, row)

    def round(self, relations: Iterable[Mapping[str, int]], unknown: set[str]) -> _Round:
        """The questions of one round, about the cells of these relations only (`Equations` built
        from them alone answers the same: no other relation shares an unknown cell with them)."""
        cells = {name for relation in relations for name, coefficient in relation.items() if coefficient and name in unknown}
        return _Round(self, cells)


class _Round:
    """`Hiding`'s equations with a round's zero rows on top (`add_zeros`: rows of one cell, which
    hold only while that round's totals are known), asked about the round's cells."""

    def __init__(self, hiding: Hiding, cells: set[str]):
        self.hiding = hiding
        self.cells = cells
        self.pivots: dict[int, dict[int, int]] = {}
        self.order: dict[int, int] = {}
        self.settled = False  # every zero row added: answers can be remembered (`Hiding.free`)

    def _reduce(self, row: dict[int, int]) -> dict[int, int]:
        base = self.hiding
        return _reduce_in_order(row, [(base.unknown_part, base.order), (self.pivots, self.order)])

    def add_zero(self, name: str) -> None:
        self.cells.add(name)
        base = self.hiding
        row = self._reduce({base.column.setdefault(name, len(base.column)): 1})
        if row:
            pivot = min(row)
            self.order[pivot] = len(self.hiding.order) + len(self.order)  # after every pivot of the base
            self.pivots[pivot] = row

    def pins(self, name: str) -> bool:
        if name not in self.cells:
            return False
        return self._pinned(name, {self.hiding.column[name]: 1})

    def pins_sum(self, names: Iterable[str]) -> bool:
        names = tuple(names)
        row: dict[int, int] = {}
        for name in names:
            if name not in self.cells:
                return False  # in no equation: free
            col = self.hiding.column[name]
            row[col] = row.get(col, 0) + 1
        return self._pinned(names, row)

    def _pinned(self, question, row: dict[int, int]) -> bool:
        if not self.settled:
            return not self._reduce(row)
        free = self.hiding.free
        if question in free:
            return False
        if self._reduce(row):
            free.add(question)
            return False
        return True


def _reduce_in_order(row: dict[int, int], layers: Sequence[tuple[Mapping[int, dict[int, int]], Mapping[int, int]]]) -> dict[int, int]:
    """`row` less its pivot columns, eliminated in the order the pivots were made (a pivot row
    holds no earlier pivot, so each elimination brings in only later ones). `layers`: (pivot rows,
    their order), a later layer's pivots made after an earlier layer's."""

    def pivot_of(c: int):
        for pivots, order in layers:
            found = pivots.get(c)
            if found is not None:
                return order[c], found
        return None

    queue, rows = [], {}
    for c in row:
        found = pivot_of(c)
        if found is not None:
            queue.append((found[0], c))
            rows[c] = found[1]
    if not queue:
        return row
    heapify(queue)
    while queue:
        _o, col = heappop(queue)
        if row.get(col):
            pivot_row = rows[col]
            row = _eliminate(row, pivot_row, col)
            for c in pivot_row:
                if c not in rows:
                    found = pivot_of(c)
                    if found is not None:
                        rows[c] = found[1]
                        heappush(queue, (found[0], c))
    return row


def _eliminate(row: dict[int, int], pivot_row: dict[int, int], col: int) -> dict[int, int]:
    """`row` without `col`, by subtracting a multiple of `pivot_row` (fraction-free)."""
    a, b = pivot_row[col], row[col]
    result = {}
    for c in row.keys() | pivot_row.keys():
        value = row.get(c, 0) * a - pivot_row.get(c, 0) * b
        if value:
            result[c] = value
    divisor = gcd(*result.values()) if result else 1
    if divisor > 1:
        result = {c: v // divisor for c, v in result.items()}
    return result


def _as_relation(c: Constraint) -> dict[str, int]:
    relation = defaultdict(int)
    relation[c.total] += 1
    for part in c.parts:
        relation[part] -= 1
    return dict(relation)


def recoverable(
    values: Mapping[str, int], constraints: Sequence[Constraint], hidden: Iterable[str], *,
    identities: Iterable[Mapping[str, int]] = (),
) -> set[str]:
    """Hidden keys whose value follows from the visible cells and the relations (the differencing attack)."""
    hidden = set(hidden)
    equations = Equations([*(_as_relation(c) for c in constraints if c.parts), *identities], hidden)
    return {name for name in hidden if equations.pins(name)}


@dataclass(frozen=True)
class Exposure:
    cells: tuple[str, ...]  # one cell pinned, or the hidden parts of `total` whose sum is pinned
    total: str | None = None
    disclosure: bool = True  # False: a hidden cell of 5 or more that is pinned, which protects nothing


def exposures(
    values: Mapping[str, int], constraints: Sequence[Constraint], unknown: set[str], identities: Sequence[Mapping[str, int]] = (),
    *, also: Iterable[str] = (), runs: Sequence[Sequence[str]] = (),
) -> list[Exposure]:
    """What the attacker learns that is a count of 1–4: unknown cells pinned to 1–4, and sums of a
    total's hidden parts pinned to 1–4, and sums of consecutive hidden cells of a run (a figure's
    months: the count of a stretch of months, as a free period would give it) pinned to 1–4; and
    any cell of `also` pinned (the cells hidden to protect others: one that is pinned protects
    nothing, and a cell next to it must go instead)."""
    relations = [*(_as_relation(c) for c in constraints if c.parts), *identities]
    equations = Equations(relations, unknown)
    equations.add_zeros(constraints, values, unknown)
    return _exposed(equations, values, constraints, unknown, also=also, runs=runs)


def _exposed(equations, values, constraints, unknown, *, also, runs) -> list[Exposure]:
    """`exposures`' questions, asked of equations built by the caller."""
    also = set(also)
    found = [
        Exposure((name,), disclosure=is_small(values.get(name, 0))) for name in sorted(unknown)
        if (is_small(values.get(name, 0)) or name in also) and equations.pins(name)
    ]
    seen = set()
    for c in constraints:
        parts = tuple(sorted({p for p in c.parts if p in unknown}))
        if len(parts) < 2 or parts in seen:
            continue
        seen.add(parts)
        if is_small(sum(values.get(p, 0) for p in parts)) and equations.pins_sum(parts):
            found.append(Exposure(parts, c.total))
    for run in runs:
        cells = [c for c in run if c in unknown]
        for i in range(len(cells)):
            total = values.get(cells[i], 0)
            for j in range(i + 1, len(cells)):
                total += values.get(cells[j], 0)
                if total >= THRESHOLD:
                    break
                stretch = tuple(cells[i:j + 1])
                if total and stretch not in seen and equations.pins_sum(stretch):
                    seen.add(stretch)
                    found.append(Exposure(stretch))
    return found


def protect(
    values: Mapping[str, int], constraints: Iterable[Constraint] = (), *,
    identities: Iterable[Mapping[str, int]] = (), unshown: Iterable[str] = (), fixed: Mapping[str, bool] | None = None,
    cost: Callable[[str], tuple] = lambda cell: (), runs: Sequence[Sequence[str]] = (),
) -> frozenset[str]:
    """The shown cells to hide: every small count among the new ones, and enough others that the
    attacker learns no count of 1–4 (see the module docstring).

    `values`: every cell with its true value (cells only named in a relation count 0).
    `unshown`: cells never published (always unknown to the attacker).
    `fixed`: {cell: hidden} for cells published before, which keep their state.
    `cost`: orders the cells that could be hidden to protect another, cheapest first (after
    "not zero", before "a part rather than its total" and "the smallest").
    `runs`: sequences of cells whose stretches are counts too (a figure's months, in order).
    """
    constraints = [c for c in constraints if c.parts]
    identities = [dict(i) for i in identities]
    unshown = set(unshown)
    fixed = dict(fixed or {})
    values = dict(values)
    for c in constraints:
        for name in (c.total, *c.parts):
            values.setdefault(name, 0)
    for identity in identities:
        for name in identity:
            values.setdefault(name, 0)
    new = {k for k in values if k not in unshown and k not in fixed}
    hidden = {k for k, h in fixed.items() if h} | {k for k in new if is_small(values[k])}
    touching = _index(constraints, identities)
    relation_of = {id(c): _as_relation(c) for c in constraints}
    for identity in identities:
        relation_of[id(identity)] = identity
    hiding = Hiding(relation_of.values(), hidden | unshown, new - hidden)
    members = {id(r): _members(r) for r in (*constraints, *identities)}
    # The cells each relation offers to hide (new ones): most members are of periods published before.
    offers = {key: [(name, is_total) for name, is_total in found if name in new] for key, found in members.items()}
    costs: dict[str, tuple] = {}

    def cached_cost(name: str) -> tuple:
        if name not in costs:
            costs[name] = cost(name)
        return costs[name]

    useless: set[str] = set()  # hidden cells pinned whatever is hidden next to them
    start = set(new)  # where something can have changed: first every new cell, then the last round's
    for _round in range(len(new) + 1):
        near_constraints, near_identities = _near(start, touching, hidden | unshown, members)
        near_cells = {n for c in near_constraints for n in (c.total, *c.parts)} | {n for i in near_identities for n in i}
        near_runs = [run for run in runs if near_cells.intersection(run)]
        unknown = hidden | unshown
        equations = hiding.round([relation_of[id(r)] for r in (*near_constraints, *near_identities)], unknown)
        _add_zeros(equations, near_constraints, values, unknown)
        equations.settled = True
        found = _exposed(equations, values, near_constraints, unknown, also=(hidden & new) - useless, runs=near_runs)
        if not found:
            break
        extra = set()
        for e in found:
            cell = _next_to_hide(e, values, touching, hidden, unshown, cached_cost, members, offers)
            if cell is not None:
                extra.add(cell)
            elif not e.disclosure:
                useless.update(e.cells)
        if not extra and any(e.disclosure for e in found):
            # nothing to choose near a disclosure: hide every new cell connected to it
            extra = _connected_new([e for e in found if e.disclosure], touching, hidden, unshown, new, members)
            if not extra:
                break
        hidden |= extra
        hiding.hide(extra)
        start = extra | {c for e in found for c in e.cells}
    return frozenset(hidden - unshown)


def _near(start: set[str], touching, unknown: set[str], members):
    """The relations that what changed at `start` can change anything in: those holding a start
    cell, and those joined to them through unknown cells. The others are as they were checked."""
    seen_relations: set[int] = set()
    kept_constraints, kept_identities = [], []
    frontier = list(start)
    seen_cells = set(start)
    while frontier:
        name = frontier.pop()
        for relation in touching.get(name, []):
            if id(relation) in seen_relations:
                continue
            seen_relations.add(id(relation))
            (kept_constraints if isinstance(relation, Constraint) else kept_identities).append(relation)
            for member, _is_total in members[id(relation)]:
                if member in unknown and member not in seen_cells:
                    seen_cells.add(member)
                    frontier.append(member)
    return kept_constraints, kept_identities


def _index(constraints, identities) -> dict[str, list]:
    touching: dict[str, list] = defaultdict(list)
    for c in constraints:
        for name in (c.total, *c.parts):
            touching[name].append(c)
    for identity in identities:
        for name in identity:
            touching[name].append(identity)
    return touching


def _members(relation) -> list[tuple[str, bool]]:
    """(cell, is a total) of a relation; an identity has no total."""
    if isinstance(relation, Constraint):
        return [(relation.total, True), *((p, False) for p in relation.parts)]
    return [(name, False) for name in relation]


def _next_to_hide(exposure: Exposure, values, touching, hidden, unshown, cost, members, offers) -> str | None:
    """A new visible cell whose hiding protects the exposure: in the same relation first (the total's
    parts for a sum, parts before totals, the smallest non-zero), then further along the relations
    through unknown cells. `members`: {id(relation): its cells}; `offers`: the new ones."""
    def choose(relations):
        found = min(
            ((values[name] == 0, cost(name), is_total, not isinstance(relation, Constraint), values[name], name)
             for relation in relations for name, is_total in offers[id(relation)]
             if name not in hidden),
            default=None,
        )
        return found[-1] if found else None

    if exposure.total is not None:
        own = [c for c in touching.get(exposure.total, []) if isinstance(c, Constraint) and c.total == exposure.total
               and set(exposure.cells) <= set(c.parts)]
        picked = choose(own)
        if picked:
            return picked
    unknown = hidden | unshown
    seen_cells, seen_relations = set(exposure.cells), set()
    frontier = list(exposure.cells)
    while frontier:
        relations = []
        for name in frontier:
            for relation in touching.get(name, []):
                if id(relation) not in seen_relations:
                    seen_relations.add(id(relation))
                    relations.append(relation)
        picked = choose(relations)
        if picked:
            return picked
        frontier = []
        for relation in relations:
            for name, _is_total in members[id(relation)]:
                if name in unknown and name not in seen_cells:
                    seen_cells.add(name)
                    frontier.append(name)
    return None


def _connected_new(found: list[Exposure], touching, hidden, unshown, new, members) -> set[str]:
    unknown = hidden | unshown
    seen = {c for e in found for c in e.cells}
    frontier, result = list(seen), set()
    while frontier:
        name = frontier.pop()
        for relation in touching.get(name, []):
            for member, _is_total in members[id(relation)]:
                if member in new and member not in hidden:
                    result.add(member)
                elif member in unknown and member not in seen:
                    seen.add(member)
                    frontier.append(member)
    return result
