""""Att göra": what is due for a case worker (issue 16, item 3).

Each kind of item is one query, started from `visible_participants` (drug tests from
`drug_tests_visible_in`, which adds the HEALTH category's rules), so the lists hold only people
the user may see and only the categories released to them, and the number of queries does not
grow with the rows. Reminders are their author's alone (participants/authority.py).

Windows (issue 16): follow-ups due within 14 days and overdue; praktik and employment ending
within 14 days; consents ending within 30 days; interviews and meetings booked for today and
tomorrow (and earlier bookings whose outcome is still missing); drug-test results missing;
applicants waiting for the team's assessment; the user's own reminders due within 14 days. The
page can widen or narrow the window; consents always look at least 30 days ahead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intake.access import drug_tests_visible_in
from intake.models import AttendanceState, FollowUp, Interview, InterviewStatus, MeetingAttendance
from intake.selectors.agenda import HomeReads, awaiting_assessment, result_to_record
from krami.access import user_access
from krami.models import CASEWORK_ROLES, Role
from participants.access import visible_participants
from participants.models import Consent, Employment, Internship, Participant, Reminder


class Kind:
    FOLLOW_UP = "follow_up"
    PROGRAMME_END = "programme_end"
    CONSENT_END = "consent_end"
    BOOKING = "booking"
    DRUG_TEST = "drug_test"
    ASSESSMENT = "assessment"
    REMINDER = "reminder"


KIND_LABELS = {
    Kind.FOLLOW_UP: _("Follow-ups"),
    Kind.PROGRAMME_END: _("Internships and employment ending"),
    Kind.CONSENT_END: _("Consents ending"),
    Kind.BOOKING: _("Interviews and information meetings booked"),
    Kind.DRUG_TEST: _("Drug-test results missing"),
    Kind.ASSESSMENT: _("Waiting for the team's assessment"),
    Kind.REMINDER: _("Your reminders"),
}
KINDS = tuple(KIND_LABELS)
# Kinds that an app after intake adds (privacy: register-extract requests), since intake may not
# import it (docs/architecture.md): kind -> source(user=, on=, horizon=, mine=) -> [TodoItem].
ADDED_SOURCES: dict[str, Callable[..., list]] = {}


def add_kind(kind: str, label, source: Callable[..., list]) -> None:
    """Another app's kind of item, listed after intake's own (called from its AppConfig.ready)."""
    KIND_LABELS[kind] = label
    ADDED_SOURCES[kind] = source


def all_kinds() -> tuple[str, ...]:
    return tuple(KIND_LABELS)

DEFAULT_WINDOW = 14  # days ahead: follow-ups, praktik and employment, reminders
CONSENT_WINDOW = 30
BOOKING_WINDOW = 1  # today and tomorrow
WINDOWS = (1, 7, 14, 30)


class Scope:
    MINE = "mine"
    TEAM = "team"


@dataclass(frozen=True)
class TodoItem:
    kind: str
    due_on: date | None  # None: no date of its own (a missing result, an assessment to come)
    participant: Participant
    url: str
    what: str
    overdue: bool = False
    record: object = field(default=None, compare=False, repr=False)  # the follow-up, test, … it is about

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass
class TodoList:
    on: date
    items: list[TodoItem] = field(default_factory=list)

    def of(self, kind: str) -> list[TodoItem]:
        return [i for i in self.items if i.kind == kind]

    def records(self, kind: str) -> list:
        """The follow-ups, drug tests, … behind the items of `kind`, in the list's order."""
        return [i.record for i in self.of(kind)]

    @property
    def counts(self) -> dict[str, int]:
        """Items per kind, every kind present (the digest's e-mail is these numbers)."""
        found = Counter(i.kind for i in self.items)
        return {kind: found.get(kind, 0) for kind in all_kinds()}

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.overdue)

    @property
    def people(self) -> list[Participant]:
        return list({i.participant.pk: i.participant for i in self.items}.values())

    def groups(self) -> list[dict]:
        return [{"kind": k, "label": KIND_LABELS[k], "items": self.of(k)} for k in all_kinds() if self.of(k)]


def _detail(participant_id: int, anchor: str) -> str:
    return reverse("participants:detail", kwargs={"pk": participant_id}) + f"#{anchor}"


def _follow_ups(seen, on, horizon):
    rows = (
        FollowUp.objects.filter(result="", due_on__lte=horizon, episode__participant__in=seen)
        .select_related("episode__participant").order_by("due_on", "pk")
    )
    for f in rows:
        p = f.episode.participant
        yield TodoItem(
            Kind.FOLLOW_UP, f.due_on, p, reverse("intake:followup_record", kwargs={"pk": p.pk, "followup_id": f.pk}),
            _("%(months)s-month follow-up") % {"months": f.months}, overdue=f.due_on < on, record=f,
        )


