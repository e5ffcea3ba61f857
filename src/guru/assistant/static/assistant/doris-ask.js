/* Doris: Enter sends the question, Shift+Enter starts a new line.
 *
 * Only for the question boxes (textarea[data-doris-enter]); a key press that
 * finishes an input method's composition (Japanese, Chinese…) is left alone.
 * requestSubmit() runs the form's validation and htmx's submit handler, as a
 * click on the button would.
 */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
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
