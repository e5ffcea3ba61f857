// Focus after an htmx swap (WCAG 2.4.3, 4.1.3). When a swap removes the
// focused element (the pressed button was part of what the server sent back),
// the browser drops focus to <body>: a keyboard user starts over from the top
// and a screen reader says nothing. htmx itself keeps focus on a new element
// with the same id, and moves it to an element marked autofocus. Otherwise,
// focus goes to the new content's status or error message (so it is read out
// and Tab continues from there), or to the new content itself.
//
// After a full page load that answers a form post (a form sent without htmx and
// shown again with its errors), focus goes to the error summary, so that a
// screen reader reads it at once and Tab continues into the form. The server
// marks such a page (body[data-form-posted]); ordinary page loads are left alone.
(() => {
  "use strict";
  const MESSAGE = '[role="status"], [role="alert"]';

  function lost() {
    const active = document.activeElement;
    return !active || active === document.body || !active.isConnected;
  }

  function focus(element) {
    if (!element.matches("a[href], button, input, select, textarea, summary, [tabindex]")) {
      element.tabIndex = -1;
    }
    element.focus();
  }

  function focusErrorSummary() {
    if (!("formPosted" in document.body.dataset)) return;
    const summary = document.querySelector("main .error-summary");
    if (summary) focus(summary);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }

  document.addEventListener("htmx:afterSettle", (event) => {
    const content = event.target;
    if (!(content instanceof HTMLElement) || !content.isConnected || !lost()) return;
    const message = content.matches(MESSAGE) ? content : content.querySelector(MESSAGE);
    focus(message || content);
  });
})();
