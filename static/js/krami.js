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

  // A free-text field with a maximum shows how much is left (issue 15); the count is announced only
  // near the limit, so a screen reader is not interrupted at every key.
  function enhanceCounter(area) {
    var max = parseInt(area.getAttribute("maxlength"), 10);
    if (!max || area.dataset.counted) { return; }
    area.dataset.counted = "1";
    var counter = document.createElement("p");
    counter.className = "hint char-counter";
    counter.id = area.id + "_counter";
    area.insertAdjacentElement("afterend", counter);
    var describedBy = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + counter.id);
    var lang = document.documentElement.lang === "sv";
    function update() {
      var left = max - area.value.length;
      counter.textContent = lang ? (area.value.length + " av " + max + " tecken") : (area.value.length + " of " + max + " characters");
      counter.setAttribute("aria-live", left <= max / 10 ? "polite" : "off");
      counter.classList.toggle("char-counter--near", left <= max / 10);
    }
    area.addEventListener("input", update);
    update();
  }

  // Drafts: nothing typed is lost (krami/drafts.py explains both halves). While the user types, a
  // POST form's fields are kept in this tab's sessionStorage under the page and the form's field
  // names (never passwords, codes, tokens or files). A page that means the form did not arrive
  // (login, two-factor, the stale-form page: <body data-drafts-keep>) marks them lost; when the
  // same user then sees the same form, it is filled in again with a notice and a button that
  // discards it. Any other page means the form arrived, so the copy is dropped; logging out drops all.
  var DRAFT_PREFIX = "krami-draft:";
  var DRAFT_MAX_AGE = 12 * 3600 * 1000;  // the longest session (SESSION_ABSOLUTE_LIFETIME)

  function draftStore() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  function draftOwner() {
    return document.body.getAttribute("data-draft-owner") || "";
  }

  function draftFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (["INPUT", "SELECT", "TEXTAREA"].indexOf(el.tagName) < 0 || !el.name || el.disabled) { return false; }
      if (/password|token|otp|csrf/i.test(el.name) || el.name === "next") { return false; }
      return ["password", "file", "submit", "button", "reset", "image"].indexOf((el.type || "").toLowerCase()) < 0;
    });
  }

  function draftable(form) {
    if (!form || !form.elements || (form.getAttribute("method") || "").toLowerCase() !== "post") { return false; }
    if (form.hasAttribute("data-no-draft") || !draftOwner()) { return false; }
    if (form.querySelector("input[type=password], [autocomplete=one-time-code]")) { return false; }
    return draftFields(form).some(function (el) { return el.type !== "hidden"; });
  }

  function draftKey(form) {
    var names = draftFields(form).map(function (el) { return el.name; });
    names = names.filter(function (name, i) { return names.indexOf(name) === i; }).sort();
    return DRAFT_PREFIX + location.pathname + "|" + (form.getAttribute("action") || "") + "|" + names.join(",");
  }

  function formValues(form) {
    var values = [];
    draftFields(form).forEach(function (el) {
      if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.options, function (o) { if (o.selected) { values.push([el.name, o.value]); } });
      } else if ((el.type !== "checkbox" && el.type !== "radio") || el.checked) {
        values.push([el.name, el.value]);
      }
    });
    return values;
  }

  function fillForm(form, values) {
    var used = {};
    draftFields(form).forEach(function (el) {
      var mine = values.filter(function (pair) { return pair[0] === el.name; }).map(function (pair) { return pair[1]; });
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = mine.indexOf(el.value) >= 0;
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = mine.indexOf(o.value) >= 0; });
      } else {
        var i = used[el.name] || 0;
        if (i < mine.length) { el.value = mine[i]; }
        used[el.name] = i + 1;
      }
      el.dispatchEvent(new Event("input", { bubbles: true }));  // counters follow
    });
  }

  function readDraft(store, key) {
    try { return JSON.parse(store.getItem(key)); } catch (e) { return null; }
  }

  function writeDraft(form, state) {
    var store = draftStore();
    if (!store) { return; }
    var draft = { owner: draftOwner(), state: state, at: Date.now(), values: formValues(form) };
    try { store.setItem(draftKey(form), JSON.stringify(draft)); } catch (e) { /* full: the server's copy remains */ }
  }

  function draftTyped(event) {
    var form = event.target && event.target.form;
    if (draftable(form)) { writeDraft(form, "typing"); }
  }

  function draftSent(event) {
    var form = event.target, store = draftStore();
    if (!store) { return; }
    if (form.hasAttribute("data-logout")) {
      draftKeys(store).forEach(function (key) { store.removeItem(key); });
    } else if (draftable(form) && store.getItem(draftKey(form))) {
      writeDraft(form, "sent");
    }
  }

  function draftKeys(store) {
    var keys = [];
    for (var i = 0; i < store.length; i++) {
      if (store.key(i).indexOf(DRAFT_PREFIX) === 0) { keys.push(store.key(i)); }
    }
    return keys;
  }

  function draftNotice(form, key, before) {
    var template = document.getElementById("draft-notice");
    if (!template) { return; }
    var notice = template.content.firstElementChild.cloneNode(true);
    form.parentNode.insertBefore(notice, form);
    notice.querySelector("[data-draft-discard]").addEventListener("click", function () {
      fillForm(form, before);
      draftStore().removeItem(key);
      notice.remove();
      var first = draftFields(form).filter(function (el) { return el.type !== "hidden"; })[0];
      if (first) { first.focus(); }
    });
  }

  // The server filled the form in itself (JavaScript or not): offer the same discard button, which
  // here reloads the page, since the server has already used its copy.
  function serverDraftNotice(notice) {
    var template = document.getElementById("draft-notice");
    var hint = notice.querySelector("[data-draft-reload-hint]");
    if (!template || !hint) { return; }
    hint.hidden = true;
    var button = template.content.querySelector("[data-draft-discard]").parentNode.cloneNode(true);
    notice.appendChild(button);
    button.querySelector("button").addEventListener("click", function () { location.reload(); });
  }

  function restoreDrafts() {
    var store = draftStore();
    if (!store) { return; }
    var owner = draftOwner();
    var keep = document.body.hasAttribute("data-drafts-keep");
    var navigation = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    var back = navigation && navigation.type === "back_forward";
    var serverFilled = document.querySelector("[data-draft-restored]");
    if (serverFilled) { serverDraftNotice(serverFilled); }
    var forms = {};
    document.querySelectorAll("form").forEach(function (form) {
      if (draftable(form)) { forms[draftKey(form)] = form; }
    });
    draftKeys(store).forEach(function (key) {
      var draft = readDraft(store, key);
      if (!draft || Date.now() - draft.at > DRAFT_MAX_AGE || (owner && draft.owner !== owner && !keep)) {
        store.removeItem(key);  // too old, or another user now works in this tab
        return;
      }
      if (keep) {
        draft.state = "lost";
        store.setItem(key, JSON.stringify(draft));
        return;
      }
      var form = forms[key];
      // Lost: after a login or a stale-form page; or sent to a page without this script (the 409
      // and 500 pages) and come back to with Back.
      var lost = draft.state === "lost" || (draft.state === "sent" && back);
      if (form && lost && !serverFilled) {
        var before = formValues(form);
        fillForm(form, draft.values);
        draftNotice(form, key, before);
      } else if (form || draft.state !== "lost") {
        store.removeItem(key);  // arrived, left, or filled in by the server; lost ones wait for their page
      }
    });
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
  window.addEventListener("hashchange", openTargetFold);
  document.addEventListener("submit", busyForm);
  document.addEventListener("submit", draftSent);
  document.addEventListener("input", draftTyped);
  document.addEventListener("change", draftTyped);
  document.addEventListener("submit", clearEmptiedAutocompletes);
  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    // With JavaScript "Add a row" works in the page: it no longer sends the form.
    document.querySelectorAll("button[data-add-row]").forEach(function (button) { button.type = "button"; });
    document.querySelectorAll("[data-date-pick]").forEach(enhanceDateField);
    document.querySelectorAll("textarea[maxlength]").forEach(enhanceCounter);
    restoreDrafts();
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
