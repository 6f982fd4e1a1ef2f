"""What activating a draft changes: "check your answers" before an agreement is put in force.

The admin sees, before confirming: whether each party has signed; what differs from the agreement
in force today (or, when none is, from the unit's previous agreement), as the comparison page
shows it; and what intake and the reports will read from the agreement once it is in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from agreements.models import Agreement, AgreementParty
from agreements.selectors import agreement_with_parts, current_agreement, previous_agreement
from agreements.summary import DiffRow, SectionView, compare, describe

# The sections whose rules intake reads (agreements/rules.py) and those the reports measure against
# or settle by (reporting's targets, agreements/settlement.py).
INTAKE_SECTIONS = ("eligibility", "priority", "drug_policy")
REPORTING_SECTIONS = ("targets", "cost_terms", "pricing")


@dataclass(frozen=True)
class ActivationReview:
    agreement: Agreement
    parties: list[AgreementParty]
    other: Agreement | None
    other_in_force: bool  # `other` is in force today (else it is the previous agreement, or None)
    changes: list[tuple[str, list[DiffRow]]]  # only the rows that differ, by section
    in_force_from: date
    intake: list[SectionView]
    reporting: list[SectionView]

    @property
    def unsigned(self) -> list[AgreementParty]:
        return [p for p in self.parties if not p.is_signed]


def activation_review(agreement: Agreement, *, today: date) -> ActivationReview:
    """`agreement` (a draft) as it would be put in force; a fixed number of queries."""
    agreement = agreement_with_parts(Agreement.objects.filter(pk=agreement.pk)).get()
    in_force = current_agreement(unit=agreement.unit_id, on=today)
    other = in_force if in_force is not None and in_force.pk != agreement.pk else previous_agreement(agreement)
    changes = []
    if other is not None:
        other = agreement_with_parts(Agreement.objects.filter(pk=other.pk)).get()
        for title, rows in compare(other, agreement):
            changed = [row for row in rows if row.changed]
            if changed:
                changes.append((title, changed))
    sections = {s.slug: s for s in describe(agreement)}
    return ActivationReview(
        agreement=agreement,
        parties=list(agreement.parties.all()),
        other=other,
        other_in_force=other is not None and in_force is not None and other.pk == in_force.pk,
        changes=changes,
        in_force_from=max(agreement.period_start, today),
        intake=[sections[slug] for slug in INTAKE_SECTIONS],
        reporting=[sections[slug] for slug in REPORTING_SECTIONS],
    )
