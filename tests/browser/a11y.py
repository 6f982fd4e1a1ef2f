"""Accessibility checks for browser tests: axe-core, reflow at 200 % zoom, page and form conventions.

Each check returns a list of readable problems (empty when all is well), so a test can visit
many pages and report every problem at once. Use them from any browser test:

    from tests.browser.a11y import axe_problems
    assert axe_problems(page, "the queue") == []

axe-core is vendored (static/vendor/axe-core-*/axe.min.js) and injected by the test only; the
page's Content-Security-Policy forbids inline scripts, so the browser context needs
`bypass_csp=True` (see the `a11y_context_args` fixture in tests/browser/conftest.py).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.templatetags.static import static

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Best-practice rules that carry the house rules "headings in order" and "every page has one h1".
AXE_EXTRA_RULES = ["heading-order", "page-has-heading-one", "landmark-one-main", "region"]
DESKTOP = {"width": 1280, "height": 900}
ZOOM_200 = {"width": 640, "height": 900}  # a 1280 px laptop screen at 200 % zoom
ZOOM_400 = {"width": 320, "height": 800}  # WCAG 1.4.10's own measure: 1280 px at 400 %


@cache
def axe_file() -> Path:
    candidates = sorted((settings.BASE_DIR / "static" / "vendor").glob("axe-core-*/axe.min.js"))
    assert candidates, "axe-core is not vendored under static/vendor/axe-core-*/"
    return candidates[-1]


@cache
def axe_source() -> str:
    return axe_file().read_text(encoding="utf-8")


def inject_axe(page) -> None:
    """Load axe-core into the page: from the server the page came from when it has one, so that the
    browser keeps the script and its compiled code between pages (0.06 s a page against 0.17 s
    for the same script inline; the accessibility crawl injects it some 250 times)."""
    origin = urlsplit(page.url)
    if origin.scheme in ("http", "https"):
        path = static(axe_file().relative_to(settings.BASE_DIR / "static").as_posix())
        page.add_script_tag(url=f"{origin.scheme}://{origin.netloc}{path}")
    else:
        page.add_script_tag(content=axe_source())


_RUN_AXE = """async ([tags, extra]) => {
  const rules = [...new Set([...axe.getRules(tags).map((r) => r.ruleId), ...extra])];
  const result = await axe.run(document, {runOnly: {type: "rule", values: rules}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


def axe_violations(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        inject_axe(page)
    return page.evaluate(_RUN_AXE, [AXE_TAGS, AXE_EXTRA_RULES])


def axe_problems(page, label: str) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA rules (and a few house rules): one line per failing element."""
    problems = []
    for v in axe_violations(page):
        for node in v["nodes"]:
            summary = " ".join(node["summary"].split())
            problems.append(f"{label}: axe {v['id']} ({v['impact']}) at `{node['target']}` – {v['help']}. {summary}")
    return problems


_OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return [];
  const width = root.clientWidth;
  const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden") return true; }
    return false; };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const wide = [...document.body.querySelectorAll("*")].filter((el) =>
    el.getBoundingClientRect().right > width + 1 && !scrolls(el));
  let culprits = wide.filter((el) => !wide.includes(el.parentElement));
  if (!culprits.length) {  // text (a long word) sticking out of a box that itself fits
    culprits = [...document.body.querySelectorAll("*")].filter((el) => el.scrollWidth > el.clientWidth + 1 &&
      getComputedStyle(el).overflowX === "visible" && !scrolls(el) && el.clientWidth > 0);
  }
  return [`page is ${root.scrollWidth}px wide in a ${width}px window`, ...culprits.slice(0, 5).map(describe)];
}"""


def reflow_problems(page, label: str, *viewports: dict) -> list[str]:
    """WCAG 1.4.10 at 200 % (and 400 %) zoom: no horizontal scrolling of the page; a table may
    scroll inside its own box. Default: 640 px, a laptop screen at 200 %."""
    before = page.viewport_size
    problems = []
    try:
        for viewport in viewports or (ZOOM_200,):
            page.set_viewport_size(viewport)
            found = page.evaluate(_OVERFLOW)
            if found:
                problems.append(f"{label}: at {viewport['width']}px the {'; too wide: '.join(found)}")
    finally:
        page.set_viewport_size(before)
    return problems


_SIGNATURE = """() => {
  const keep = (name) => name === "class" || name === "role" || name === "type" || name === "lang" ||
    name === "scope" || name === "tabindex" || name === "hidden" || name.startsWith("aria-") && name !== "aria-describedby";
  const parts = [];
  for (const el of document.body.querySelectorAll("*")) {
    const attrs = [...el.attributes].map((a) => keep(a.name) ? `${a.name}=${a.value}` : a.name).sort().join(",");
    const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) ? "T" : "";
    parts.push(`${el.tagName}[${attrs}]${text}`);
  }
  return parts.join("|");
}"""


def structure_signature(page) -> str:
    """The page's markup without its words and ids: two states with the same signature look the
    same to axe (same elements, roles, classes and colours), so one of them is enough to check."""
    return page.evaluate(_SIGNATURE)


_CONVENTIONS = """() => {
  const problems = [];
  const h1 = document.querySelectorAll("h1");
  if (h1.length !== 1 || !h1[0].innerText.trim()) problems.push("needs exactly one non-empty h1");
  const intro = document.querySelector("main .intro");
  if (!intro || !intro.innerText.trim()) problems.push("has no intro (the block that says what the page is for)");
  document.querySelectorAll("[tabindex]").forEach((el) => {
    if (el.tabIndex > 0) problems.push(`positive tabindex breaks the tab order: ${el.outerHTML.slice(0, 80)}`);
  });
  document.querySelectorAll("table").forEach((t) => {
    if (!t.querySelector("caption")) problems.push("a table without <caption>");
    t.querySelectorAll("thead th").forEach((th) => { if (!th.getAttribute("scope")) problems.push("a <th> without scope"); });
  });
  return problems;
}"""


def convention_problems(page, label: str) -> list[str]:
    """House rules axe does not check: one h1, an intro, no positive tabindex, captions and scope."""
    return [f"{label}: {p}" for p in page.evaluate(_CONVENTIONS)]


_FORMS = """(afterSubmit) => {
  const problems = [];
  const byId = (id) => document.getElementById(id);
  for (const el of document.querySelectorAll("main form [aria-describedby]")) {
    for (const id of el.getAttribute("aria-describedby").split(/\\s+/)) {
      if (!byId(id)) problems.push(`aria-describedby of ${el.name || el.id} names a missing element #${id}`);
    }
  }
  for (const hint of document.querySelectorAll("main form .helptext[id]")) {
    if (!document.querySelector(`[aria-describedby~="${hint.id}"]`)) problems.push(`hint #${hint.id} is not linked to its field`);
  }
  for (const el of document.querySelectorAll("main form [required]")) {
    const scope = el.closest("fieldset") || el;
    const label = scope === el ? (el.labels && el.labels[0]) : scope.querySelector("legend");
    if (!label || !label.querySelector(".required")) problems.push(`required field ${el.name} is not marked as required in its label`);
  }
  for (const el of document.querySelectorAll("main form [aria-invalid=true]")) {
    const described = el.closest("fieldset[aria-describedby]") || el;  // a group's error is on its fieldset
    const ids = (described.getAttribute("aria-describedby") || "").split(/\\s+/);
    if (!ids.some((id) => byId(id) && byId(id).classList.contains("errorlist"))) {
      problems.push(`the error of ${el.name} is not linked to it`);
    }
  }
  const summary = document.querySelector("[data-error-summary]");
  if (afterSubmit && !summary) problems.push("no error summary after an invalid submission");
  if (summary) {
    if (summary.getAttribute("role") !== "alert") problems.push("the error summary is not role=alert");
    const active = document.activeElement;
    if (active !== summary) {
      problems.push(`the error summary does not have the focus (${active ? active.outerHTML.slice(0, 60) : "nothing"} has)`);
    }
    for (const a of summary.querySelectorAll("a[href^='#']")) {
      if (!byId(a.getAttribute("href").slice(1))) problems.push(`error summary link ${a.getAttribute("href")} has no target`);
    }
  }
  return problems;
}"""


def form_problems(page, label: str, *, after_submit: bool = False) -> list[str]:
    """Hints and errors linked to their fields, required fields marked, the error summary focused."""
    return [f"{label}: {p}" for p in page.evaluate(_FORMS, after_submit)]
