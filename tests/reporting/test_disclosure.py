"""Issue 13, item 4: no combination of what a styrgrupp member and an NSG member can fetch reveals
a count of 1–4 (docs/reporting.md, "Disclosure control").

The first three tests are the tester's attacks as reported: two free periods subtracted, a binary
search on the end date, the country less one's own unit. The last holds every publication of
the fixed periods from January 2025 to June 2026 for two small units, sets up the attacker's
linear system over the true counts (tests/reporting/attacker.py) and finds no count of 1–4 it
pins: no hidden cell, no unit's count for a month or for any run of months of a year, no finer
count (an exit by outcome and completion, a group's starts in a month).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.urls import reverse

from krami.dates import add_months, month_end
from tests.fixtures import shared_data
from tests.reporting.attacker import (
    HIDDEN_PARTS,
    LAST,
    WORK,
    System,
    TrueAtoms,
    dashboard_cells,
    fetch_publications,
    figure_atoms,
    months,
    national_cells,
    read_csv,
    small_world,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """The three small units, built once for the module (~80 s) and rolled back after its last
    test; each test runs in a savepoint, so what it writes (read logs, sessions) is undone."""
    with shared_data(django_db_blocker, small_world) as world:
        yield world


@pytest.fixture
def world(shared_world, db):
    return shared_world


def _csv(client, team, query: str) -> dict[str, str]:
    """{figure key: text} of a unit's CSV for a query string (the same parse as the big test)."""
    client.force_login(team.styrgrupp)
    rows = read_csv(client.get(reverse("reporting:csv", args=[team.unit.pk]) + f"?{query}").content)
    cells, _shares = dashboard_cells("", team.unit.pk, (), rows)
    return {c.figure: c.text for c in cells if c.months == ()}


def test_january_to_march_less_january_to_february_gives_no_march_count(client, world):
    """Item 4: "January–March minus January–February gave a March count shown as x"."""
    atoms = TrueAtoms(world)
    for team in world.teams:
        q1 = _csv(client, team, "fran=2025-01-01&till=2025-03-31")
        jan_feb = _csv(client, team, "fran=2025-01-01&till=2025-02-28")
        march = _csv(client, team, "manad=2025-03")
        unit_atoms = atoms.universe
        for figure, text in march.items():
            if text != "x" or figure not in q1 or figure not in jan_feb or "x" in (q1[figure], jan_feb[figure]):
                continue
            true = sum(atoms.values.get((team.unit.pk, date(2025, 3, 1), a), 0) for a in figure_atoms(figure, unit_atoms))
            difference = int(q1[figure].replace(",", "")) - int(jan_feb[figure].replace(",", ""))
            assert difference != true, f"{team.unit.name}: {figure} of March recovered as {difference}"


def test_searching_the_end_date_finds_no_day(client, world):
    """Item 4: "a binary search on the end date found the day a participant left for work"."""
    team = world.teams[1]
    seen = defaultdict(set)
    for day in range(1, 32):
        counts = _csv(client, team, f"fran=2025-03-01&till={date(2025, 3, 1) + timedelta(days=day - 1)}")
        for figure in ("outcome|closed", "outcome|work_or_studies", "funnel|started"):
            seen[figure].add(counts.get(figure))
    for figure, texts in seen.items():
        assert len(texts) == 1, f"{figure} changes with the end date: {sorted(texts, key=str)}"


def test_the_country_less_ones_own_unit_gives_no_hidden_count(client, world):
    """Item 4: "the national totals minus one unit's own published figures give the other unit's hidden counts"."""
    atoms = TrueAtoms(world)
    mine, other = world.teams[:2]
    other_atoms = atoms.universe
    for m in months(date(2025, 1, 1), LAST):
        client.force_login(world.nsg)
        page = client.get(reverse("reporting:national") + f"?manad={m:%Y-%m}").content.decode()
        own = _csv(client, mine, f"manad={m:%Y-%m}")
        cells = national_cells(f"{m:%Y-%m}", (m,), page, {t.unit.name: t.unit.pk for t in world.teams})
        totals = {c.figure: c.text for c in cells if c.unit_id is None and c.where.startswith("national ") and "trend" not in c.where}
        for figure, total in totals.items():
            if total == "x" or own.get(figure, "x") == "x":
                continue
            true = sum(atoms.values.get((other.unit.pk, m, a), 0) for a in figure_atoms(figure, other_atoms))
            rest = [c for c in cells if c.unit_id not in (None, mine.unit.pk, other.unit.pk) and c.figure == figure
                    and "trend" not in c.where]
            if any(c.hidden for c in rest):
                continue
            recovered = int(total.replace(",", "")) - int(own[figure].replace(",", "")) - sum(c.value for c in rest)
            assert not (0 < true < 5 and recovered == true), f"{other.unit.name} {m:%Y-%m} {figure} = {recovered}"


def fixed_periods() -> dict[str, tuple[date, ...]]:
    """Every fixed period from January 2025 to June 2026, and the second unit's agreement period."""
    result = {}
    for m in months(date(2025, 1, 1), LAST):
        result[f"{m:%Y-%m}"] = (m,)
    for year in (2025, 2026):
        for q in range(1, 5):
            start = date(year, 3 * q - 2, 1)
            if month_end(add_months(start, 2)) <= month_end(LAST):
                result[f"{year}-K{q}"] = tuple(months(start, add_months(start, 2)))
        for h in (1, 2):
            start = date(year, 1 if h == 1 else 7, 1)
            if month_end(add_months(start, 5)) <= month_end(LAST):
                result[f"{year}-H{h}"] = tuple(months(start, add_months(start, 5)))
    result["2025"] = tuple(months(date(2025, 1, 1), date(2025, 12, 1)))
    result["2025-07..2026-06"] = tuple(months(date(2025, 7, 1), date(2026, 6, 1)))
    return result


