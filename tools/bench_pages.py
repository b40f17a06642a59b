"""Benchmark of the main pages as a reader's browser gets them: bytes transferred
(compressed, as served, everything the page loads including the charts) and time to
first content, in headless Chromium against the app served on loopback.

    python tools/bench_pages.py --db atlas.duckdb [--runs 5] [--json]

Each page is opened --runs times in a fresh browser context (an empty cache), and
the median is reported, with whether the chart libraries started loading only after
the first content was painted. Targets: under 500 KB and under one second. This
prints figures; it is not a test and fails nothing.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TARGET_BYTES = 500 * 1024
TARGET_FCP_MS = 1000
CHART_LIBS = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")


def main() -> int:
    options = parse_args()
    from stematlas.atlas import Atlas

    with Atlas(options.db) as atlas:
        pages = main_pages(atlas)
    base, stop = serve(options.db)
    try:
        results = [measure(base, name, path, options.runs) for name, path in pages]
    finally:
        stop()
    if options.json:
        print(json.dumps(results, indent=1))
    else:
        report(results)
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "atlas.duckdb")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print JSON")
    options = parser.parse_args()
    if not options.db.is_file():
        parser.error(f"no atlas at {options.db}: run `make build` first")
    return options


def main_pages(atlas) -> list[tuple[str, str]]:
    """Home, the lists, the data page, the first region and its careers, and the
    indicator with the most figures, in both languages."""
    regions = atlas._rows("SELECT geo_id FROM places WHERE geo_level = 'region'")
    busiest = atlas._rows(
        "SELECT indicator FROM observations GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    )
    pages = [("home", "/"), ("indicators", "/indicators"), ("regions", "/regions")]
    if regions:
        pages.append(("region", f"/regions/{sorted(r['geo_id'] for r in regions)[0]}"))
    if busiest:
        pages.append(("indicator", f"/indicators/{busiest[0]['indicator']}"))
    pages.append(("careers", "/careers"))
    if regions:
        first = sorted(r["geo_id"] for r in regions)[0]
        pages.append(("careers, region", f"/careers/{first}"))
        pages.append(("credentials", f"/credentials/{first}"))
    pages.append(("data", "/data"))
    spanish = [
        (f"{name} (es)", "/es/" if path == "/" else f"/es{path}")
        for name, path in pages
    ]
    return pages + spanish


def serve(db: Path):
    import uvicorn

    from stematlas.web.app import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    while not server.started:
        time.sleep(0.02)

    def stop() -> None:
        server.should_exit = True
        thread.join()
        sock.close()

    return f"http://127.0.0.1:{sock.getsockname()[1]}", stop


def measure(base: str, name: str, path: str, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    samples = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for _ in range(runs):
                samples.append(one_load(browser, base + path))
        finally:
            browser.close()
    return {
        "page": name,
        "path": path,
        "bytes": statistics.median(s["bytes"] for s in samples),
        "requests": statistics.median(s["requests"] for s in samples),
        "first_content_ms": statistics.median(s["fcp"] for s in samples),
        "charts_after_first_content": all(s["charts_after"] for s in samples),
        "runs": runs,
    }


def one_load(browser, url: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.goto(url, wait_until="networkidle")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('[data-chart]'))"
        ".every(a => a.hasAttribute('data-state'))"
    )
    timing = page.evaluate(
        """() => {
          const paint = performance.getEntriesByName('first-contentful-paint')[0];
          const libs = performance.getEntriesByType('resource')
            .filter(r => /vega(-lite|-embed)?\\.min\\.js$/.test(r.name))
            .map(r => r.startTime);
          return {fcp: paint ? paint.startTime : null, libs: libs};
        }"""
    )
    context.close()
    fcp = timing["fcp"] if timing["fcp"] is not None else float("nan")
    return {
        "bytes": sum(sizes.values()),
        "requests": len(sizes),
        "fcp": fcp,
        "charts_after": all(start >= fcp for start in timing["libs"]),
    }


def report(results: list[dict]) -> None:
    print(
        f"{'page':<18} {'KB (compressed)':>16} {'requests':>9} "
        f"{'first content':>14}  charts after first content"
    )
    for r in results:
        size = r["bytes"] / 1024
        fcp = r["first_content_ms"]
        flags = "" if r["bytes"] <= TARGET_BYTES and fcp <= TARGET_FCP_MS else "  over"
        print(
            f"{r['page']:<18} {size:>16.1f} {r['requests']:>9.0f} {fcp:>11.0f} ms"
            f"  {'yes' if r['charts_after_first_content'] else 'NO'}{flags}"
        )
    print(
        f"targets: under {TARGET_BYTES // 1024} KB and {TARGET_FCP_MS} ms; "
        f"median of {results[0]['runs']} cold loads"
        if results
        else "no pages"
    )


if __name__ == "__main__":
    sys.exit(main())
