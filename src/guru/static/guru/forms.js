// One submission per form: a second click on "Spara" while the first post is
// on its way would store the decision, comment or draft twice. After a post
// leaves, the form's buttons are disabled until the page is shown again
// (the back button brings them back) or ten seconds have passed (a post that
// answers with a download leaves the page where it is).
// htmx forms are left to htmx: it cancels the browser's own submission first.
(() => {
  "use strict";
  const BUTTONS = "button:not([type]), button[type=submit], input[type=submit]";
  const RELEASE_MS = 10000;

  function setBusy(form, busy) {
    for (const button of form.querySelectorAll(BUTTONS)) {
      button.disabled = busy;
    }
    if (busy) {
      form.setAttribute("aria-busy", "true");
    } else {
      form.removeAttribute("aria-busy");
      delete form.dataset.submitted;
    }
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
    const method = (event.submitter?.getAttribute("formmethod") || form.method || "");
    if (method.toLowerCase() !== "post" || form.target) return;
    if (form.dataset.submitted) {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "true";
    // Disabled after this event, so the clicked button's name still goes along.
    setTimeout(() => setBusy(form, true), 0);
    setTimeout(() => setBusy(form, false), RELEASE_MS);
  });

  window.addEventListener("pageshow", () => {
    for (const form of document.querySelectorAll("form[data-submitted]")) {
      setBusy(form, false);
    }
  });

  // The back and forward buttons load a page again (Guru sends no-store), and
  // the browser then puts back what the page's fields held when it was left:
  // the Doris log for "Senaste 30 dagarna" under a period saying 7. A filter
  // (a GET form) is set back to what the server wrote, which is the address's.
  window.addEventListener("pageshow", (event) => {
    const [entry] = performance.getEntriesByType("navigation");
    if (!event.persisted && entry?.type !== "back_forward") return;
    for (const form of document.querySelectorAll("form")) {
      if ((form.getAttribute("method") || "get").toLowerCase() === "get") {
        form.reset();
      }
    }
  });

  // A form that pushes its URL (the search) has the back button bring back
  // htmx's copy of the page's HTML. Its fields hold what was typed when the
  // copy was taken, not the words of the search shown, so they are set from
  // the address, which is the search's own.
  document.addEventListener("htmx:historyRestore", () => {
    const params = new URLSearchParams(window.location.search);
    for (const form of document.querySelectorAll("form[hx-push-url]")) {
      for (const field of form.elements) {
        if (field.name && (field.tagName === "SELECT" || field.type === "search" || field.type === "text")) {
          field.value = params.get(field.name) ?? "";
        }
      }
    }
  });
})();
