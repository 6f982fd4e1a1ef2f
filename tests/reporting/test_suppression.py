"""Small-number protection: no count of 1–4 is published, and none can be worked out by differencing."""

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporting import catalogue
from reporting.cells import Publication
from reporting.suppression import Constraint, Equations, Exposure, Hiding, _add_zeros, _as_relation, exposures, protect, recoverable


@pytest.mark.parametrize(("value", "hidden"), [(0, False), (1, True), (4, True), (5, False), (12, False)])
def test_counts_of_one_to_four_are_hidden_zero_and_five_are_not(value, hidden):
    assert (("a" in protect({"a": value})) is hidden)


def test_differencing_a_total_minus_the_visible_parts_is_prevented():
    """Women 3, men 17, total 20: hiding only the 3 leaves it as 20 − 17; a second cell must go."""
    values = {"total": 20, "woman": 3, "man": 17}
    relation = [Constraint("total", ("woman", "man"))]
    assert recoverable(values, relation, {"woman"}) == {"woman"}  # the attack works on primary suppression alone
    hidden = protect(values, relation)
    assert "woman" in hidden and len(hidden) >= 2
    assert recoverable(values, relation, hidden) == set()


@pytest.mark.slow
def test_a_two_way_table_cannot_be_solved_for_a_hidden_cell():
    """Gender × measure table with row and column totals: an attacker with every visible cell and
    every relation (rows, columns, the grand total) still cannot pin down any hidden cell."""
    values = {"w|a": 2, "w|b": 9, "m|a": 11, "m|b": 14, "w": 11, "m": 25, "a": 13, "b": 23, "all": 36}
    relations = [
        Constraint("w", ("w|a", "w|b")), Constraint("m", ("m|a", "m|b")),
        Constraint("a", ("w|a", "m|a")), Constraint("b", ("w|b", "m|b")),
        Constraint("all", ("w", "m")), Constraint("all", ("a", "b")),
    ]
    hidden = protect(values, relations)
    assert "w|a" in hidden
    assert recoverable(values, relations, hidden) == set()
    # brute force as the attacker: every assignment of the hidden cells consistent with the
    # visible cells gives the small cell more than one possible value
    hidden = sorted(hidden)
    visible = {k: v for k, v in values.items() if k not in hidden}
    candidates = set()
    for guess in itertools.product(range(0, 40), repeat=len(hidden)) if len(hidden) <= 4 else []:
        trial = {**visible, **dict(zip(hidden, guess, strict=True))}
        if all(trial[c.total] == sum(trial[p] for p in c.parts) for c in relations):
            candidates.add(trial["w|a"])
    assert len(hidden) > 4 or len(candidates) > 1


def _protect_period(values: dict) -> frozenset[str]:
    """One period on its own, with the catalogue's relations (breakdowns included)."""
    full = catalogue.with_hidden_parts(values, breakdowns=True)
    relations = [Constraint(p.total, p.parts) for p in catalogue.partitions(full, breakdowns=True)]
    unshown = {k for k in full if not catalogue.is_shown(k)}
    unshown |= {p for c in relations for p in (c.total, *c.parts) if not catalogue.is_shown(p)}
    return protect({k: v for k, v in full.items() if catalogue.is_count(k)}, relations, unshown=unshown)


def test_the_catalogue_relations_protect_a_breakdown_and_its_totals():
    """One woman among 8 starts: her cell and another are hidden, and no total gives her away."""
    values = {
        "funnel|started": 8, "outcome|closed": 8, "outcome|work_or_studies": 5,
        "breakdown|gender|woman|started": 1, "breakdown|gender|man|started": 7,
        "breakdown|gender|man|closed": 8, "breakdown|gender|man|work_or_studies": 5,
        "reason|work": 5, "reason|moved": 3,
    }
    hidden = _protect_period(values)
    assert "breakdown|gender|woman|started" in hidden
    assert {"breakdown|gender|man|started", "funnel|started"} & hidden
    assert "reason|moved" in hidden
    # 8 exits, 5 to work: the 3 others are a count of 3, so one of the two is hidden too
    assert {"outcome|closed", "outcome|work_or_studies"} & hidden
    pub = Publication(values, hidden)
    assert pub.count("breakdown|gender|woman|started").text == "x"
    assert pub.count("reason|moved").text == "x"


def test_a_share_built_on_a_hidden_count_is_hidden():
    pub = Publication({"outcome|closed": 3, "outcome|work_or_studies": 2}, frozenset({"outcome|closed", "outcome|work_or_studies"}))
    assert pub.percent("outcome|work_or_studies", "outcome|closed").text == "x"
    pub = Publication({"outcome|closed": 10, "outcome|work_or_studies": 6})
    assert pub.percent("outcome|work_or_studies", "outcome|closed").value == 60


def test_the_hidden_parts_of_a_total_may_not_add_up_to_1_to_4():
    """Women 2 and other 1 hidden, men 17 visible, total 20: each hidden cell is undetermined, but
    together they are 3 people, which is a count of 1–4: another cell must go."""
    values = {"total": 20, "woman": 2, "other": 1, "man": 17}
    relation = [Constraint("total", ("woman", "other", "man"))]
    assert recoverable(values, relation, {"woman", "other"}) == set()
    hidden = protect(values, relation)
    assert {"woman", "other"} < hidden and len(hidden) == 3


