"""Who and what the benchmark opens: the first unit, its personas, one participant, a month.

Chosen by rule (not by id) so that the small and the national database are measured on the
same kind of objects: unit 1 has the same yearly flow in both (scale/generate.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from agreements.selectors import current_agreement
from krami.models import OrganisationKind, Unit
from participants.access import visible_participants
from participants.models import ACTIVE_PHASES
from scale.world import username

KOMMUN = OrganisationKind.KOMMUN
PERSONAS = {
    "vagledare": username(1, KOMMUN, "vagledare", 1),
    "samordnare": username(1, KOMMUN, "samordnare"),
    "samordnare_2": username(2, KOMMUN, "samordnare"),  # the second unit's coordinator (access-log sizes)
    "styrgrupp": username(1, KOMMUN, "styrgrupp"),
    "avtal": username(1, KOMMUN, "avtal"),
    "nsg": "nsg",
    "admin": "admin",
}


@dataclass
class BenchContext:
    unit_id: int
    second_unit_id: int | None
    participant_id: int | None
    agreement_id: int | None
    month: str  # the last closed month, YYYY-MM
    year: int
    users: dict = field(default_factory=dict)

    def value(self, name: str):
        return getattr(self, name)


def last_closed_month(today: date) -> date:
    return date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)


def discover() -> BenchContext:
    unit = Unit.objects.order_by("pk").first()
    if unit is None:
        raise RuntimeError("No units: run `make scale-data` (manage.py generate_scale_data) first.")
    found = {u.username: u for u in get_user_model().objects.filter(username__in=PERSONAS.values())}
    users = {key: found[name] for key, name in PERSONAS.items() if name in found}  # one unit: no second coordinator
    vagledare = users["vagledare"]
    # The case worker's most recently registered active participant: comparable across scales.
    # (a tiny database may have none: then any record the case worker sees).
    visible = visible_participants(vagledare).order_by("-pk")
    participant = visible.filter(handler=vagledare, phase__in=ACTIVE_PHASES).first() or visible.first()
    today = timezone.localdate()
    agreement = current_agreement(unit=unit, on=today)
    month = last_closed_month(today)
    second = Unit.objects.order_by("pk").exclude(pk=unit.pk).first()
    return BenchContext(
        unit_id=unit.pk, second_unit_id=second.pk if second else None, participant_id=participant.pk if participant else None,
        agreement_id=agreement.pk if agreement else None, month=f"{month:%Y-%m}", year=month.year, users=users,
    )