def test_nothing_published_pins_a_count_of_one_to_four(client, world):
    periods = fixed_periods()
    published = fetch_publications(client, world, periods, pdf_periods={"2025-03", "2025-K1", "2025"})
    atoms = TrueAtoms(world)
    true = atoms.values
    units = [t.unit.pk for t in world.teams]
    unit_atoms = {u: atoms.universe for u in units}

    # A share or an amount is shown only with the counts it is built on.
    for where, share, numerator, denominator in published.shares:
        if share not in ("x", "–"):
            assert "x" not in (numerator, denominator), f"{where}: {share} shown beside a hidden count"

    def sum_of(unit_ids, in_months, figure) -> dict[tuple, int]:
        return {(u, m, a): 1 for u in unit_ids for m in in_months for a in figure_atoms(figure, unit_atoms[u])}

    def value(atoms_: dict[tuple, int]) -> int:
        return sum(true.get(a, 0) for a in atoms_)

    system = attacker_system(published, true, units, unit_atoms, sum_of)
    _check(published, true, units, unit_atoms, sum_of, system, value)


def attacker_system(published, true, units, unit_atoms, sum_of, *, leave_out=lambda cell: False) -> System:
    system = System()
    for u in units:  # what the attacker knows of the definitions: a month's groups add up to its totals
        for m in months():
            starts = sum_of([u], [m], "funnel|started")
            work = {(u, m, a): 1 for a in unit_atoms[u] if a[0] == "exit" and a[1] in WORK}
            other = {(u, m, a): 1 for a in unit_atoms[u] if a[0] == "exit" and a[1] not in WORK}
            for dimension in ("gender", "age", "priority", "referral", "municipality"):
                for measure, total in (("started", starts), ("wos", work), ("other_exit", other)):
                    groups = {(u, m, a): 1 for a in unit_atoms[u] if a[:2] == ("bd", dimension) and a[3] == measure}
                    system.add({**groups, **{k: -1 for k in total}})
            before = add_months(m, -1)
            identities = [
                {**sum_of([u], [m], "occupancy|active"), **{k: -1 for k in sum_of([u], [before], "occupancy|active")},
                 **sum_of([u], [before], "outcome|closed"), **{k: -1 for k in sum_of([u], [m], "funnel|started")}},
                {**sum_of([u], [m], "phase|queued|n"), **{k: -1 for k in sum_of([u], [m], "funnel|started")}},
                *({**sum_of([u], [m], f"keeping|{k}|due"), **{x: -1 for x in sum_of([u], [add_months(m, -k)], "outcome|work_or_studies")}}
                  for k in (3, 6, 12)),
            ]
            for identity in identities:
                if sum(c * true.get(a, 0) for a, c in identity.items()) == 0 and min(a[1] for a in identity) >= months()[0]:
                    system.add(identity)
    for cell in published.cells:
        if cell.hidden or leave_out(cell):
            continue
        atoms_ = sum_of(units if cell.unit_id is None else [cell.unit_id], cell.months, cell.figure)
        system.add(atoms_)
        if cell.value == 0:
            for a in atoms_:
                system.add({a: 1})
    return system


def _check(published, true, units, unit_atoms, sum_of, system, value) -> None:
    found, checked = [], 0
    for cell in published.cells:
        atoms_ = sum_of(units if cell.unit_id is None else [cell.unit_id], cell.months, cell.figure)
        if cell.hidden and 0 < value(atoms_) < 5:
            checked += 1
            if system.pins(atoms_):
                found.append(f"{cell.where}: {cell.figure} = {value(atoms_)}")
    for (u, m, a), n in list(true.items()):
        if 0 < n < 5:
            checked += 1
            if system.pins({(u, m, a): 1}):
                found.append(f"unit {u} {m:%Y-%m} {a} = {n}")
    figures = {c.figure for c in published.cells} | set(HIDDEN_PARTS)
    for u in units:
        for year in (2025, 2026):
            year_months = [m for m in months() if m.year == year and m >= date(2025, 1, 1)]
            for figure in figures:
                for i, first in enumerate(year_months):
                    for last in year_months[i:]:
                        run = sum_of([u], [m for m in year_months if first <= m <= last], figure)
                        if 0 < value(run) < 5:
                            checked += 1
                            if system.pins(run):
                                found.append(f"unit {u} {figure} {first:%Y-%m}..{last:%Y-%m} = {value(run)}")
    hidden = sum(c.hidden for c in published.cells)
    print(f"\nattacker: {published.fetched} responses read, {len(published.cells)} count cells ({hidden} hidden), "
          f"{system.equations} equations (rank {len(system.pivots)}) over {len(system.col)} true counts; "
          f"{checked} counts of 1–4 checked, {len(found)} pinned")
    assert not found, f"{len(found)} counts of 1–4 pinned, e.g. {found[:10]}"
    # Guard: the world is small enough that protection had work to do.
    assert hidden > 500
    assert sum(0 < n < 5 for n in true.values()) > 500
