"""Fill in and submit forms the way a browser does: read the page's form, change fields, post it."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser


class _FormReader(HTMLParser):
    """The values a browser would submit from the first POST form on the page."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self.in_form = self.done = False
        self.select = self.textarea = None
        self.option_value = None
        self.select_first: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and (a.get("method") or "").lower() == "post" and not a.get("action"):
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.values.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "button"):
                self.values.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select" and name:
            self.select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self.select:
            value = a.get("value", "")
            self.select_first.setdefault(self.select, value)
            if "selected" in a:
                self.values[self.select].append(value)
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = [""]

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            if not self.values[self.select]:
                self.values[self.select] = [self.select_first.get(self.select, "")]
            self.select = None
        elif tag == "textarea":
            if self.textarea:
                self.values[self.textarea][0] = self.values[self.textarea][0].lstrip("\n")
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def form_values(html: str) -> dict[str, list[str]]:
    reader = _FormReader()
    reader.feed(html)
    return reader.values


def submit(client, url: str, changes: dict | None = None, *, follow: bool = False):
    """GET `url`, apply `changes` (value, list of values, or None to untick/clear), POST the form back."""
    page = client.get(url)
    assert page.status_code == 200, f"GET {url} gave {page.status_code}"
    data = form_values(page.content.decode())
    for name, value in (changes or {}).items():
        if value is None:
            data.pop(name, None)
        elif isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        else:
            data[name] = [str(value)]
    return client.post(url, data, follow=follow)


def formset_row(prefix: str, index: int, **fields) -> dict:
    return {f"{prefix}-{index}-{name}": value for name, value in fields.items()}


def error_next_to(html: str, field_id: str, message: str) -> bool:
    """True when `message` is shown in the same field block as the input `field_id` (not only in a summary)."""
    for chunk in html.split('<div class="field')[1:]:
        if f'id="{field_id}"' in chunk.split('<div class="field')[0]:
            return "field--error" in chunk[:40] and message in unescape(chunk)
    raise AssertionError(f"No field {field_id} on the page")
