"""Drive a page's forms into their other states: with errors, and filtered to nothing.

Generic on purpose, so a new form is exercised without a line of test code: the page's own
POST form is submitted with its required fields emptied (a form with errors), and each GET
(filter) form is submitted with a search that matches nothing and a date range that ends before
it starts (an empty state, or a filter error).
"""

from __future__ import annotations

NO_MATCH = "zzz-ingen-traff"

_MARK_POST_FORM = """() => {
  const own = [...document.querySelectorAll("main form")].filter((f) => f.method === "post" &&
    (!f.getAttribute("action") || new URL(f.action, location.href).pathname === location.pathname) &&
    f.querySelector("[type=submit]") && [...f.elements].some((e) => e.type !== "hidden" && e.tagName !== "BUTTON"));
  if (!own.length) return false;
  const form = own[0];
  form.setAttribute("data-variant-target", "");
  for (const el of form.elements) {
    if (!el.required || el.type === "hidden") continue;
    if (el.type === "checkbox" || el.type === "radio") el.checked = false;
    else el.value = "";
  }
  return true;
}"""

_MARK_GET_FORMS = """(noMatch) => {
  const forms = [...document.querySelectorAll("main form")].filter((f) => f.method === "get" && f.querySelector("[type=submit]"));
  forms.forEach((form, i) => {
    form.setAttribute("data-variant-get", String(i));
    let dates = 0;
    for (const el of form.elements) {
      if (el.matches("[data-date-input], input[type=date]")) el.value = dates++ === 0 ? "2030-12-31" : "2020-01-01";
      else if (el.matches("input[type=text], input[type=search], input:not([type])")) el.value = noMatch;
    }
  });
  return forms.length;
}"""


_HTMX = "[hx-get], [hx-post], [data-hx-get], [data-hx-post]"
# A promise kept when htmx has put its answer on the page (or given up on it). Waiting for it
# instead of for half a second without network traffic ("networkidle") after every filter form
# took the accessibility crawl from 124 to 108 s (two workers, the same pages and checks).
_AWAIT_HTMX = """() => {
  window.kramiHtmxDone = new Promise((done) => {
    for (const name of ["htmx:afterSettle", "htmx:responseError", "htmx:sendError", "htmx:swapError"]) {
      document.body.addEventListener(name, () => done(name), {once: true});
    }
  });
}"""


def _submit(page, form_selector: str) -> None:
    """Click the form's submit button and wait until the answer is on the page (a new page, or
    an htmx swap) – never checking the old page by mistake. A button hidden from people (the
    default button a form may have for Enter, templates/agreements/section_form.html) is not one
    they click."""
    form = page.locator(form_selector)
    button = form.locator("[type=submit]:not([aria-hidden=true])").first
    if form.evaluate(f"(f) => f.matches({_HTMX!r})"):
        page.evaluate(_AWAIT_HTMX)
        button.click()
        page.evaluate("() => window.kramiHtmxDone")
    else:
        with page.expect_navigation():
            button.click()


def submit_own_form_empty(page) -> bool:
    """Submit the page's own POST form with its required fields emptied; False when it has none."""
    if not page.evaluate(_MARK_POST_FORM):
        return False
    _submit(page, "form[data-variant-target]")
    return True


def filter_forms(page) -> int:
    """How many GET (filter) forms the page has."""
    return page.evaluate("() => [...document.querySelectorAll('main form')].filter((f) => f.method === 'get').length")


def submit_filter_form_to_nothing(page, index: int) -> None:
    """Fill filter form `index` so that it matches nothing (or is invalid), and submit it."""
    page.evaluate(_MARK_GET_FORMS, NO_MATCH)
    _submit(page, f"form[data-variant-get='{index}']")
