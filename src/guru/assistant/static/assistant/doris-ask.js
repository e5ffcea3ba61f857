/* Doris: Enter sends the question, Shift+Enter starts a new line, and Escape
 * closes the panel (focus goes back to its "Fråga Doris" toggle).
 *
 * Enter acts only in the question boxes (textarea[data-doris-enter]); a key that
 * finishes an input method's composition (Japanese, Chinese…) is left alone.
 * requestSubmit() runs the form's validation and htmx's submit handler, as a
 * click on the button would.
 */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target.closest) {
      var panel = event.target.closest("details.doris-panel[open]");
      if (panel) {
        panel.open = false;
        panel.querySelector("summary").focus();
      }
      return;
    }
    var box = event.target;
    if (
      event.key !== "Enter" ||
      event.shiftKey ||
      event.ctrlKey ||
      event.altKey ||
      event.metaKey ||
      event.isComposing ||
      !box.matches ||
      !box.matches("textarea[data-doris-enter]")
    ) {
      return;
    }
    event.preventDefault();
    if (box.value.trim() && box.form) {
      box.form.requestSubmit();
    }
  });
})();
