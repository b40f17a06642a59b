// The API reference page: Swagger UI reads the schema this server publishes.
// Without the vendored bundle the page keeps its link to /openapi.json.
(function () {
  "use strict";

  function start() {
    if (typeof window.SwaggerUIBundle !== "function") {
      return;
    }
    window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#api" });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
