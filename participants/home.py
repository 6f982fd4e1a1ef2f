"""Home-page section and navigation entries of the participant register."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from krami import home, navigation
from krami.models import CASEWORK_ROLES
from participants.access import log_list, visible_participants
from participants.models import OPEN_PHASES

navigation.register(order=10, label=_("Participants"), url_name="participants:list", roles=CASEWORK_ROLES)
navigation.register(order=12, label=_("Team"), url_name="participants:team", roles=CASEWORK_ROLES)
navigation.register(order=14, label=_("Employers"), url_name="participants:employer_list", roles=CASEWORK_ROLES)
navigation.register_search(url_name="participants:search", label=_("Find a participant"), roles=CASEWORK_ROLES)

MY_LIST_LIMIT = 50


@home.register(order=10, template="participants/home_section.html")
def my_participants(request, access):
    """The case worker's own open cases, by phase."""
    if not access.is_caseworker:
        return None
    mine = visible_participants(request.user).filter(handler=request.user, phase__in=OPEN_PHASES)
    # One row more than the list shows: when they all fit, they are their own count (issue 19).
    rows = list(mine.select_related("unit").order_by("phase", "last_name", "first_name")[:MY_LIST_LIMIT + 1])
    if len(rows) > MY_LIST_LIMIT:
        counts = dict(mine.values_list("phase").annotate(n=Count("pk")).values_list("phase", "n"))
        rows = rows[:MY_LIST_LIMIT]
    else:
        counts = Counter(p.phase for p in rows)
    log_list(request, rows)
    by_phase = [
        {"phase": phase, "count": counts.get(phase, 0), "rows": [p for p in rows if p.phase == phase]}
        for phase in OPEN_PHASES
    ]
    return {"by_phase": by_phase, "total": sum(counts.values()), "limit": MY_LIST_LIMIT}
