"""Every page of every role passes axe-core (WCAG 2.0/2.1 A and AA), reflows at 200 % and 400 % zoom,
and follows the house rules (one h1, an intro, captions, hints and errors linked to fields).

The pages come from the URL configuration through the access-matrix registry
(tests/browser/pages.py), so a new page is checked as soon as it has an access-matrix case.
Each page is also driven into its other states: its own form submitted empty (errors) and its
filter forms submitted so that nothing matches (empty state, or a filter error).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template import loader
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

from krami.errors import server_error
from tests.browser.a11y import (
    ZOOM_200,
    ZOOM_400,
    axe_problems,
    convention_problems,
    form_problems,
    reflow_problems,
    structure_signature,
)
from tests.browser.conftest import log_in_with_session, open_page
from tests.browser.form_variants import filter_forms, submit_filter_form_to_nothing, submit_own_form_empty
from tests.browser.pages import ANONYMOUS, PRINCIPALS, PagePlan
from tests.fixtures import build_world

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


# Markup already run through axe and the reflow check by this test process (structure_signature),
# shared by the shards a process runs, so that splitting the crawl finer does not run axe on more
# states: each distinct state of the run is still checked at least once.
CHECKED_SIGNATURES: set[str] = set()


class Checker:
    """Runs every check on the page as it is now and collects the problems."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.problems: list[str] = []
        self.checked: list[str] = []
        self.same_as_checked: list[str] = []
        self.documents: list[str] = []

    def check(self, label: str, *, conventions: bool = True, after_submit: bool = False) -> None:
        signature = structure_signature(self.page)
        if signature in CHECKED_SIGNATURES:
            self.same_as_checked.append(label)
        else:
            CHECKED_SIGNATURES.add(signature)
            self.checked.append(label)
            self.problems += axe_problems(self.page, label)
            self.problems += reflow_problems(self.page, label, ZOOM_200, ZOOM_400)
        self.problems += form_problems(self.page, label, after_submit=after_submit)
        if conventions:
            self.problems += convention_problems(self.page, label)

    def visit(self, url: str, label: str) -> bool:
        response = open_page(self.page, url)
        if response is None:  # a file the browser downloads (the agreement PDF): not a page of ours
            self.documents.append(label)
            return False
        if response.status >= 400:
            self.problems.append(f"{label}: answered {response.status}")
            return False
        if not response.headers.get("content-type", "").startswith("text/html"):
            # A document (the agreement PDF) shown in the browser's viewer, not a page of ours.
            self.documents.append(label)
            return False
        login_path = reverse("krami:login")
        if self.page.url.startswith(f"{self.base_url}{login_path}") and not url.startswith(f"{self.base_url}{login_path}"):
            self.problems.append(f"{label}: sent to the login page (the visit was not logged in)")
            return False
        self.check(label)
        return True

    def variants(self, url: str, label: str) -> None:
        """The page's form with errors, and each filter form filtered to nothing."""
        if submit_own_form_empty(self.page):
            stayed = self.page.url.split("?")[0].endswith(url.split("?")[0])
            self.check(f"{label} – form submitted empty", after_submit=stayed)
        for index in range(filter_forms(self.page)):
            self.page.goto(url)
            submit_filter_form_to_nothing(self.page, index)
            self.check(f"{label} – filter form {index + 1} matching nothing")


def _error_page(render, status: int):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return status, render(request).content


def _fulfil(status: int, body: bytes):
    return lambda route: route.fulfill(status=status, body=body, content_type="text/html; charset=utf-8")


def _check_error_templates(checker: Checker, page, base_url: str) -> None:
    """403, 500 and 503 cannot be reached by a normal request: serve the real templates at a fake URL."""
    pages = {
        "403": _error_page(lambda r: defaults.permission_denied(r, PermissionDenied()), 403),
        "500": _error_page(server_error, 500),
        "503": _error_page(lambda r: HttpResponse(loader.get_template("503.html").render(), status=503), 503),
    }
    for name, (status, body) in pages.items():
        url = f"{base_url}/__a11y__/{name}/"
        page.route(url, _fulfil(status, body))
        page.goto(url)
        checker.check(f"template {name}.html", conventions=name == "403")  # 500/503 are plain, without the site's frame
        page.unroute(url)


def _check_lockout(checker: Checker, page, base_url: str) -> None:
    for _attempt in range(5):
        page.goto(f"{base_url}/konto/logga-in/")
        page.fill("#id_username", "laast-konto")
        page.fill("#id_password", "fel-losenord-0000")
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
    checker.check("registration/locked_out.html after five wrong passwords")


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected as an inline script, which the site's Content-Security-Policy forbids.
    return {**browser_context_args, "bypass_csp": True}


# The crawl is split by page into shards so that the two test workers share it (pytest-xdist) and
# end together: about 30 s each on the CI machine.
SHARDS = 6


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_page_of_every_role_is_accessible(page, live_server, shard):
    world = build_world()
    plan = PagePlan(world)
    planned = {principal: plan.visits_for(principal) for principal in PRINCIPALS}
    case_keys = sorted({visit.case_key for visits in planned.values() for visit in visits})
    mine = set(case_keys[shard::SHARDS])
    checker = Checker(page, live_server.url)
    with_variants: set[str] = set()
    visits = []
    for principal in PRINCIPALS:
        todo = [visit for visit in planned[principal] if visit.case_key in mine]
        if not todo and not (shard == 0 and principal == "kommun_vagledare"):
            continue
        page.context.clear_cookies()
        if principal is not ANONYMOUS:
            log_in_with_session(page, live_server, world.users[principal])
        for visit in todo:
            visits.append(visit)
            if checker.visit(live_server.url + visit.url, visit.label) and visit.case_key not in with_variants:
                with_variants.add(visit.case_key)
                checker.variants(live_server.url + visit.url, visit.label)
        if shard == 0 and principal == "kommun_vagledare":
            page.goto(f"{live_server.url}/deltagare/0/")
            checker.check("404 page (a participant outside one's reach)")
    page.context.clear_cookies()
    if shard == SHARDS - 1:
        _check_error_templates(checker, page, live_server.url)
        _check_lockout(checker, page, live_server.url)
    pairs = {(v.case_key, v.principal) for v in visits}
    print(
        f"\naccessibility shard {shard + 1}/{SHARDS}: {len(mine)} of {len(case_keys)} pages, {len(pairs)} page × role "
        f"pairs, {len(visits)} visits, {len(checker.checked) + len(checker.same_as_checked) - len(visits)} more states "
        f"(forms with errors, empty filters, error pages); {len(checker.checked)} distinct states run through "
        f"axe, {len(checker.same_as_checked)} had the same markup as one of them (or as one this process checked before)"
    )
    assert mine and visits, "this shard checked no page"
    assert not checker.problems, f"{len(checker.problems)} accessibility problems:\n" + "\n".join(checker.problems)
