// Draws every chart on the page from the Vega-Lite spec beside it. Runs after the
// page's content (deferred), with Vega's expression interpreter so no code is
// evaluated from strings: the site's Content-Security-Policy forbids it. The
// table under each chart holds the same figures, so a page without JavaScript
// loses nothing but the picture.
(function () {
  "use strict";

  function draw(root) {
    if (!window.vegaEmbed) return;
    var areas = root.querySelectorAll("[data-chart]");
    Array.prototype.forEach.call(areas, function (area) {
      var source = document.getElementById(area.getAttribute("data-chart"));
      if (!source) return;
      var spec = JSON.parse(source.textContent);
      window.vegaEmbed(area, spec, {
        renderer: "svg",
        actions: false,
        ast: true,
        expr: window.vega.expressionInterpreter,
        defaultStyle: false,
        tooltip: false
      }).catch(function (error) {
        area.textContent = "";
        console.error("chart failed", error);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  // The explorer's filters swap the view in place: draw its new charts.
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.target); });
})();
