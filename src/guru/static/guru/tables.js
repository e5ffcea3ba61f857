// A table wider than the screen scrolls sideways in its box (.table-scroll). A
// keyboard user can scroll that box only if it takes focus (WCAG 2.1.1), and a
// screen reader should say what the stop is: so a box that overflows becomes a
// region named by its table's caption, with tabindex 0. A box that fits is left
// alone (no empty tab stop). Checked again on resize and after htmx swaps.
(() => {
  "use strict";
  const MARK = "scrollFocus";

  function name(box) {
    const caption = box.querySelector("caption");
    return (caption && caption.textContent.trim()) || "Tabell";
  }

  function update() {
    for (const box of document.querySelectorAll(".table-scroll")) {
      if (box.scrollWidth > box.clientWidth) {
        if (box.dataset[MARK]) continue;
        box.dataset[MARK] = "true";
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name(box));
      } else if (box.dataset[MARK]) {
        delete box.dataset[MARK];
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }

  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      update();
    });
  }

  update();
  window.addEventListener("resize", schedule);
  document.addEventListener("htmx:afterSettle", schedule);
})();
