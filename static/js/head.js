// Runs before the page is drawn (not deferred): marks that JavaScript runs, so that the styles can
// fold the phone menu and the list filters behind their buttons from the first paint, while a
// browser without JavaScript shows them as plain lists.
document.documentElement.classList.add("js-enabled");
