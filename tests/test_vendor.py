"""The vendored front-end files: the manifest matches the files and every package
keeps its license; and, where Chromium and Playwright are installed, the chart stack
and htmx run under the site's strict Content-Security-Policy (no inline script,
no eval) without a single violation."""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "src" / "stematlas" / "web" / "static" / "vendor"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
NEEDED = {
    "htmx.org": ["htmx.min.js"],
    "vega": ["vega.min.js"],
    "vega-lite": ["vega-lite.min.js"],
    "vega-embed": ["vega-embed.min.js"],
    "vega-interpreter": ["vega-interpreter.global.js"],
    "us-atlas": ["counties-10m.json"],
    "swagger-ui-dist": ["swagger-ui-bundle.js", "swagger-ui.css"],
    "axe-core": ["axe.min.js"],
}


def manifest() -> dict[str, dict]:
    data = json.loads((VENDOR / "MANIFEST.json").read_text(encoding="utf-8"))
    return {entry["package"]: entry for entry in data["packages"]}


def folder(entry: dict) -> Path:
    return VENDOR / f"{entry['package']}-{entry['version']}"


def test_manifest_matches_files_on_disk():
    entries = manifest()
    assert set(entries) == set(NEEDED)
    listed = {VENDOR / "MANIFEST.json"}
    for entry in entries.values():
        for item in entry["files"]:
            path = folder(entry) / item["path"]
            data = path.read_bytes()
            assert hashlib.sha256(data).hexdigest() == item["sha256"], path
            assert len(data) == item["bytes"], path
            listed.add(path)
    # Nothing sits in the vendor folder that the manifest does not vouch for.
    assert {p for p in VENDOR.rglob("*") if p.is_file()} == listed


def test_every_package_keeps_its_license_and_needed_files():
    for name, entry in manifest().items():
        paths = {item["path"] for item in entry["files"]}
        assert entry["license"], name
        assert entry["license_files"], name
        assert any(f.upper().startswith("LICENSE") for f in entry["license_files"])
        assert set(entry["license_files"]) <= paths, name
        assert set(NEEDED[name]) <= paths, name


def test_versions_match_package_json():
    pins = json.loads((ROOT / "package.json").read_text())["dependencies"]
    assert {name: e["version"] for name, e in manifest().items()} == pins


# A bar chart whose transforms are Vega expressions: without the interpreter, Vega
# would compile them with Function(), which the policy forbids.
SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "data": {
        "values": [
            {"county": "King", "share": 0.42},
            {"county": "Yakima", "share": 0.18},
            {"county": "Spokane", "share": 0.31},
            {"county": "Ferry", "share": 0.0},
        ]
    },
    "transform": [
        {"filter": "datum.share > 0"},
        {"calculate": "round(datum.share * 1000) / 10", "as": "percent"},
    ],
    "mark": "bar",
    "encoding": {
        "x": {"field": "county", "type": "nominal", "sort": "-y"},
        "y": {"field": "percent", "type": "quantitative", "title": "Percent"},
    },
    "width": 200,
    "height": 120,
}
WATCH_JS = """\
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push([
    event.effectiveDirective, event.blockedURI,
    event.sourceFile + ":" + event.lineNumber + ":" + event.columnNumber
  ].join(" "));
});
"""
CHART_JS = """\
(function () {
  var box = document.getElementById("chart");
  fetch("spec.json")
    .then(function (answer) { return answer.json(); })
    .then(function (spec) { return vegaEmbed(box, spec, OPTIONS); })
    .then(
      function () { box.setAttribute("data-state", "done"); },
      function (error) { box.setAttribute("data-state", "error: " + error); }
    );
})();
"""
BASE = 'renderer: "svg", actions: false, defaultStyle: false'
INTERPRETER = "ast: true, expr: vega.expressionInterpreter"
OPTIONS = {
    # What the site uses: no tooltips, so nothing writes a <style> element.
    "chart": f"{{{BASE}, {INTERPRETER}, tooltip: false}}",
    # Tooltips kept: their stylesheet must then be a file the site serves.
    "tooltip": f"{{{BASE}, {INTERPRETER}, tooltip: {{disableDefaultStyle: true}}}}",
    # Controls. The default tooltip handler injects an inline <style>...
    "styled": f"{{{BASE}, {INTERPRETER}}}",
    # ...and Vega's default expression compiler needs eval.
    "eval": f"{{{BASE}, tooltip: false}}",
}
PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>CSP check</title>
<meta name="htmx-config"
 content='{{"includeIndicatorStyles": false, "allowEval": false}}'>