def _programme_ends(seen, on, horizon):
    internships = (
        Internship.objects.filter(participant__in=seen, actual_end_date__isnull=True, planned_end_date__lte=horizon)
        .select_related("participant", "employer").order_by("planned_end_date", "pk")
    )
    for i in internships:
        yield TodoItem(
            Kind.PROGRAMME_END, i.planned_end_date, i.participant, _detail(i.participant_id, "programme"),
            _("Internship at %(employer)s ends") % {"employer": i.employer}, overdue=i.planned_end_date < on,
        )
    employments = (
        Employment.objects.filter(participant__in=seen, end_date__range=(on, horizon))
        .select_related("participant", "employer").order_by("end_date", "pk")
    )
    for e in employments:
        yield TodoItem(
            Kind.PROGRAMME_END, e.end_date, e.participant, _detail(e.participant_id, "programme"),
            _("Employment at %(employer)s ends") % {"employer": e.employer},
        )


def _consent_ends(seen, on, horizon):
    consents = (
        Consent.objects.filter(participant__in=seen, withdrawn_at__isnull=True, valid_until__range=(on, horizon))
        .select_related("participant", "releasing_organisation").order_by("valid_until", "pk")
    )
    for c in consents:
        yield TodoItem(
            Kind.CONSENT_END, c.valid_until, c.participant, _detail(c.participant_id, "consent"),
            _("Consent from %(party)s ends") % {"party": c.releasing_organisation},
        )


def _bookings(seen, on, horizon, *, user, mine: bool, interviews: list | None = None):
    if interviews is None:
        interviews = Interview.objects.filter(participant__in=seen, status=InterviewStatus.BOOKED, held_on__lte=horizon)
        if mine:
            interviews = interviews.filter(Q(interviewer=user) | Q(participant__handler=user))
        interviews = interviews.select_related("participant").order_by("held_on", "starts_at", "pk")
    for i in interviews:
        at = f" {i.starts_at:%H:%M}" if i.starts_at else ""
        yield TodoItem(
            Kind.BOOKING, i.held_on, i.participant,
            reverse("intake:interview_outcome", kwargs={"pk": i.participant_id, "interview_id": i.pk}),
            (_("Interview%(at)s") % {"at": at}) if i.held_on >= on else _("Interview held? Record the outcome"),
            overdue=i.held_on < on,
        )
    bookings = MeetingAttendance.objects.filter(
        participant__in=seen, state=AttendanceState.BOOKED, meeting__held_on__lte=horizon
    )
    if mine:
        bookings = bookings.filter(participant__handler=user)
    for a in bookings.select_related("participant", "meeting").order_by("meeting__held_on", "meeting__starts_at", "pk"):
        meeting = a.meeting
        yield TodoItem(
            Kind.BOOKING, meeting.held_on, a.participant, reverse("intake:meeting_detail", kwargs={"pk": meeting.pk}),
            (_("Information meeting %(at)s") % {"at": f"{meeting.starts_at:%H:%M}"}) if meeting.held_on >= on
            else _("Came to the information meeting? Record it"),
            overdue=meeting.held_on < on,
        )


def _drug_tests(user, unit_ids, *, mine: bool, tests: list | None = None):
    if tests is None:
        tests = (
            drug_tests_visible_in(user, unit_ids).filter(result_to_record(user, mine=mine))
            .select_related("participant").order_by("referred_on", "pk")
        )
    for t in tests:
        yield TodoItem(
            Kind.DRUG_TEST, t.referred_on, t.participant,
            reverse("intake:drugtest_result", kwargs={"pk": t.participant_id, "test_id": t.pk}),
            _("Result of the drug test referred on this day"), record=t,
        )


def _to_assess(people):
    for p in people:
        yield TodoItem(
            Kind.ASSESSMENT, p.last_interview, p, reverse("intake:assessment_create", kwargs={"pk": p.pk}),
            _("Interviewed on this day; for the team meeting"),
        )


def _reminders(user, seen, on, horizon):
    rows = (
        Reminder.objects.filter(author=user, done_on__isnull=True, due_on__lte=horizon, participant__in=seen)
        .select_related("participant").order_by("due_on", "pk")
    )
    for r in rows:
        yield TodoItem(
            Kind.REMINDER, r.due_on, r.participant,
            reverse("participants:reminder_edit", kwargs={"pk": r.participant_id, "reminder_id": r.pk}),
            r.text, overdue=r.due_on < on,
        )


