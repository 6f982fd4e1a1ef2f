"""agreements/costsplit.py: shares add up to the total, each within one öre of exact, balances and transfers."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreements.costsplit import OUTSIDE, OWN, SHARED, CostItem, SplitRule, round_shares, settle

HALF = SplitRule(SHARED, (("kv", D(50)), ("kommun", D(50))))


def split_amount(amount, rule):
    """One cost settled on its own: each party's share, rounded to öre as any settlement is."""
    parties = [party for party, _pct in rule.shares]
    settlement = settle(costs=[CostItem("kostnad", amount, parties[0])], rules={"kostnad": rule}, parties=parties)
    return {balance.party: balance.share for balance in settlement.parties}
THIRDS = SplitRule(SHARED, (("af", D("33.34")), ("kv", D("33.33")), ("kommun", D("33.33"))))


@pytest.mark.parametrize(
    ("amount", "rule", "expected"),
    [
        # DOMAIN.md: the administrator and the operating costs are shared 50/50 by KV and the kommun.
        ("26840.00", HALF, {"kv": "13420.00", "kommun": "13420.00"}),
        # An odd öre goes to the party listed first (equal remainders).
        ("0.01", HALF, {"kv": "0.01", "kommun": "0.00"}),
        ("100.01", HALF, {"kv": "50.01", "kommun": "50.00"}),
        # Thirds: 33.34 % of 100.00 is exact; the rest too.
        ("100.00", THIRDS, {"af": "33.34", "kv": "33.33", "kommun": "33.33"}),
        # 10.00 × 33.34 % = 3.334, × 33.33 % = 3.333 twice: floors 3.33 each, one öre left to the largest remainder.
        ("10.00", THIRDS, {"af": "3.34", "kv": "3.33", "kommun": "3.33"}),
        ("0.00", HALF, {"kv": "0.00", "kommun": "0.00"}),
    ],
)
def test_split_amount(amount, rule, expected):
    assert split_amount(D(amount), rule) == {k: D(v) for k, v in expected.items()}


def test_shares_that_do_not_add_up_to_100_are_refused():
    with pytest.raises(ValueError, match="100"):
        SplitRule(SHARED, (("kv", D(50)), ("kommun", D("49.99"))))


def test_round_shares_refuses_inexact_input():
    with pytest.raises(ValueError):
        round_shares(D("1.00"), {"a": D("0.5"), "b": D("0.4")})


def test_stockholm_quarter_kv_owes_the_kommun():
    """The kommun pays rent and the administrator, KV the phones: KV owes the kommun half the difference."""
    costs = [
        CostItem("admin", D("26840.00"), "kommun"),
        CostItem("operating", D("41250.00"), "kommun"),
        CostItem("operating", D("3129.50"), "kv"),
        CostItem("af_measures", D("18000.00"), "af"),
        CostItem("own_staff", D("50000.00"), "af"),
    ]
    rules = {"admin": HALF, "operating": HALF, "af_measures": SplitRule(OUTSIDE), "own_staff": SplitRule(OWN)}
    result = settle(costs=costs, rules=rules, parties=["af", "kv", "kommun"])
    by_party = {b.party: b for b in result.parties}
    assert result.total == D("121219.50")
    assert result.outside_total == D("18000.00")
    assert by_party["af"].share == by_party["af"].paid == D("50000.00")
    assert by_party["kv"].share == by_party["kommun"].share == D("35609.75")
    assert by_party["kv"].balance == D("-32480.25")
    assert [(t.debtor, t.creditor, t.amount) for t in result.transfers] == [("kv", "kommun", D("32480.25"))]


def test_transfers_with_two_creditors():
    rules = {"c": THIRDS}
    result = settle(costs=[CostItem("c", D("300.00"), "af"), CostItem("c", D("600.00"), "kv")], rules=rules,
                    parties=["af", "kv", "kommun"])
    # shares: af 300.06, kv 299.97, kommun 299.97; af paid 300 (owes 0.06), kv paid 600 (is owed 300.03)
    assert [(t.debtor, t.creditor, t.amount) for t in result.transfers] == [
        ("af", "kv", D("0.06")),
        ("kommun", "kv", D("299.97")),
    ]


def test_negative_costs_are_refused():
    with pytest.raises(ValueError):
        settle(costs=[CostItem("c", D("-1.00"), "kv")], rules={"c": HALF})


# --- Property tests -------------------------------------------------------------------------

PARTIES = ["af", "kv", "kommun", "kommun2", "kommun3"]


@st.composite
def split_rules(draw, parties):
    """A shared rule over some of `parties` with percentages (two decimals) summing to 100, or OWN/OUTSIDE."""
    method = draw(st.sampled_from([SHARED, SHARED, SHARED, OWN, OUTSIDE]))
    if method != SHARED:
        return SplitRule(method)
    chosen = draw(st.lists(st.sampled_from(parties), min_size=1, max_size=len(parties), unique=True))
    cuts = sorted(draw(st.lists(st.integers(1, 9999), min_size=len(chosen) - 1, max_size=len(chosen) - 1, unique=True)))
    bounds = [0, *cuts, 10000]
    return SplitRule(SHARED, tuple((p, D(bounds[i + 1] - bounds[i]) / 100) for i, p in enumerate(chosen)))


@st.composite
def cost_lists(draw):
    parties = PARTIES[: draw(st.integers(2, len(PARTIES)))]
    categories = [f"cat{i}" for i in range(draw(st.integers(1, 5)))]
    rules = {c: draw(split_rules(parties)) for c in categories}
    costs = draw(st.lists(
        st.builds(
            CostItem,
            category=st.sampled_from(categories),
            amount=st.integers(0, 10_000_000_00).map(lambda ore: D(ore) / 100),
            paid_by=st.sampled_from(parties),
        ),
        max_size=40,
    ))
    return parties, rules, costs


def exact_shares(parties, rules, costs):
    exact = {p: D(0) for p in parties}
    for cost in costs:
        rule = rules[cost.category]
        if rule.method == SHARED:
            for party, pct in rule.shares:
                exact[party] += cost.amount * pct / 100
        elif rule.method == OWN:
            exact[cost.paid_by] += cost.amount
    return exact


@settings(max_examples=300, deadline=None, database=None)
@given(cost_lists())
def test_settlement_shares_add_up_exactly_and_are_within_one_ore(case):
    parties, rules, costs = case
    result = settle(costs=costs, rules=rules, parties=parties)
    in_split = sum((c.amount for c in costs if rules[c.category].method != OUTSIDE), D(0))
    assert result.total == in_split
    assert sum((b.share for b in result.parties), D(0)) == result.total
    exact = exact_shares(parties, rules, costs)
    for balance in result.parties:
        assert balance.share == balance.share.quantize(D("0.01"))
        assert abs(balance.share - exact[balance.party]) < D("0.01")
    # Balances net to zero and the transfers clear them.
    assert sum((b.balance for b in result.parties), D(0)) == 0
    after = {b.party: b.balance for b in result.parties}
    for t in result.transfers:
        assert t.amount > 0
        after[t.debtor] += t.amount
        after[t.creditor] -= t.amount
    assert set(after.values()) <= {D(0)}


@settings(max_examples=300, deadline=None, database=None)
@given(st.integers(0, 10_000_000_00), split_rules(PARTIES).filter(lambda r: r.method == SHARED))
def test_one_amount_splits_exactly(ore, rule):
    amount = D(ore) / 100
    shares = split_amount(amount, rule)
    assert sum(shares.values(), D(0)) == amount
    for party, pct in rule.shares:
        assert abs(shares[party] - amount * pct / 100) < D("0.01")
