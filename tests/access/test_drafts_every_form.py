"""Nothing typed is lost, for every form (issue 15, item 7): every POST form of every page of the
access-matrix registry is filled in, sent after the idle limit has ended the session, and after
logging in again its page must show every typed value back in its field (krami/drafts.py, the
server's half; the browser's half is tests/browser/test_drafts.py). A new form is covered without
anyone touching this test.

Each form is filled in as on its page (the rendered values), with a value of its own in each text
field, date field and text area; it is sent with the page as Referer, as a browser does. Forms with
a password or file field are left out (never kept).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from html.parser import HTMLParser
from importlib import import_module
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import transaction

from krami.middleware import SESSION_SEEN_AT
from tests.access.formvalues import form_data
from tests.access.pages import get_pages

TYPED = {"text", "search", "email", "tel", "url", "number", "date", ""}


class _Fields(HTMLParser):
    """The POST forms of a page: action, typed fields, and every field's value(s) as shown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {"action": a.get("action", ""), "typed": [], "values": {}, "secret": False}
        form = self._form
        if form is None or not a.get("name") or "disabled" in a:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("password", "file") or a.get("autocomplete") == "one-time-code":
                form["secret"] = True
            elif kind in TYPED:
                form["typed"].append(a["name"])
                form["values"].setdefault(a["name"], []).append(a.get("value", ""))
        elif tag == "textarea":
            form["typed"].append(a["name"])
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            self._form["values"].setdefault(name, []).append(text.strip())
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def _forms(html: str) -> list[dict]:
    parser = _Fields()
    parser.feed(html)
    return parser.forms


def _idle(client) -> None:
    session = import_module(settings.SESSION_ENGINE).SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value)
    session[SESSION_SEEN_AT] = time.time() - settings.SESSION_IDLE_TIMEOUT.total_seconds() - 5
    session.save()


@pytest.mark.slow
def test_every_form_sent_after_the_idle_limit_is_filled_in_again_after_logging_in(client, log_in_as, world):
    seen: set[tuple] = set()
    tally: Counter = Counter()
    problems: list[str] = []
    for url, case, user_key in get_pages(world):
        if case.kind == "public" or user_key is None:
            continue
        log_in_as(user_key)
        page = client.get(url)
        if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html"):
            continue
        html = page.content.decode()
        for fields in _forms(html):
            action = urlsplit(urljoin(url, fields["action"] or url)).path
            key = (re.sub(r"\d+", "#", action), tuple(sorted(fields["typed"])))
            if fields["secret"] or not fields["typed"] or key in seen:
                continue
            seen.add(key)
            typed = {name: f"utkast{len(seen)}x{i}" for i, name in enumerate(dict.fromkeys(fields["typed"]))}
            data = {**form_data(html, url, action=action), **typed}
            with transaction.atomic():  # the logout, the draft and the new login are undone for the next form
                log_in_as(user_key)
                _idle(client)
                sent = client.post(action, data, HTTP_REFERER=f"http://testserver{url}")
                client.force_login(world.users[user_key])
                again = client.get(url).content.decode()
                transaction.set_rollback(True)
            tally["forms"] += 1
            tally["values typed"] += len(typed)
            if not (sent.status_code == 302 and sent["Location"].startswith("/konto/logga-in/?next=")):
                problems.append(f"{action} as {user_key}: the idle POST answered {sent.status_code}")
                continue
            shown = {name: values for form in _forms(again) for name, values in form["values"].items()}
            missing = [name for name, value in typed.items() if value not in shown.get(name, [])]
            tally["values back"] += len(typed) - len(missing)
            tally["forms filled in again"] += not missing
            if missing:
                problems.append(f"{action} on {url} as {user_key}: {', '.join(missing)} not filled in again")
    print(f"\ndrafts: {dict(tally)}")
    assert tally["forms"] >= 30  # the crawl reached the project's forms
    assert problems == []
