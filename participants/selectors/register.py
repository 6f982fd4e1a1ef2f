"""The participant list: the user's participants, filtered and sorted as the list's form asks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from krami.models import DataCategory
from participants import personnummer
from participants.access import visible_participants
from participants.models import Participant

DATE_FILTERS = {
    "registered_from": "registered_on__gte",
    "registered_to": "registered_on__lte",
    "phase_since_from": "phase_since__gte",
    "phase_since_to": "phase_since__lte",
}


def _filtered(qs: QuerySet[Participant], data: dict, user) -> QuerySet[Participant]:
    q = (data.get("q") or "").strip()
    if q:
        try:
            pnr = personnummer.parse(q)
        except ValidationError:
            for term in q.split():
                qs = qs.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term))
        else:
            qs = qs.filter(personnummer_hash=personnummer.lookup_hash(pnr.digits))
    if data.get("phase"):
        qs = qs.filter(phase=data["phase"])
    if data.get("handler") == "me":
        qs = qs.filter(handler=user)
    elif data.get("handler"):
        qs = qs.filter(handler_id=int(data["handler"]))
    if data.get("referral_source"):
        qs = qs.filter(referral_source=data["referral_source"])
    if data.get("cj_status"):
        # Only among participants whose criminal-justice data the user may see: never a leak.
        qs = qs.filter(
            pk__in=visible_participants(user, DataCategory.CRIMINAL_JUSTICE).values("pk"),
            criminal_justice__status=data["cj_status"],
        )
    for name, lookup in DATE_FILTERS.items():
        if data.get(name):
            qs = qs.filter(**{lookup: data[name]})
    if data.get("gender"):
        qs = qs.filter(gender=data["gender"])
    if data.get("municipality"):
        qs = qs.filter(municipality=data["municipality"])
    if data.get("unit"):
        qs = qs.filter(unit_id=int(data["unit"]))
    sort = data.get("sort") or "name"
    order = ["last_name", "first_name", "pk"] if sort == "name" else [sort, "last_name", "pk"]
    return qs.order_by(*order)



def participants_for_list(*, user, filters: dict) -> QuerySet[Participant]:
    """The participants `user` may see, with the list's `filters` (the filter form's cleaned data;
    empty: all, by name). Searching by a whole personnummer looks up its keyed hash."""
    qs = visible_participants(user).select_related("unit", "handler", "municipality")
    return _filtered(qs, filters, user)
