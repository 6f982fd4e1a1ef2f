"""No dead links: every link a page shows opens for the user who sees it.

A crawl through the demo data as one user of each role: from the home page, every link of every
page reached (pages of the project, downloads included; Django's admin and logging out left
out), at most two links of each shape (a path with its numbers taken out: the pages of two
participants stand for all of them). A link may answer 200, a download or a
redirect that is not to the login page; a 404 means the page offered something this user may
not open (a dead end, and a hint of what exists), a 500 is a bug. GETs change nothing but the
access log, so the crawl leaves the demo as it found it.
"""

from __future__ import annotations

import html
import re
from collections import Counter, deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

# One user of each role, and each party's case worker (docs/demo logins in README).
USERS = [
    "sthlm.af.vagledare", "sthlm.kv.vagledare", "sthlm.kommun.vagledare", "sthlm.samordnare",
    "sthlm.kv.styrgrupp", "sthlm.avtal", "thn.kommun.vagledare", "nsg", "admin",
]
VARIANTS_PER_SHAPE = 2
NUMBER = re.compile(r"\d+")
LINK = re.compile(r'<a\b[^>]*\bhref="([^"#]+)"')
LEFT_OUT = re.compile(r"^/(admin/|static/|konto/logga-ut/)")


def _links(page_url: str, body: str):
    for href in LINK.findall(body):
        parts = urlsplit(urljoin(page_url, html.unescape(href)))
        if parts.scheme in ("", "http") and parts.netloc in ("", "testserver") and not LEFT_OUT.match(parts.path):
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start: str = "/") -> tuple[int, list[str]]:
    """(pages opened, problems) of a breadth-first crawl from `start`."""
    login = reverse("krami:login")
    queue, found_on, variants, opened, problems = deque([start]), {start: "(start)"}, Counter(), 0, []
    while queue:
        url = queue.popleft()
        response = client.get(url)
        opened += 1
        status = response.status_code
        if status in (404, 500) or (status == 302 and response["Location"].startswith(login)):
            problems.append(f"{url} answered {status} (linked from {found_on[url]})")
            continue
        if status != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        for link in _links(url, response.content.decode()):
            shape = NUMBER.sub("#", link.split("?", 1)[0])
            if link in found_on or variants[shape] >= VARIANTS_PER_SHAPE:
                continue
            variants[shape] += 1
            found_on[link] = url
            queue.append(link)
    return opened, problems


@pytest.mark.parametrize("username", USERS)
def test_every_link_opens_for_the_user_who_sees_it(seeded, client, username):
    client.force_login(get_user_model().objects.get(username=username))
    opened, problems = crawl(client)
    print(f"\n{username}: {opened} links followed")
    assert opened > 1  # the crawl got past the home page
    assert problems == []
