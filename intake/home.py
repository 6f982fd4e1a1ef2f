"""The case worker's week on the home page, and the intake menu entry."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.selectors.agenda import week_agenda
from krami import home, navigation
from krami.models import CASEWORK_ROLES
from participants.access import log_list

navigation.register(order=20, label=_("Intake"), url_name="intake:overview", roles=CASEWORK_ROLES)


@home.register(order=5, template="intake/home_section.html")
def this_week(request, access):
    """Interviews, assessments for the team meeting, group starts, follow-ups due, missing drug-test results."""
    if not access.is_caseworker:
        return None
    agenda = week_agenda(user=request.user, on=timezone.localdate())
    log_list(request, agenda["people"])
    return agenda
