// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";

  // A form with errors: move the focus to the summary, so it is read out and the next Tab
  // reaches its first link (templates/forms/form.html).
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  // A link in the error summary moves the focus to the field itself (for a group of radios or
  // checkboxes, its first box) and shows the field's label above it.
  function followErrorLink(event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    var control = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
    if (!control) { return; }
    event.preventDefault();
    (control.closest(".field") || control).scrollIntoView({ block: "start" });
    control.focus({ preventScroll: true });
  }

  // Date fields are text fields for ÅÅÅÅ-MM-DD (krami/forms.py DateInput); the "Calendar" button
  // next to each opens the browser's own date picker and writes the picked date into the field.
  function enhanceDateField(button) {
    var wrapper = button.closest(".date-field");
    var text = wrapper && wrapper.querySelector("[data-date-input]");
    if (!text || !("showPicker" in HTMLInputElement.prototype)) { return; }
    var picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.className = "date-field__native";
    picker.setAttribute("aria-hidden", "true");
    wrapper.appendChild(picker);
    var label = text.labels && text.labels[0];
    var name = label ? label.firstChild.textContent.trim() : "";
    if (name) { button.setAttribute("aria-label", button.textContent.trim() + ": " + name); }
    button.hidden = false;
    button.addEventListener("click", function () {
      var typed = text.value.trim();
      picker.value = /^\d{4}-\d{2}-\d{2}$/.test(typed) ? typed : "";
      try { picker.showPicker(); } catch (e) { text.focus(); }
    });
    picker.addEventListener("change", function () {
      if (picker.value) {
        text.value = picker.value;
        text.dispatchEvent(new Event("change", { bubbles: true }));
      }
      text.focus();
    });
  }

  // The idle-logout warning (templates/base.html, WCAG 2.2.1): shown three minutes before the
  // session's idle limit (the server notes activity once a minute, so it may end a minute early). "Stay logged in" renews the session in the background and gives the
  // focus back; Escape closes the warning. At the limit it says so, so nothing is typed in vain.
  function sessionWarning() {
    var box = document.querySelector("[data-session-warning]");
    var idle = box ? parseInt(box.getAttribute("data-idle-seconds"), 10) * 1000 : 0;
    if (!idle) { return; }
    var lead = Math.min(180000, idle / 4);
    var form = box.querySelector("form");
    var warnTimer, expireTimer, returnFocus = null;
    function close() {
      box.hidden = true;
      if (returnFocus && document.contains(returnFocus)) { returnFocus.focus(); }
    }
    function show() {
      returnFocus = document.activeElement;
      box.hidden = false;
      box.querySelector("[data-session-continue]").focus();
    }
    function expired() {
      clearTimeout(warnTimer);
      box.querySelector("[data-session-warning-text]").hidden = true;
      box.querySelector("[data-session-expired-text]").hidden = false;
      form.hidden = true;
      box.hidden = false;
      box.querySelector("[data-session-expired-text] a").focus();
    }
    function schedule() {
      clearTimeout(warnTimer);
      clearTimeout(expireTimer);
      warnTimer = setTimeout(show, idle - lead);
      expireTimer = setTimeout(expired, idle);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      data.delete("next");
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin" }).then(function (response) {
        if (response.status === 204) { schedule(); close(); } else { expired(); }
      }, expired);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !form.hidden) { close(); }
    });
    document.addEventListener("htmx:afterRequest", schedule);  // the server saw the user
    schedule();
  }

  // A form that starts long work (data-busy-status names a live region): say that it is working
  // and ignore a second submit, which would only queue the same work again.
  function busyForm(event) {
    var form = event.target;
    var status = form.dataset && form.dataset.busyStatus && document.getElementById(form.dataset.busyStatus);
    if (!status) { return; }
    if (form.dataset.busy) { event.preventDefault(); return; }
    form.dataset.busy = "1";
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.setAttribute("aria-disabled", "true");
    });
    status.textContent = status.dataset.busyText;
    status.classList.add("notice");
  }

  // The consent grid: "Everything" ticks or unticks its row; unticking one cell unticks "Everything".
  // Without JavaScript the server reads a ticked "Everything" as the whole row.
  function consentGrid(event) {
    var box = event.target;
    if (!box.closest || !box.closest("[data-consent-grid]") || box.type !== "checkbox") { return; }
    var row = box.closest("tr");
    var all = row.querySelector("[data-consent-all]");
    if (box === all) {
      row.querySelectorAll("input[type=checkbox]").forEach(function (cell) { cell.checked = all.checked; });
    } else if (!box.checked) {
      all.checked = false;
    }
  }

  // The case page's folded sections (<details>): a link to a section, or to something inside one
  // (#journal, #drug-tests), opens it, so the page lands on what the link promised.
  function openTargetFold() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    var fold = target && (target.matches("details") ? target : target.closest("details"));
    if (fold && !fold.open) {
      fold.open = true;
      target.scrollIntoView();
    }
  }

  // The header's menu on a narrow screen: one button opens and closes it (base.html). Without
  // JavaScript the button stays hidden and the menu shows as a plain list.
  function menuToggle() {
    var button = document.querySelector("[data-menu-toggle]");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("is-open")) { button.click(); button.focus(); }
    });
  }

  // A list's filters (<details data-filters>): open where there is room beside the results, folded
  // on a phone so the results come first.
  function openFiltersOnWideScreens() {
    if (!window.matchMedia("(min-width: 40.0625rem)").matches) { return; }
    document.querySelectorAll("details[data-filters]").forEach(function (filters) { filters.open = true; });
  }

  // A long list to choose from (krami.forms.AutocompleteSelect): GOV.UK's accessible autocomplete
  // in place of the select, with the page's Swedish texts; the field's hint and error are read out
  // with the autocomplete's own hint. Without the library (or JavaScript) the select stays.
  function enhanceAutocomplete(select) {
    if (!window.accessibleAutocomplete || select.dataset.enhanced) { return; }
    select.dataset.enhanced = "1";
    var t = select.dataset;
    var described = (select.getAttribute("aria-describedby") || "").split(/\s+/).map(function (id) {
      var el = id && document.getElementById(id);
      return el ? el.textContent.trim() : "";
    }).filter(Boolean).join(" ");
    var required = select.required;
    var chosen = select.options[select.selectedIndex];
    select.required = false;  // the label of the field now belongs to the autocomplete's input
    window.accessibleAutocomplete.enhanceSelectElement({
      selectElement: select,
      defaultValue: chosen && chosen.value ? chosen.textContent.trim() : "",
      required: required,
      showAllValues: t.autocomplete === "all",
      minLength: t.autocomplete === "all" ? 0 : 2,
      tNoResults: function () { return t.tNoResults; },
      tStatusQueryTooShort: function (n) { return t.tQueryTooShort.replace("{n}", n); },
      tStatusNoResults: function () { return t.tStatusNoResults; },
      tStatusSelectedOption: function (option, length, index) {
        return t.tSelected.replace("{option}", option).replace("{index}", index + 1).replace("{length}", length);
      },
      tStatusResults: function (length, selected) {
        return (length === 1 ? t.tResultsOne : t.tResultsMany.replace("{length}", length)) + " " + selected;
      },
      tAssistiveHint: function () { return (described ? described + " " : "") + t.tHint; }
    });
  }

  // An autocomplete emptied by the user means "none chosen": the select behind it follows.
  function clearEmptiedAutocompletes(event) {
    event.target.querySelectorAll && event.target.querySelectorAll("select[data-enhanced]").forEach(function (select) {
      var input = document.getElementById(select.id.replace(/-select$/, ""));
      if (input && !input.value.trim()) { select.value = ""; }
    });
  }

  document.addEventListener("change", consentGrid);
  window.addEventListener("hashchange", openTargetFold);
  document.addEventListener("submit", busyForm);
  document.addEventListener("submit", clearEmptiedAutocompletes);
  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    document.querySelectorAll("[data-date-pick]").forEach(enhanceDateField);
    sessionWarning();
    openTargetFold();
    menuToggle();
    openFiltersOnWideScreens();
    document.querySelectorAll("select[data-autocomplete]").forEach(enhanceAutocomplete);
  });
  document.addEventListener("click", followErrorLink);
  // Forms that htmx swaps in get their calendar buttons too.
  document.addEventListener("htmx:afterSwap", function (event) {
    event.detail.target.querySelectorAll("[data-date-pick][hidden]").forEach(enhanceDateField);
  });
  // Send the CSRF token with htmx requests (the token is in each form; this covers hx-get partials).
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
  });
})();
