"""The cost split: each party's share of actual costs, what it paid, and who owes whom.

DOMAIN.md, "Local agreement": each party bears its own staff costs; the administrator is
shared 50/50 by KV and the kommun; operating costs are shared equally by KV and the kommun;
AF's labour-market measures are outside the split. Each category carries its rule as data
(`SplitRule`): a method and, for shared categories, parties with percentages summing to 100.

Rounding (stated once, here): amounts are kronor with öre (two decimals, `Decimal`). A
party's exact share of the period is the sum, over every cost, of amount × percent / 100
(or the whole amount for the party that paid an own-cost). The exact shares are rounded
to öre once, by the largest-remainder method: every share is rounded down to whole öre,
and the öre left over are given one each to the parties with the largest discarded
fractions; ties go to the party listed first. So the shares add up exactly to the total,
and no share is more than one öre from its exact value.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

ORE = Decimal("0.01")
HUNDRED = Decimal(100)

SHARED = "shared"
OWN = "own"
OUTSIDE = "outside"


@dataclass(frozen=True)
class SplitRule:
    """How one category's costs are borne. `shares`: (party, percent) pairs for SHARED."""

    method: str
    shares: tuple[tuple[Hashable, Decimal], ...] = ()

    def __post_init__(self):
        if self.method == SHARED and sum((p for _, p in self.shares), Decimal(0)) != HUNDRED:
            raise ValueError("The shares of a shared category must add up to 100 %.")


@dataclass(frozen=True)
class CostItem:
    category: Hashable
    amount: Decimal
    paid_by: Hashable


@dataclass(frozen=True)
class PartyBalance:
    party: Hashable
    share: Decimal  # its share of the costs
    paid: Decimal  # what it has paid
    exact_share: Decimal

    @property
    def balance(self) -> Decimal:
        """Positive: the others owe this party; negative: it owes the others."""
        return self.paid - self.share


@dataclass(frozen=True)
class Transfer:
    debtor: Hashable
    creditor: Hashable
    amount: Decimal


@dataclass(frozen=True)
class CategoryTotal:
    category: Hashable
    total: Decimal


@dataclass(frozen=True)
class Settlement:
    total: Decimal  # costs within the split
    outside_total: Decimal  # costs recorded outside the split
    parties: tuple[PartyBalance, ...]
    transfers: tuple[Transfer, ...]
    categories: tuple[CategoryTotal, ...]


def round_shares(total: Decimal, exact: Mapping[Hashable, Decimal]) -> dict[Hashable, Decimal]:
    """Round exact shares to öre so that they add up to `total` (largest remainder).

    `exact` must add up to `total` exactly and `total` must be whole öre; the mapping's
    order is the tie-break order.
    """
    if total != total.quantize(ORE):
        raise ValueError("The total must be a whole number of öre.")
    if sum(exact.values(), Decimal(0)) != total:
        raise ValueError("The exact shares do not add up to the total.")
    floors = {party: value.quantize(ORE, rounding=ROUND_FLOOR) for party, value in exact.items()}
    left_over = int((total - sum(floors.values(), Decimal(0))) / ORE)
    order = list(exact)
    by_fraction = sorted(order, key=lambda p: (-(exact[p] - floors[p]), order.index(p)))
    for party in by_fraction[:left_over]:
        floors[party] += ORE
    return floors


def _exact_shares(amount: Decimal, rule: SplitRule, paid_by: Hashable) -> dict[Hashable, Decimal]:
    if rule.method == SHARED:
        return {party: amount * percent / HUNDRED for party, percent in rule.shares}
    if rule.method == OWN:
        return {paid_by: amount}
    return {}


def settle(
    *, costs: Iterable[CostItem], rules: Mapping[Hashable, SplitRule], parties: Sequence[Hashable] = ()
) -> Settlement:
    """Settle `costs` under `rules`: shares, payments, balances and the transfers that even them out.

    `parties` fixes the order of the result (and the rounding tie-break); parties that
    appear only in rules or payments follow in order of appearance.
    """
    order: list[Hashable] = list(parties)
    exact: dict[Hashable, Decimal] = {p: Decimal(0) for p in order}
    paid: dict[Hashable, Decimal] = {p: Decimal(0) for p in order}
    by_category: dict[Hashable, Decimal] = {}
    total = outside = Decimal(0)
    for cost in costs:
        if cost.amount < 0:
            raise ValueError("Costs cannot be negative.")
        rule = rules[cost.category]
        by_category[cost.category] = by_category.get(cost.category, Decimal(0)) + cost.amount
        if rule.method == OUTSIDE:
            outside += cost.amount
            continue
        total += cost.amount
        _add(paid, order, cost.paid_by, cost.amount)
        for party, value in _exact_shares(cost.amount, rule, cost.paid_by).items():
            _add(exact, order, party, value)
    for party in order:
        exact.setdefault(party, Decimal(0))
        paid.setdefault(party, Decimal(0))
    exact = {p: exact[p] for p in order}
    shares = round_shares(total, exact)
    balances = tuple(PartyBalance(party=p, share=shares[p], paid=paid[p], exact_share=exact[p]) for p in order)
    return Settlement(
        total=total,
        outside_total=outside,
        parties=balances,
        transfers=tuple(transfers_for(balances)),
        categories=tuple(CategoryTotal(c, t) for c, t in by_category.items()),
    )


def _add(bucket: dict, order: list, party: Hashable, amount: Decimal) -> None:
    if party not in bucket:
        bucket[party] = Decimal(0)
        if party not in order:
            order.append(party)
    bucket[party] += amount


def transfers_for(balances: Sequence[PartyBalance]) -> list[Transfer]:
    """Who pays whom to even out the balances: debtors pay creditors, both in party order."""
    creditors = [[b.party, b.balance] for b in balances if b.balance > 0]
    debtors = [[b.party, -b.balance] for b in balances if b.balance < 0]
    result = []
    ci = 0
    for debtor, owed in debtors:
        while owed > 0 and ci < len(creditors):
            creditor, due = creditors[ci]
            amount = min(owed, due)
            result.append(Transfer(debtor=debtor, creditor=creditor, amount=amount))
            owed -= amount
            creditors[ci][1] -= amount
            if creditors[ci][1] == 0:
                ci += 1
    return result
