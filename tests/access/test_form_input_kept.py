"""Bad input keeps the user's work: every form of every page, submitted with what a hurried
user might type, either saves or comes back with every typed value in place and a message.

The pages are the GET pages of the access-matrix registry, each opened as one principal who may
see it (participant pages on the participant with full consent). Each POST form found there
(the same action and fields once) is filled in: every text field gets a typed value that is
wrong for a number or a date, selects get their first real option, checkboxes are ticked. The
answer is either the page again, which must hold each typed value in the field of the same name
and an error summary whose every link leads to a field with its message beside it, or a redirect
(saved, and rolled back): then the form is sent once more with its first field empty, and if that
comes back, the rest must be kept. Forms with a file field (the register import, tested in
tests/intake/test_import_views.py) and passwords (never echoed) are left out.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction

from tests.access.pages import get_pages

TEXT_TYPES = {"text", "search", "email", "tel", "url", "number", "date", "time", ""}


class Forms(HTMLParser):
    """The POST forms of a page: action, submitted fields, and which of them were typed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {"action": a.get("action", ""), "data": {}, "typed": {}, "file": False, "submit": None}
        form = self._form
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind == "file":
                form["file"] = True
            elif kind == "hidden":
                form["data"][name] = a.get("value", "")
            elif kind in ("checkbox", "radio"):
                form["data"].setdefault(name, a.get("value", "on"))
            elif kind == "submit":
                form["submit"] = form["submit"] or (name, a.get("value", ""))
            elif kind in TEXT_TYPES:
                form["typed"][name] = _typed(name, kind)
        elif tag == "button" and name and form["submit"] is None and a.get("type", "submit") == "submit":
            form["submit"] = (name, a.get("value", ""))
        elif tag == "textarea" and name:
            form["typed"][name] = _typed(name, "textarea")
        elif tag == "select" and name and "disabled" not in a:
            self._select = name
        elif tag == "option" and self._select and a.get("value"):
            form["data"].setdefault(self._select, a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def _typed(name: str, kind: str) -> str:
    """A value a person could type; a wrong one where the field wants a number or a date."""
    if kind == "number" or re.search(r"(antal|count|fte|amount|price|target|percent|share|months)", name):
        return "12,5x"
    if kind == "date" or re.search(r"(_on|date|datum|_at)$", name):
        return "2026-02-31"
    return f"Skrivet i {name} & <kvar>"


def _kept(body: str, name: str, value: str) -> bool:
    """The typed value is back in the field called `name` (an input's value or a textarea's text)."""
    escaped = re.escape(html.escape(value))
    field = re.escape(name)
    return bool(
        re.search(rf'<input[^>]*name="{field}"[^>]*value="{escaped}"', body)
        or re.search(rf'<input[^>]*value="{escaped}"[^>]*name="{field}"', body)
        or re.search(rf'<textarea[^>]*name="{field}"[^>]*>\s*{escaped}</textarea>', body)
    )


def _submit(client, action: str, form: dict, typed: dict):
    data = {**form["data"], **typed}
    if form["submit"]:
        data[form["submit"][0]] = form["submit"][1]
    with transaction.atomic():  # whatever is saved is rolled back: the next form sees the same world
        response = client.post(action, data)
        transaction.set_rollback(True)
    return response


def _check_answer(body: str, typed: dict, where: str, tally: Counter) -> list[str]:
    """What is wrong with a form that came back: no summary, a message not by its field, input lost."""
    if "data-error-summary" not in body:
        return [f"{where}: came back without an error summary"]
    problems = []
    summary = body.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    for field_id in re.findall(r'href="#([\w-]+)"', summary):
        # The summary links to the field, and the message stands next to it, tied to it by its id.
        if f'id="{field_id}"' in body and f'id="{field_id}_error"' in body:
            tally["messages"] += 1
        else:
            problems.append(f"{where}: no message next to #{field_id}")
    for name, value in typed.items():
        if value:
            tally["values"] += 1
            if not _kept(body, name, value):
                problems.append(f"{where}: lost what was typed in {name!r}")
    return problems


@pytest.mark.slow
def test_every_form_keeps_what_was_typed_or_saves(client, log_in_as, world):
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
        parser = Forms()
        parser.feed(page.content.decode())
        for form in parser.forms:
            action = urlsplit(urljoin(url, html.unescape(form["action"]) or url)).path
            key = (re.sub(r"\d+", "#", action), tuple(sorted(form["typed"])), tuple(sorted(form["data"])))
            if form["file"] or not form["typed"] or key in seen:
                continue
            seen.add(key)
            typed = dict(form["typed"])
            response = _submit(client, action, form, typed)
            if response.status_code == 302:
                tally["saved"] += 1
                if len(typed) > 1:  # saved as typed: again with the first field empty, to see it come back
                    typed[next(iter(typed))] = ""
                    response = _submit(client, action, form, typed)
            where = f"{action} (form on {url} as {user_key})"
            if response.status_code == 200:
                tally["back"] += 1
                problems += _check_answer(response.content.decode(), typed, where, tally)
            elif response.status_code != 302:
                problems.append(f"{where}: answered {response.status_code}")
    print(
        f"\nforms: {len(seen)}, {tally['saved']} saved as typed, {tally['back']} came back, "
        f"{tally['values']} typed values kept, {tally['messages']} messages next to their field"
    )
    assert tally["back"] > 20  # the crawl found the project's forms
    assert problems == []
