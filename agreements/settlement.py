"""The settlement of an agreement for a period: reads the costs and applies agreements/costsplit.py.

What the styrgrupp is handed: per party its share of the costs, what it paid and the
balance, the transfers that even the balances out ("KV owes the kommun 12 340,00 kr"), and
the costs per category with the rule that split them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from agreements import costsplit
from agreements.models import ActualCost, Agreement, AgreementParty, CostCategory, SplitMethod
from agreements.periods import Period
from agreements.summary import split_description
from krami.dates import month_start
from krami.models import Organisation


@dataclass(frozen=True)
class CategoryRow:
    category: CostCategory
    actual: Decimal
    outside: bool
    split: str  # the rule in words, e.g. "Shared: Kriminalvården 50 %; Stockholms stad 50 %"


@dataclass(frozen=True)
class PartyRow:
    party: AgreementParty
    balance: costsplit.PartyBalance


@dataclass(frozen=True)
class TransferRow:
    debtor: AgreementParty
    creditor: AgreementParty
    amount: Decimal


@dataclass(frozen=True)
class SettlementReport:
    period: Period
    settlement: costsplit.Settlement
    categories: list[CategoryRow]
    parties: list[PartyRow]
    transfers: list[TransferRow]


def split_rules(categories) -> dict[int, costsplit.SplitRule]:
    """Each category's rule as costsplit values (categories with their shares prefetched)."""
    method = {SplitMethod.SHARED: costsplit.SHARED, SplitMethod.OWN: costsplit.OWN, SplitMethod.OUTSIDE: costsplit.OUTSIDE}
    return {
        c.pk: costsplit.SplitRule(
            method=method[c.split_method],
            shares=tuple((s.organisation_id, s.percent) for s in c.shares.all()) if c.split_method == SplitMethod.SHARED else (),
        )
        for c in categories
    }


@dataclass(frozen=True)
class AgreementTerms:
    """What a settlement of any period of the agreement applies: its cost categories (with their
    split rules) and its parties. Read once when many periods are settled (reporting's month-end
    job closes every month of a unit's history)."""

    agreement: Agreement
    categories: list[CostCategory]
    parties: list[AgreementParty]

    @classmethod
    def load(cls, agreement: Agreement) -> AgreementTerms:
        return cls(
            agreement=agreement,
            categories=list(agreement.cost_categories.prefetch_related("shares__organisation")),
            parties=list(AgreementParty.objects.filter(agreement=agreement).select_related("organisation")),
        )


def cost_rows(agreement_ids: list[int], period: Period) -> dict[int, list[dict]]:
    """{agreement id: the actual costs of the months in `period`, summed per category and payer} in one query."""
    rows: dict[int, list[dict]] = {pk: [] for pk in agreement_ids}
    for row in (
        ActualCost.objects.filter(agreement_id__in=agreement_ids, month__gte=month_start(period.start), month__lte=period.end)
        .values("agreement_id", "category_id", "paid_by_id")
        .annotate(total=Sum("amount"))
        .order_by("agreement_id", "category_id", "paid_by_id")
    ):
        rows[row["agreement_id"]].append(row)
    return rows


def settlement_for(
    *, agreement: Agreement, period: Period, terms: AgreementTerms | None = None, costs: list[dict] | None = None,
) -> SettlementReport:
    """Settle the agreement's costs of the months in `period` (a fixed number of queries).

    `terms` and `costs` (`cost_rows`) when they were read beforehand, for many periods or agreements.
    """
    terms = terms or AgreementTerms.load(agreement)
    categories = terms.categories
    by_org = {p.organisation_id: p for p in terms.parties}
    rows = costs if costs is not None else cost_rows([agreement.pk], period)[agreement.pk]
    # Sums are whole öre; quantize, since SQLite adds decimals as floating point.
    items = [
        costsplit.CostItem(category=r["category_id"], amount=r["total"].quantize(costsplit.ORE), paid_by=r["paid_by_id"])
        for r in rows
    ]
    settlement = costsplit.settle(costs=items, rules=split_rules(categories), parties=list(by_org))
    missing = {b.party for b in settlement.parties} - set(by_org)
    for org in Organisation.objects.filter(pk__in=missing):  # paid by an organisation no longer a party
        by_org[org.pk] = AgreementParty(agreement=agreement, organisation=org)
    totals = {c.category: c.total for c in settlement.categories}
    return SettlementReport(
        period=period,
        settlement=settlement,
        categories=[
            CategoryRow(
                category=c, actual=totals.get(c.pk, Decimal(0)), outside=c.split_method == SplitMethod.OUTSIDE,
                split=split_description(c),
            )
            for c in categories
        ],
        parties=[PartyRow(party=by_org[b.party], balance=b) for b in settlement.parties],
        transfers=[TransferRow(by_org[t.debtor], by_org[t.creditor], t.amount) for t in settlement.transfers],
    )
