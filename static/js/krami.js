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

  // "Add a row" under a formset (templates/agreements/section_form.html): copy the empty line from
  // its <template>, number it, count it in TOTAL_FORMS and put the focus in it. Without JavaScript
  // the button sends the form and the server shows it again with one more line.
  function addFormsetRow(event) {
    var button = event.target.closest && event.target.closest("[data-add-row]");
    if (!button) { return; }
    var prefix = button.getAttribute("data-add-row");
    var template = document.querySelector("template[data-row-template='" + prefix + "']");
    var rows = document.querySelector("[data-formset-rows='" + prefix + "']");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    if (!template || !rows || !total) { return; }
    event.preventDefault();
    var index = parseInt(total.value, 10);
    rows.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, index).replace(/__line__/g, index + 1));
    total.value = index + 1;
    if (max && index + 1 >= parseInt(max.value, 10)) { button.hidden = true; }
    var row = rows.lastElementChild;
    row.querySelectorAll("[data-date-pick][hidden]").forEach(enhanceDateField);
    var first = row.querySelector("input, select, textarea");
    if (first) { first.focus(); }
  }

  document.addEventListener("change", consentGrid);
  document.addEventListener("click", addFormsetRow);
  document.addEventListener("submit", busyForm);
  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    // With JavaScript "Add a row" works in the page: it no longer sends the form.
    document.querySelectorAll("button[data-add-row]").forEach(function (button) { button.type = "button"; });
    document.querySelectorAll("[data-date-pick]").forEach(enhanceDateField);
    sessionWarning();
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
