"""Employers: the register of the user's units, and an employer's placements the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from krami.access import user_access
from krami.models import CASEWORK_ROLES
from participants.access import visible_participants
from participants.models import Employer, Employment, Internship


def employers_for_user(user) -> QuerySet[Employer]:
    """Employers in the registers of the units where the user does case work."""
    return Employer.objects.filter(unit_id__in=user_access(user).unit_ids(*CASEWORK_ROLES))


def get_employer_for_user(request: HttpRequest, employer_id: int) -> Employer:
    """The employer if it is in one of the user's units; otherwise 404 (no leak)."""
    employer = employers_for_user(request.user).select_related("unit", "municipality").filter(pk=employer_id).first()
    if employer is None:
        raise Http404
    return employer


def search_employers(*, user, q: str = "", unit_id: int | None = None) -> QuerySet[Employer]:
    """The register, searched by name words or organisation number."""
    qs = employers_for_user(user).select_related("unit", "municipality")
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    digits = q.replace("-", "").replace(" ", "")
    if digits.isdigit():  # (the start of) an organisation number, stored as NNNNNN-NNNN
        prefix = digits if len(digits) <= 6 else f"{digits[:6]}-{digits[6:]}"
        qs = qs.filter(organisation_number__startswith=prefix)
    else:
        for term in q.split():
            qs = qs.filter(Q(name__icontains=term) | Q(contact_person__icontains=term))
    return qs.order_by("name", "pk")


@dataclass
class EmployerPlacements:
    internships: list[Internship]
    employments: list[Employment]

    @property
    def participants(self) -> list:
        seen = {}
        for record in [*self.internships, *self.employments]:
            seen.setdefault(record.participant_id, record.participant)
        return list(seen.values())


def employer_placements(*, user, employer: Employer) -> EmployerPlacements:
    """The employer's internships and employments of participants the user may see (2 queries).

    A placement list names people, so it is scoped like any participant list: a party
    without the person's consent does not learn that they work or train here.
    """
    visible = visible_participants(user).values("pk")
    internships = (
        Internship.objects.filter(employer=employer, participant__in=visible)
        .select_related("participant")
        .order_by("-start_date", "-pk")
    )
    employments = (
        Employment.objects.filter(employer=employer, participant__in=visible)
        .select_related("participant")
        .order_by("-start_date", "-pk")
    )
    return EmployerPlacements(internships=list(internships), employments=list(employments))
