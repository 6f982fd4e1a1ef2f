"""Keyboard-only helpers for browser tests: move with Tab / Shift+Tab, act with Enter / Space.

Journeys of other pages (the intake queue, the dashboard) reuse these:

    keyboard_login(page, live_server, "kommun_vl")
    tab_to(page, "nav a", text="Kö")      # Tab until the link has the focus, then
    page.keyboard.press("Enter")

`tab_to` fails with the whole focus path when the target is never reached (a missing or hidden
tab stop, or a keyboard trap), and checks on the way that every stop shows a visible focus
indicator.
"""

from __future__ import annotations

from tests.browser.conftest import PASSWORD

MAX_STOPS = 80

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const text = (el.getAttribute("aria-label") || el.innerText || el.value || el.getAttribute("placeholder") || "").trim();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name") || "", text: text.slice(0, 60),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
    inView: rect.bottom > 0 && rect.top < window.innerHeight && rect.right > 0 && rect.left < window.innerWidth,
    visible: rect.width > 0 && rect.height > 0,
  };
}"""


def focused(page) -> dict | None:
    """What has the keyboard focus now (None: nothing, or the page itself)."""
    return page.evaluate(_FOCUSED)


def describe(info: dict | None) -> str:
    if not info:
        return "(nothing)"
    ident = f"#{info['id']}" if info["id"] else (f"[name={info['name']}]" if info["name"] else "")
    return f"<{info['tag']}{ident}> {info['text']!r}"


def focus_problems(info: dict | None) -> list[str]:
    """A focused control must be visible, scrolled into view, and show a focus indicator."""
    if not info:
        return []
    problems = []
    if not (info["outline"] or info["shadow"]):
        problems.append(f"{describe(info)} shows no focus indicator")
    if not info["visible"] or not info["inView"]:
        problems.append(f"{describe(info)} has the focus but is not visible on screen")
    return problems


def _matches(page, selector: str | None, text: str | None) -> bool:
    return page.evaluate(
        """([selector, text]) => {
          const el = document.activeElement;
          if (!el || el === document.body) return false;
          if (selector && !el.matches(selector)) return false;
          if (text) {
            const own = (el.getAttribute("aria-label") || el.innerText || el.value || "").toLowerCase();
            if (!own.includes(text.toLowerCase())) return false;
          }
          return true;
        }""",
        [selector, text],
    )


def tab_to(page, selector: str | None = None, *, text: str | None = None, backwards: bool = False,
           max_stops: int = MAX_STOPS) -> list[str]:
    """Press Tab (Shift+Tab with backwards=True) until the focused element matches `selector`
    and contains `text`. Returns the stops passed; fails on a stop without a visible focus."""
    key = "Shift+Tab" if backwards else "Tab"
    path: list[str] = []
    for _ in range(max_stops):
        page.keyboard.press(key)
        info = focused(page)
        path.append(describe(info))
        problems = focus_problems(info)
        assert not problems, f"{problems}; focus path: {path}"
        if _matches(page, selector, text):
            return path
    raise AssertionError(f"{selector or ''} {text or ''} not reached with {key} in {max_stops} stops: {path}")


def all_tab_stops(page, max_stops: int = 200) -> list[dict]:
    """Every stop from the top of the page until the focus leaves the page (no trap on the way)."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    stops: list[dict] = []
    seen_first = None
    for _ in range(max_stops):
        page.keyboard.press("Tab")
        info = focused(page)
        if info is None or (seen_first is not None and info == seen_first and len(stops) > 1):
            return stops
        seen_first = seen_first or info
        stops.append(info)
    raise AssertionError(f"the focus never leaves the page after {max_stops} stops (a keyboard trap?)")


def type_into_focused(page, text: str, *, replace: bool = True) -> None:
    """Type as a keyboard user does; `replace` selects what the field holds first."""
    if replace:
        page.keyboard.press("Control+A")
    page.keyboard.type(text)


def keyboard_login(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Log in with the keyboard only: Tab to the fields, type, Enter."""
    page.goto(f"{live_server.url}/konto/logga-in/")
    tab_to(page, "#id_username")
    type_into_focused(page, username)
    tab_to(page, "#id_password")
    type_into_focused(page, password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def choose_by_typing(page, option_text: str) -> None:
    """Pick an option of the focused <select> by typing its first letters (type-ahead).

    Only the letters before the first non-ASCII one are typed: Playwright sends "ä" as inserted
    text, not as a key press, and Chromium then puts it in the last text field instead of the
    select. A Swedish keyboard sends real key presses, so users are not affected.
    """
    prefix = ""
    for char in option_text:
        if not char.isascii():
            break
        prefix += char
    page.keyboard.type(prefix)
    chosen = page.evaluate("() => { const s = document.activeElement; return s.options[s.selectedIndex].text; }")
    assert chosen.lower().startswith(option_text.lower()), f"typed {option_text!r}, the select shows {chosen!r}"


def choose_in_autocomplete(page, field: str, typed: str, option_text: str) -> None:
    """Pick a suggestion of an accessible autocomplete (krami.forms.AutocompleteSelect) with the
    keyboard: focus the field, type `typed`, Arrow Down to the suggestion, Enter. The list's live
    region says how many suggestions there are; the select behind the field takes the choice.

    The script turns the select into the field only once the page has run its scripts; until then
    `field` names the plain select, and what is typed into it is lost when the field replaces it.
    So wait for the select to be renamed first (a click that navigates returns before that)."""
    page.locator(f"{field}-select").wait_for(state="attached")
    page.focus(field)
    type_into_focused(page, typed)
    option = page.locator(f"{field}__listbox li", has_text=option_text)
    option.wait_for()
    page.keyboard.press("ArrowDown")
    for _ in range(page.locator(f"{field}__listbox li").count()):
        if page.evaluate("(id) => document.activeElement && document.activeElement.closest(id) !== null", f"{field}__listbox") \
                and option_text in page.evaluate("() => document.activeElement.innerText"):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    select = page.locator(f"{field}-select")
    chosen = select.evaluate("(s) => s.options[s.selectedIndex].text")
    assert option_text in chosen, f"typed {typed!r}, the select holds {chosen!r}"
