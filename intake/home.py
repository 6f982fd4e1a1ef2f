"""The case worker's week on the home page, and the intake menu entry."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.selectors.agenda import HomeReads, week_agenda
from intake.selectors.todo import BOOKING_WINDOW, Kind, TodoList, awaiting_in_units, todo_list
from krami import home, navigation
from krami.models import CASEWORK_ROLES, Role
from participants.access import log_list

navigation.register(order=5, label=_("To do"), url_name="intake:todo", roles=CASEWORK_ROLES)
navigation.register(order=20, label=_("Intake"), url_name="intake:overview", roles=CASEWORK_ROLES)
navigation.register(order=22, label=_("Import a register"), url_name="intake:imports", roles={Role.SAMORDNARE})


TODO_LIMIT = 5  # per kind on the home page; the page "Att göra" has them all


def _todo(request) -> TodoList:
    """The user's to-do list of today, read once per request: the week on the same page takes its
    own follow-ups and drug tests from it (two statements fewer), and both take the people waiting
    for the team's assessment from one read (the week's all of the units', the list the user's
    own), the interviews from one read and the no-shows with the drug tests (`HomeReads`, two
    fewer again). Its window (DEFAULT_WINDOW, 14 days) covers the week (tests/intake/test_query_counts.py)."""
    todo = getattr(request, "_krami_todo", None)
    if todo is None:
        on = timezone.localdate()
        request._krami_awaiting = awaiting_in_units(request.user)
        request._krami_reads = HomeReads.read(user=request.user, on=on, horizon=on + timedelta(days=BOOKING_WINDOW))
        todo = request._krami_todo = todo_list(
            user=request.user, on=on, awaiting=request._krami_awaiting, reads=request._krami_reads
        )
    return todo


@home.register(order=5, template="intake/home_section.html")
def this_week(request, access):
    """Interviews, assessments for the team meeting, group starts, follow-ups due, missing drug-test results."""
    if not access.is_caseworker:
        return None
    todo = _todo(request)
    agenda = week_agenda(user=request.user, on=todo.on, follow_ups=todo.records(Kind.FOLLOW_UP),
                         drug_tests=todo.records(Kind.DRUG_TEST), to_assess=request._krami_awaiting,
                         reads=request._krami_reads)
    log_list(request, agenda["people"])
    return agenda


@home.register(order=1, template="intake/home_todo.html")
def to_do(request, access):
    """First on a case worker's start page: what is due on their own cases (issue 16, item 3)."""
    if not access.is_caseworker:
        return None
    todo = _todo(request)
    log_list(request, todo.people)
    return {"todo": todo, "limit": f":{TODO_LIMIT}"}
