// Keyboard and pointer behaviour of the header's search suggestions (ARIA combobox pattern).
// htmx fetches the list into #search-suggestions; this only moves through it and closes it.
(function () {
  "use strict";

  function parts() {
    var input = document.getElementById("search-q");
    var box = document.getElementById("search-suggestions");
    return input && box ? { input: input, box: box } : null;
  }

  function options(box) {
    return Array.prototype.slice.call(box.querySelectorAll("[role=option]"));
  }

  function activate(input, box, index) {
    var list = options(box);
    list.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0 && list[index]) {
      input.setAttribute("aria-activedescendant", list[index].id);
      list[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close(input, box) {
    box.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function onKeydown(event) {
    var p = parts();
    if (!p || event.target !== p.input) return;
    var list = options(p.box);
    var current = list.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!list.length) return;
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      activate(p.input, p.box, (current + step + list.length) % list.length);
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      window.location.assign(list[current].href);
    } else if (event.key === "Escape" && list.length) {
      event.preventDefault();
      close(p.input, p.box);
    }
  }

  document.addEventListener("keydown", onKeydown);
  document.addEventListener("htmx:afterSwap", function (event) {
    var p = parts();
    if (!p || event.target !== p.box) return;
    p.input.setAttribute("aria-expanded", options(p.box).length ? "true" : "false");
    p.input.removeAttribute("aria-activedescendant");
  });
  document.addEventListener("click", function (event) {
    var p = parts();
    if (p && !p.box.contains(event.target) && event.target !== p.input) close(p.input, p.box);
  });
})();
