// Draws every chart on the page from the Vega-Lite spec beside it.
//
// The page's text and tables come first: this small script is deferred, and it
// fetches the chart libraries (listed in its data-libs attribute) only once the
// content has been painted, and only on pages that hold a chart. Vega runs with
// its expression interpreter, so nothing is evaluated from strings: the site's
// Content-Security-Policy forbids it. The table beside each chart holds the same
// figures, so a page without JavaScript loses nothing but the picture.
(function () {
  "use strict";

  var self = document.currentScript;
  var libs = ((self && self.getAttribute("data-libs")) || "").split(" ");
  var loading = null;

  function load(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false; // run in the order listed: vega before vega-lite
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  function libraries() {
    if (!loading) {
      loading = Promise.all(libs.filter(Boolean).map(load));
    }
    return loading;
  }

  function embed(area) {
    var source = document.getElementById(area.getAttribute("data-chart"));
    if (!source) return Promise.resolve();
    return window.vegaEmbed(area, JSON.parse(source.textContent), {
      renderer: "svg",
      actions: false,
      ast: true,
      expr: window.vega.expressionInterpreter,
      defaultStyle: false,
      tooltip: false
    }).then(function () {
      // The chart's name is on its wrapper (role img) and its figures are in
      // the table beside it: the tree of shapes stays out of screen readers' way.
      var svg = area.querySelector("svg");
      if (svg) svg.setAttribute("aria-hidden", "true");
      area.setAttribute("data-state", "done");
    });
  }

  function draw(root) {
    var areas = Array.prototype.slice.call(root.querySelectorAll("[data-chart]"));
    if (!areas.length) return;
    libraries().then(function () {
      areas.forEach(function (area) {
        embed(area).catch(function (error) {
          area.textContent = "";
          area.setAttribute("data-state", "error");
          console.error("chart failed", error);
        });
      });
    }, function (error) {
      areas.forEach(function (area) { area.setAttribute("data-state", "error"); });
      console.error(error.message);
    });
  }

  function afterFirstContent(work) {
    var types = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
    if (types.indexOf("paint") < 0) {
      // No paint timing here: wait for the page and its stylesheet instead.
      window.addEventListener("load", function () { setTimeout(work, 0); });
      return;
    }
    var observer = new PerformanceObserver(function (list) {
      if (list.getEntriesByName("first-contentful-paint").length) {
        observer.disconnect();
        setTimeout(work, 0);
      }
    });
    observer.observe({ type: "paint", buffered: true });
  }

  afterFirstContent(function () { draw(document); });
  // The explorer's filters swap the view in place: draw its new charts.
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.target); });
})();
