from krami.models import DataCategory
from tests.access.registry import has_role_anywhere, participant, scoped

CASEWORK = ("vagledare", "samordnare")

scoped("participants:list", allowed=has_role_anywhere(*CASEWORK))
scoped("participants:create", allowed=has_role_anywhere(*CASEWORK))
participant("participants:detail")
participant("participants:edit")
participant("participants:reveal_personnummer", method="POST")
participant("participants:consent_create")
participant("participants:note_create")
participant(
    "participants:consent_withdraw",
    method="POST",
    # Participants without a consent have nothing to withdraw: kwargs None skips them.
    kwargs=lambda w, p: {"pk": p.pk, "consent_id": c.pk} if (c := p.consents.first()) else None,
)
for category in ("criminal_justice", "social_services", "labour_market"):
    participant(
        f"participants:category_edit[{category}]",
        kwargs=lambda w, p, c=category: {"pk": p.pk, "category": c},
        category=DataCategory(category),
    )

