"""The register of extract requests: which requests a coordinator sees, and how each stands
against its deadline (one month after receipt, GDPR art. 12(3)).

A coordinator sees the requests made to their own organisation in the units they coordinate
(docs/access.md): another party's requests would tell them who else is a participant. A request's
participant is named only when the coordinator may see the participant (`visible`); otherwise
by the reference, as in the access log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intake.selectors.todo import TodoItem
from krami.access import user_access
from krami.models import Role, Unit
from participants.access import visible_participants
from privacy.models import ExtractRequest

DUE_SOON = timedelta(days=7)
EXTRACT_REQUEST = "extract_request"  # the kind of Att göra's items

OVERDUE = "overdue"
DUE_SOON_STATUS = "due_soon"
OPEN = "open"
ANSWERED = "answered"
ANSWERED_LATE = "answered_late"
STATUS_LABELS = {
    OVERDUE: _("Overdue"),
    DUE_SOON_STATUS: _("Due within a week"),
    OPEN: _("Open"),
    ANSWERED: _("Handed over in time"),
    ANSWERED_LATE: _("Handed over late"),
}
STEP_LABELS = {
    "identity": _("Check the identity"),
    "extract": _("Make the extract"),
    "hand_over": _("Hand it over"),
    "done": _("Done"),
}


@dataclass(frozen=True)
class RequestRow:
    request: ExtractRequest
    status: str
    days_left: int  # days from today to the deadline (negative: overdue)
    visible: bool  # the user may see the participant: named and linked

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def next_step(self) -> str:
        return str(STEP_LABELS[next_step(self.request)])

    @property
    def participant_label(self) -> str:
        p = self.request.participant
        return p.full_name if self.visible else p.reference

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)

    @property
    def badge(self) -> str:
        """The status badge's modifier (static/css/krami.css)."""
        return {OVERDUE: "bad", DUE_SOON_STATUS: "warn", ANSWERED_LATE: "warn", ANSWERED: "ok"}.get(self.status, "info")

    @property
    def urgent(self) -> bool:
        return self.status in (OVERDUE, DUE_SOON_STATUS)


def next_step(request: ExtractRequest) -> str:
    if request.handed_over_on:
        return "done"
    if not request.identity_checked_on:
        return "identity"
    if not request.extract_made_on:
        return "extract"
    return "hand_over"


def request_status(request: ExtractRequest, *, today: date) -> str:
    if request.handed_over_on:
        return ANSWERED if request.handed_over_on <= request.deadline else ANSWERED_LATE
    if today > request.deadline:
        return OVERDUE
    if request.deadline - today <= DUE_SOON:
        return DUE_SOON_STATUS
    return OPEN


def requests_for_user(user) -> QuerySet[ExtractRequest]:
    """The requests `user` may see: made to their organisation, in the units they coordinate."""
    access = user_access(user)
    units = access.unit_ids(Role.SAMORDNARE)
    if not units or access.organisation is None:
        return ExtractRequest.objects.none()
    return ExtractRequest.objects.filter(unit_id__in=units, organisation=access.organisation).select_related(
        "participant", "handled_by", "unit"
    )


def _rows(user, requests: QuerySet[ExtractRequest], *, today: date) -> list[RequestRow]:
    """Rows with their status; the participants the user may see are found in one query."""
    requests = list(requests)
    visible = set(
        visible_participants(user).filter(pk__in={r.participant_id for r in requests}).values_list("pk", flat=True)
    )
    return [
        RequestRow(
            request=r, status=request_status(r, today=today), days_left=(r.deadline - today).days,
            visible=r.participant_id in visible,
        )
        for r in requests
    ]


def due_requests(user, today: date) -> list[RequestRow]:
    """Every open request the user follows, the nearest deadline first (the start page and "Att göra")."""
    rows = _rows(user, requests_for_user(user).filter(handed_over_on__isnull=True), today=today)
    return sorted(rows, key=lambda row: (row.request.deadline, row.request.pk))


@dataclass(frozen=True)
class UnitRegister:
    unit: Unit
    open: list[RequestRow]
    answered: list[RequestRow]


ANSWERED_SHOWN = 50


def unit_register(*, user, unit: Unit, today: date) -> UnitRegister:
    """The unit's requests to the user's organisation: the open ones by deadline, then the latest answered."""
    mine = requests_for_user(user).filter(unit=unit)
    open_rows = _rows(user, mine.filter(handed_over_on__isnull=True), today=today)
    answered = _rows(user, mine.filter(handed_over_on__isnull=False).order_by("-handed_over_on", "-pk")[:ANSWERED_SHOWN], today=today)
    return UnitRegister(
        unit=unit,
        open=sorted(open_rows, key=lambda row: (row.request.deadline, row.request.pk)),
        answered=answered,
    )


def participant_requests(*, user, participant, today: date) -> list[RequestRow]:
    """This participant's requests to the user's organisation (the extract page), newest first."""
    return _rows(user, requests_for_user(user).filter(participant=participant).order_by("-received_on", "-pk"), today=today)


def requests_due(*, user, on: date, horizon: date, mine: bool) -> list[TodoItem]:
    """Att göra's register-extract requests (intake/selectors/todo.py, `add_kind`): every open
    request the user follows (`due_requests`; `mine`: those they handle), whatever the window,
    since each is at most a month from its deadline; only of participants the user may see now
    (the others are in the unit's register, by reference). Two queries."""
    items = []
    for row in due_requests(user, on):
        r = row.request
        if not row.visible or (mine and r.handled_by_id != user.pk):
            continue
        items.append(TodoItem(
            kind=EXTRACT_REQUEST, due_on=r.deadline, participant=r.participant,
            url=reverse("privacy:extract_request", kwargs={"pk": r.participant_id, "request_id": r.pk}),
            what=_("Register extract requested %(on)s: hand it over by %(deadline)s") % {
                "on": f"{r.received_on:%Y-%m-%d}", "deadline": f"{r.deadline:%Y-%m-%d}"},
            overdue=r.deadline < on,
        ))
    return items
