"""Shared fixtures: where the sample pack is, and where small hand-made files live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = Path(os.environ.get("STEMATLAS_SAMPLE", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def sample() -> Path:
    """The shared sample data pack; tests that need it skip where it is absent."""
    if not SAMPLE.is_dir():
        pytest.skip(f"sample data pack not found at {SAMPLE}")
    return SAMPLE


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def mini_atlas(tmp_path_factory) -> Path:
    """The atlas of tests/fixtures/mini, built once per run and only read: the
    site, the API, the fuzzer and the browser tests share it."""
    import shutil

    from stematlas.build import build

    root = tmp_path_factory.mktemp("mini")
    shutil.copytree(FIXTURES / "mini", root / "data")
    build(root / "data", root / "atlas.duckdb")
    return root / "atlas.duckdb"


@pytest.fixture
def write(tmp_path):
    """Write a small file in an agency's layout: write("x.csv", text or bytes)."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode(encoding) if isinstance(content, str) else content
        path.write_bytes(data)
        return path

    return _write


# Serving the app on loopback, and a real browser to read it.

CHROMIUM = Path("/usr/bin/chromium")
# Headless as root in a sandbox, with nothing reaching out to the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def serve_app():
    """serve_app(db) -> base URL of the app over ``db``, served by uvicorn on a
    free loopback port until the module's tests are done."""
    import socket
    import threading

    import uvicorn

    from stematlas.web.app import create_app

    servers = []

    def start(db: Path) -> str:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        config = uvicorn.Config(create_app(db), log_level="warning", lifespan="off")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
        thread.start()
        servers.append((server, thread, sock))
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the test server did not start")
            threading.Event().wait(0.02)
        return f"http://127.0.0.1:{sock.getsockname()[1]}"

    yield start
    for server, thread, sock in servers:
        server.should_exit = True
        thread.join()
        sock.close()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium under Playwright. Missing, the browser tests skip, unless
    STEMATLAS_REQUIRE_BROWSER is set (CI sets it), where they fail."""
    required = bool(os.environ.get("STEMATLAS_REQUIRE_BROWSER"))
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if required:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium):
    """new_page(javascript=True) -> a page in a fresh context. The test fails if
    the page logs an error or breaks the Content-Security-Policy."""
    contexts, problems = [], []

    def open_page(javascript: bool = True):
        context = chromium.new_context(
            java_script_enabled=javascript,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "console",
            lambda m: problems.append(f"{m.type}: {m.text}")
            if m.type == "error"
            else None,
        )
        page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert problems == [], problems
