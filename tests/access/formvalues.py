"""What a browser would send if the user pressed a form's button without changing anything.

The write matrix (tests/access/test_write_matrix.py) submits many forms whose fields are formsets
or depend on the record; reading the rendered form keeps the test independent of their field
names, and `fill` sets the few values a case must choose.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

VALUED_TYPES = {"text", "hidden", "number", "date", "time", "month", "week", "datetime-local", "email", "tel", "url", "search", ""}


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._select_first = None
        self._select_chosen = False
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {"action": a.get("action", ""), "fields": []}
        form = self._form
        if form is None:
            return
        if tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None and value:
                self._select_first = value
            if "selected" in a:
                form["fields"].append((self._select, value))
                self._select_chosen = True
            return
        name = a.get("name")
        if not name or "disabled" in a:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in VALUED_TYPES:
                form["fields"].append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio") and "checked" in a:
                form["fields"].append((name, a.get("value", "on")))
        elif tag == "textarea":
            self._textarea = [name, ""]
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = name, None, False

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select and self._form is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form["fields"].append((self._select, self._select_first))
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def form_data(html: str, page_url: str, *, action: str | None = None, fill: dict | None = None) -> dict:
    """The fields of the page's POST form that posts to `action` (default: the page itself), as
    `client.post` takes them (repeated names as lists), with `fill` replacing or adding values."""
    parser = _Forms()
    parser.feed(html)
    target = action or urlsplit(page_url).path
    for form in parser.forms:
        if urlsplit(urljoin(page_url, form["action"] or page_url)).path == target:
            data: dict = {}
            for name, value in form["fields"]:
                if name in data:
                    data[name] = [*data[name], value] if isinstance(data[name], list) else [data[name], value]
                else:
                    data[name] = value
            data.pop("csrfmiddlewaretoken", None)
            data.update(fill or {})
            return data
    raise AssertionError(f"no POST form to {target} on {page_url}")