def test_a_cell_published_before_keeps_its_state_and_new_cells_protect_it():
    """January's 3 starts were hidden (with the 6 men, visible 0 elsewhere); the quarter, published
    later, may not give January away: with February and March visible, it must hide itself."""
    values = {"jan": 3, "feb": 7, "mar": 6, "q1": 16}
    relation = [Constraint("q1", ("jan", "feb", "mar"))]
    hidden = protect(values, relation, fixed={"jan": True, "feb": False, "mar": False})
    assert hidden == {"jan", "q1"}


def _exposed_by_fractions(constraints, hidden) -> set[str]:
    """The attack solved the slow, obvious way (Fraction RREF): what `recoverable` must agree with."""
    unknowns = sorted({k for c in constraints for k in (c.total, *c.parts) if k in hidden})
    rows = []
    for c in constraints:
        row = [Fraction(0)] * len(unknowns)
        for k, sign in ((c.total, 1), *((p, -1) for p in c.parts)):
            if k in hidden:
                row[unknowns.index(k)] += sign
        rows.append(row)
    pivot_row = 0
    for col in range(len(unknowns)):
        pivot = next((r for r in range(pivot_row, len(rows)) if rows[r][col]), None)
        if pivot is None:
            continue
        rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
        rows[pivot_row] = [v / rows[pivot_row][col] for v in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col]:
                rows[r] = [a - rows[r][col] * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    return {unknowns[[i for i, v in enumerate(r) if v][0]] for r in rows[:pivot_row] if sum(1 for v in r if v) == 1}


CELLS = [f"c{i}" for i in range(9)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(CELLS), st.lists(st.sampled_from(CELLS), min_size=1, max_size=5, unique=True)),
        min_size=1, max_size=8,
    ),
    st.sets(st.sampled_from(CELLS)),
)
def test_the_whole_number_elimination_finds_exactly_what_fractions_find(relations, hidden):
    """`recoverable` eliminates in integers (fast); the rational answer is the specification."""
    constraints = [Constraint(total, tuple(p for p in parts if p != total)) for total, parts in relations]
    constraints = [c for c in constraints if c.parts]
    assert recoverable({}, constraints, hidden) == _exposed_by_fractions(constraints, hidden)


def test_a_total_of_zero_pins_its_parts_to_zero():
    """Counts are never negative. Six exits, all six to work or studies, five completed the
    programme: the exits to anything else are 0, so none of them completed, so all five completers
    went to work or studies and exactly one who went to work did not complete (a count of 1)."""
    values = {"closed": 6, "wos": 6, "completed": 5, "cwos": 5, "notwork": 0, "co": 0, "neither": 0, "ncwos": 1}
    constraints = [
        Constraint("closed", ("wos", "notwork")), Constraint("notwork", ("co", "neither")),
        Constraint("completed", ("cwos", "co")), Constraint("wos", ("cwos", "ncwos")),
    ]
    unknown = {"cwos", "notwork", "co", "neither", "ncwos"}
    assert Exposure(("ncwos",)) in exposures(values, constraints, unknown)
    hidden = protect(values, constraints, unshown={"notwork", "co", "neither", "ncwos"})
    assert not exposures(values, constraints, hidden | {"notwork", "co", "neither", "ncwos"})
    assert hidden & {"closed", "wos", "completed", "cwos"}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(CELLS), st.lists(st.sampled_from(CELLS), min_size=1, max_size=5, unique=True)),
        min_size=1, max_size=8,
    ),
    st.dictionaries(st.sampled_from(CELLS), st.integers(min_value=0, max_value=6)),
    st.sets(st.sampled_from(CELLS)),
    st.lists(st.sampled_from(CELLS), unique=True),
)
def test_hiding_cells_one_round_after_another_answers_as_a_new_system_would(relations, values, unknown, later):
    """`protect` builds the attacker's equations once and makes cells unknown as it hides them
    (`Hiding`), remembering what was not pinned; every round must answer exactly what equations
    built from scratch for that round's unknown cells answer (with the zero rule)."""
    constraints = [c for c in (Constraint(total, tuple(p for p in parts if p != total)) for total, parts in relations) if c.parts]
    relations_ = [_as_relation(c) for c in constraints]
    unknown = set(unknown)
    hiding = Hiding(relations_, unknown, set(CELLS) - unknown)
    for step in [[], *([cell] for cell in later if cell not in unknown)]:
        unknown |= set(step)
        hiding.hide(step)
        fresh = Equations(relations_, unknown)
        fresh.add_zeros(constraints, values, unknown)
        round_ = hiding.round(relations_, unknown)
        _add_zeros(round_, constraints, values, unknown)
        round_.settled = True
        for cell in CELLS:
            assert round_.pins(cell) == fresh.pins(cell), (cell, step)
        for c in constraints:
            parts = [p for p in c.parts if p in unknown]
            assert round_.pins_sum(parts) == fresh.pins_sum(parts), (c, step)
