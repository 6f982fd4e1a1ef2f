"""Every page of the project, per principal, derived from the access-matrix registry.

The browser checks (axe, reflow, intro text) visit what this module lists, so a page added
with a URL pattern and an access-matrix case (tests/<app>/access_cases.py) is checked without
anyone touching the browser tests. A principal visits exactly the GET URLs the registry says it
may open; participant URLs are visited for every consent state the first time (empty and full
sections render differently) and in one state for each further principal.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from tests.access.registry import CASES, Case, may_open
from tests.access.test_matrix import USER_KEYS, url_names
from tests.fixtures import CONSENT_STATES, World

ANONYMOUS = None
PRINCIPALS = [ANONYMOUS, *USER_KEYS]
# Downloads are files, not pages: a spreadsheet cannot be opened in the browser, and a PDF shows in
# the browser's own viewer (the meeting pack's accessibility is that of its HTML, checked as the dashboard).
DOWNLOADS = (".csv", ".xlsx", "motespaket.pdf")
# Files, not pages: the JSON is downloaded and the PDF opens in the browser's viewer, which axe
# cannot judge. Their access and content are checked by tests/access/test_matrix.py,
# tests/access/test_field_leaks.py and tests/privacy/test_extract.py (the calendar files: tests/intake/test_bookings.py).
DATA_FILES = {"privacy:extract_json", "privacy:extract_pdf", "intake:meeting_booking_ics", "intake:interview_ics"}
# Not pages either: the operators' probes (plain text, JSON, Prometheus text; docs/operations.md) and
# the SAML endpoints the identity provider talks to (XML, or 400 without a SAML message). Their access
# is checked by the matrix, their answers by tests/krami/test_health.py and tests/krami/federation/.
DATA_FILES |= {"krami:healthz", "krami:readyz", "krami:metrics", "saml2:metadata", "saml2:ls"}
# Nor is the start of a federated sign-in: it sends the browser to the identity provider, or without
# one to the login page (tests/krami/federation/ follows it through a real provider).
DATA_FILES |= {"saml2:login"}
# The state shown to principals after the first: the one with the most sections.
PREFERRED_STATE = "consent_all"


@dataclass(frozen=True)
class Visit:
    url: str
    case_key: str
    principal: str | None
    detail: str = ""

    @property
    def label(self) -> str:
        who = self.principal or "anonymous"
        detail = f" [{self.detail}]" if self.detail else ""
        return f"{self.case_key}{detail} as {who} ({self.url})"


def get_cases() -> dict[str, Case]:
    """The registered GET cases of URLs that exist (POST-only URLs are reached through forms)."""
    existing = url_names()
    return {
        key: case
        for key, case in sorted(CASES.items())
        if case.method == "GET" and key.split("[", 1)[0] in existing and key.split("[", 1)[0] not in DATA_FILES
    }


class PagePlan:
    """Works out the visits; remembers which cases were already seen in every state."""

    def __init__(self, world: World):
        self.world = world
        self.cases = get_cases()
        self._scoped_urls: dict[str, str] = {}
        self._fully_covered: set[str] = set()

    def visits_for(self, principal: str | None) -> list[Visit]:
        visits: list[Visit] = []
        for key, case in self.cases.items():
            if case.kind == "public":
                if principal is ANONYMOUS:
                    visits.append(Visit(self._scoped_url(key, case), key, principal))
            elif principal is ANONYMOUS:
                continue
            elif case.kind == "scoped":
                if case.allowed(self.world, principal) and not self._scoped_url(key, case).endswith(DOWNLOADS):
                    visits.append(Visit(self._scoped_url(key, case), key, principal))
            else:
                visits.extend(self._participant_visits(key, case, principal))
        return visits

    def _scoped_url(self, key: str, case: Case) -> str:
        # kwargs() may create objects; build each URL once.
        if key not in self._scoped_urls:
            kwargs = case.kwargs(self.world) if case.kwargs else {}
            self._scoped_urls[key] = reverse(key.split("[", 1)[0], kwargs=kwargs)
        return self._scoped_urls[key]

    def _participant_visits(self, key: str, case: Case, principal: str) -> list[Visit]:
        states = [s for s in CONSENT_STATES if may_open(case, self.world, principal, s)]
        if not states:
            return []
        if key in self._fully_covered:
            states = [PREFERRED_STATE if PREFERRED_STATE in states else states[0]]
        else:
            self._fully_covered.add(key)
        url_name = key.split("[", 1)[0]
        visits = []
        for state in states:
            kwargs = case.kwargs(self.world, self.world.participants[state])
            if kwargs is not None:
                visits.append(Visit(reverse(url_name, kwargs=kwargs), key, principal, state))
        return visits
