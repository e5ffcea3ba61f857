/* Doris: a generated answer streamed into the answer (guru.assistant.streaming).
 *
 * The extractive answer stays until the server sends the checked, generated
 * one ("answer"), or is kept with a note ("fallback", or a broken stream).
 * The browser's EventSource reads the stream; it is closed after the first
 * ending, since a reconnect would only be refused (each stream runs once).
 */
(function () {
  "use strict";

  function note(region, text) {
    var p = document.createElement("p");
    p.className = "doris-answer__note";
    p.setAttribute("role", "status");
    p.textContent = text;
    region.replaceChildren(p);
  }

  function start(region) {
    if (region.dataset.dorisStarted) {
      return;
    }
    region.dataset.dorisStarted = "1";
    var article = region.closest(".doris-answer");
    var draft = region.querySelector(".doris-answer__draft");
    var source = new EventSource(region.dataset.dorisStream);
    var ended = false;

    function end() {
      ended = true;
      source.close();
      region.setAttribute("aria-busy", "false");
    }

    source.addEventListener("text", function (event) {
      draft.textContent += JSON.parse(event.data).text;
    });
    source.addEventListener("answer", function (event) {
      end();
      // Server-rendered and escaped by Django's templates.
      article.querySelector(".doris-answer__main").outerHTML =
        JSON.parse(event.data).html;
      region.remove();
    });
    source.addEventListener("fallback", function (event) {
      end();
      region.innerHTML = JSON.parse(event.data).html;
    });
    source.onerror = function () {
      if (!ended) {
        end();
        note(region, region.dataset.dorisFallback);
      }
    };
  }

  function scan() {
    document.querySelectorAll("[data-doris-stream]").forEach(start);
    // Only a browser that runs this script asks for a streamed answer; without
    // it the page's form gets the whole answer in one response.
    document
      .querySelectorAll("form[data-doris-stream-form]:not([data-doris-ready])")
      .forEach(function (form) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = "strom";
        input.value = "1";
        form.appendChild(input);
        form.dataset.dorisReady = "1";
      });
  }

  document.addEventListener("DOMContentLoaded", scan);
  document.addEventListener("htmx:afterSettle", scan);
})();
