// A search box above each <select multiple data-filter="…">: typing hides the
// options whose text (document name and folder) lacks one of the typed words.
// Chosen options always stay visible. Without JavaScript the full list works.
(function () {
  "use strict";

  function enhance(select) {
    const box = document.createElement("input");
    box.type = "search";
    box.className = "filter-select__box";
    box.placeholder = select.dataset.filter;
    box.setAttribute("aria-label", select.dataset.filter);
    box.setAttribute("aria-controls", select.id);
    const status = document.createElement("p");
    status.className = "field__help";
    status.setAttribute("aria-live", "polite");
    select.before(box);
    select.after(status);

    function update() {
      const words = box.value.toLocaleLowerCase("sv").split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const option of select.options) {
        const text = option.text.toLocaleLowerCase("sv");
        const visible = option.selected || words.every((word) => text.includes(word));
        option.hidden = !visible;
        if (visible) shown += 1;
      }
      const chosen = select.selectedOptions.length;
      status.textContent =
        chosen + (chosen === 1 ? " vald, " : " valda, ") +
        shown + " av " + select.options.length + " visas";
    }

    box.addEventListener("input", update);
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault(); // do not submit the form
    });
    select.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("select[multiple][data-filter]").forEach(enhance);
})();