<script src="watch.js"></script>
<script src="htmx.min.js"></script>
</head>
<body>
<button id="more" hx-get="fragment.html" hx-target="#out">More</button>
<div id="out"></div>
<div id="chart"></div>
<script src="vega.min.js"></script>
<script src="vega-lite.min.js"></script>
<script src="vega-interpreter.global.js"></script>
<script src="vega-embed.min.js"></script>
<script src="{chart}"></script>
</body>
</html>
"""


def write_site(root: Path) -> None:
    entries = manifest()
    for name in ("htmx.org", "vega", "vega-lite", "vega-interpreter", "vega-embed"):
        for file in NEEDED[name]:
            shutil.copy(folder(entries[name]) / file, root / file)
    (root / "spec.json").write_text(json.dumps(SPEC))
    (root / "watch.js").write_text(WATCH_JS)
    for name, options in OPTIONS.items():
        (root / f"{name}.js").write_text(CHART_JS.replace("OPTIONS", options))
        (root / f"{name}.html").write_text(PAGE.format(chart=f"{name}.js"))
    (root / "fragment.html").write_text('<p id="swapped">swapped in</p>')
    # The browser asks for one; a 404 would read as a console error.
    (root / "favicon.ico").write_bytes(b"")


class PolicyHandler(SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def site(tmp_path):
    write_site(tmp_path)
    handler = functools.partial(PolicyHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def open_page(context, url: str):
    page = context.new_page()
    page.set_default_timeout(30_000)
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.goto(url)
    page.wait_for_selector("#chart[data-state]", state="attached")
    return page, console


def violations(page, console: list[str]) -> list[str]:
    """The page's policy violations, and any console error at all."""
    errors = [m for m in console if m.startswith(("error", "pageerror"))]
    return page.evaluate("window.cspViolations") + errors


def test_charts_and_htmx_run_under_strict_csp(site, chromium):
    context = chromium.new_context()
    try:
        page, console = open_page(context, f"{site}/chart.html")
        assert page.get_attribute("#chart", "data-state") == "done", console
        assert page.locator("#chart svg").count() == 1
        # Ferry's zero share is filtered out by an interpreted expression.
        assert page.locator("#chart svg .mark-rect path").count() == 3
        assert page.evaluate("htmx.version") == "2.0.11"
        assert page.evaluate("htmx.config.allowEval") is False
        page.click("#more")
        page.wait_for_selector("#out #swapped")
        assert violations(page, console) == []

        page, console = open_page(context, f"{site}/tooltip.html")
        assert page.get_attribute("#chart", "data-state") == "done", console
        assert violations(page, console) == []

        # The controls show the checks above would have seen a violation.
        page, console = open_page(context, f"{site}/styled.html")
        reported = page.evaluate("window.cspViolations")
        assert [v.split()[0] for v in reported] == ["style-src-elem"]
        assert any("Content Security Policy" in m for m in console), console
        page, console = open_page(context, f"{site}/eval.html")
        assert page.get_attribute("#chart", "data-state").startswith("error")
        reported = page.evaluate("window.cspViolations")
        assert [v.split()[:2] for v in reported] == [["script-src", "eval"]]
    finally:
        context.close()