def awaiting_in_units(user) -> list[Participant]:
    """Everyone of the user's units they may see who waits for the team's assessment, in the
    order the lists show them (the home page reads it once for the to-do list and the week)."""
    unit_ids = user_access(user).unit_ids(*CASEWORK_ROLES)
    return list(awaiting_assessment(visible_participants(user).filter(unit_id__in=unit_ids)).order_by("last_interview", "pk"))


def todo_list(
    *, user, on: date, scope: str = Scope.MINE, window: int | None = None, kinds=None, awaiting: list | None = None,
    reads: HomeReads | None = None,
) -> TodoList:
    """What is due for `user` on `on`: their own cases (`scope` MINE) or every case of their units
    they may see (TEAM). `window`: days ahead (None: the defaults of the module docstring);
    `kinds`: only these kinds (None: all); `awaiting`: `awaiting_in_units(user)` if already read;
    `reads`: the bookings and drug tests read with the week's (the home page; own cases, the
    default window). One query per kind."""
    unit_ids = user_access(user).unit_ids(*CASEWORK_ROLES)
    seen = visible_participants(user).filter(unit_id__in=unit_ids)
    mine = scope != Scope.TEAM
    assert reads is None or (mine and window is None and reads.on == on), "the home page's reads are of its own list"
    if mine:
        seen = seen.filter(handler=user)
    ahead = window if window is not None else DEFAULT_WINDOW
    horizon = on + timedelta(days=ahead)
    wanted = set(kinds or all_kinds())
    result = TodoList(on=on)
    sources = {
        Kind.FOLLOW_UP: lambda: _follow_ups(seen, on, horizon),
        Kind.PROGRAMME_END: lambda: _programme_ends(seen, on, horizon),
        Kind.CONSENT_END: lambda: _consent_ends(seen, on, on + timedelta(days=max(ahead, CONSENT_WINDOW))),
        Kind.BOOKING: lambda: _bookings(
            visible_participants(user).filter(unit_id__in=unit_ids), on,
            on + timedelta(days=BOOKING_WINDOW if window is None else window), user=user, mine=mine,
            interviews=reads.bookings() if reads else None,
        ),
        Kind.DRUG_TEST: lambda: _drug_tests(user, unit_ids, mine=mine, tests=reads.results_to_record() if reads else None),
        Kind.ASSESSMENT: lambda: _to_assess(
            awaiting_assessment(seen).order_by("last_interview", "pk") if awaiting is None
            else [p for p in awaiting if not mine or p.handler_id == user.pk]
        ),
        Kind.REMINDER: lambda: _reminders(user, visible_participants(user).filter(unit_id__in=unit_ids), on, horizon),
    }
    for kind, source in ADDED_SOURCES.items():
        sources[kind] = lambda source=source: source(user=user, on=on, horizon=horizon, mine=mine)
    for kind in all_kinds():
        if kind in wanted:
            result.items.extend(sources[kind]())
    return result


@dataclass(frozen=True)
class OverdueRow:
    handler: object
    follow_ups: int
    bookings: int
    internships: int

    @property
    def total(self) -> int:
        return self.follow_ups + self.bookings + self.internships


def overdue_by_case_worker(*, user, on: date) -> list[OverdueRow] | None:
    """For a unit coordinator: per case worker, what is overdue on the cases the coordinator may see
    (follow-ups past due, bookings whose outcome is missing, internships past their planned end).
    None for anyone else. Four queries, whatever the number of case workers."""
    access = user_access(user)
    unit_ids = access.unit_ids(Role.SAMORDNARE)
    if not unit_ids:
        return None
    seen = visible_participants(user).filter(unit_id__in=unit_ids)

    def per_handler(qs, path: str) -> dict[int, int]:
        return dict(qs.values_list(path).annotate(n=Count("pk")).values_list(path, "n").order_by())

    follow_ups = per_handler(
        FollowUp.objects.filter(result="", due_on__lt=on, episode__participant__in=seen), "episode__participant__handler"
    )
    bookings = Counter(per_handler(
        Interview.objects.filter(status=InterviewStatus.BOOKED, held_on__lt=on, participant__in=seen), "participant__handler"
    ))
    bookings.update(per_handler(
        MeetingAttendance.objects.filter(state=AttendanceState.BOOKED, meeting__held_on__lt=on, participant__in=seen),
        "participant__handler",
    ))
    internships = per_handler(
        Internship.objects.filter(actual_end_date__isnull=True, planned_end_date__lt=on, participant__in=seen),
        "participant__handler",
    )
    ids = set(follow_ups) | set(bookings) | set(internships)
    handlers = get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")
    return [
        OverdueRow(h, follow_ups.get(h.pk, 0), bookings.get(h.pk, 0), internships.get(h.pk, 0)) for h in handlers
    ]
