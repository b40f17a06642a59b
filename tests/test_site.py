"""The website from a small atlas: every page in both languages, the explorer's
downloads against its table and the API, privacy markers, security headers, errors,
and the static export served by a plain file server."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import shutil
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest
from fastapi.testclient import TestClient

from stematlas.build import build
from stematlas.web.app import create_app
from stematlas.web.static_site import export_site

MINI = Path(__file__).parent / "fixtures" / "mini"
HTML = {"accept": "text/html"}
EVERETT = {"place": "district:31002", "period": "2022-23", "group_type": "Gender"}
PAGES = ["/", "/indicators", "/regions", "/regions/snohomish", "/data",
         "/indicators/graduation_4yr", "/indicators/ela_met"]  # fmt: skip


@pytest.fixture(scope="module")
def db(mini_atlas) -> Path:
    return mini_atlas


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db))


class Page(HTMLParser):
    """The parts of a page the tests read: scripts, links, table rows, lang."""

    def __init__(self, text: str):
        super().__init__()
        self.scripts: list[dict] = []
        self.links: list[str] = []
        self.lang = None
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._table = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "script":
            self.scripts.append(attrs)
        elif tag in ("a", "link") and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "table":
            self._table = attrs.get("id")
        elif tag == "tr" and self._table == "data-table":
            self.rows.append([])
        elif tag in ("td", "th") and self._table == "data-table" and self.rows:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_page_in_both_languages(client, path, lang):
    url = path if lang == "en" else ("/es/" if path == "/" else f"/es{path}")
    page = client.get(url, headers=HTML)
    assert page.status_code == 200, page.text[:300]
    parsed = Page(page.text)
    assert parsed.lang == lang
    # Switchable from every page, to the same page in the other language.
    other = "es" if lang == "en" else "en"
    switch = re.search(rf'href="([^"]*)" hreflang="{other}" lang="{other}"', page.text)
    assert switch, "no language switch"
    assert client.get(switch.group(1), headers=HTML).status_code == 200
    # No inline script: every script is a file, or inert JSON data.
    for script in parsed.scripts:
        assert script.get("src") or script.get("type") == "application/json"


def test_spanish_pages_are_in_spanish(client):
    page = client.get("/es/indicators/graduation_4yr", headers=HTML).text
    assert "Graduación en 4 años" in page and "Tipo de grupo de estudiantes" in page
    assert "Student group type" not in page


def test_security_headers_and_caching(client):
    page = client.get("/", headers=HTML)
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    etag = page.headers["etag"]
    again = client.get("/", headers={**HTML, "if-none-match": etag})
    assert again.status_code == 304


def test_the_explorer_table_its_downloads_and_the_api_agree(client):
    page = client.get("/indicators/graduation_4yr", params=EVERETT, headers=HTML)
    assert page.status_code == 200
    table = Page(page.text).rows[1:]  # after the header row
    shown = [r[0] for r in table]
    assert shown == ["Female", "Gender X", "Male"]

    download = client.get("/indicators/graduation_4yr/data.csv", params=EVERETT)
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert [r["group"] for r in rows] == shown
    as_json = client.get("/indicators/graduation_4yr/data.json", params=EVERETT).json()
    assert [r["group"] for r in as_json["data"]] == shown

    api = client.get(
        "/api/v1/observations",
        params={"indicator": "graduation_4yr", "period": "2022-23",
                "geo_level": "district", "geo_id": "31002", "group_type": "Gender"},
    ).json()  # fmt: skip
    assert [r["group"] for r in api["data"]] == shown
    for mine, theirs in zip(as_json["data"], api["data"], strict=True):
        for column in ("numerator", "denominator", "value", "status", "lower"):
            assert mine[column] == theirs[column]


def test_suppressed_cells_show_a_marker_never_a_number(client):
    page = client.get("/indicators/graduation_4yr", params=EVERETT, headers=HTML)
    rows = {r[0]: r for r in Page(page.text).rows[1:]}
    hidden = rows["Gender X"]
    assert "suppressed" in hidden[1]
    assert not re.search(r"\d", hidden[1].replace("N<10", ""))
    assert "privacy" in hidden[-1]
    assert hidden[3] == hidden[4] == ""  # no numerator, no denominator


def test_banded_cells_show_their_range(client):
    params = {**EVERETT, "place": "district:31006"}
    page = client.get("/indicators/graduation_4yr", params=params, headers=HTML)
    rows = {r[0]: r for r in Page(page.text).rows[1:]}
    assert rows["Gender X"][1].startswith(">90.0%") and "range" in rows["Gender X"][1]


def test_filters_live_in_the_url_and_the_form_works_without_javascript(client):
    page = client.get("/indicators/graduation_4yr", params=EVERETT, headers=HTML)
    assert 'method="get"' in page.text
    for name, value in EVERETT.items():
        assert re.search(
            rf'<select id="f-[a-z]+" name="{name}">.*?'
            rf'<option value="{re.escape(value)}" selected>',
            page.text,
            re.S,
        ), name


def test_errors_say_what_to_do(client):
    missing = client.get("/indicators/no_such_thing", headers=HTML)
    assert missing.status_code == 404 and "/indicators" in missing.text
    assert missing.headers["content-type"].startswith("text/html")
    as_json = client.get("/indicators/no_such_thing/data.json")
    assert as_json.status_code == 404 and "no_such_thing" in as_json.json()["error"]
    bad = client.get("/indicators/graduation_4yr", params={"place": "nowhere"})
    assert bad.status_code == 400 and "LEVEL:ID" in bad.json()["error"]


def test_values_are_escaped(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    evil = data / "ospi" / "graduation" / "<script>x.csv"
    evil.write_bytes((data / "ospi/graduation/graduation_2023.csv").read_bytes())
    db = tmp_path / "atlas.duckdb"
    build(data, db)
    page = TestClient(create_app(db)).get("/data", headers=HTML)
    assert "<script>x.csv" not in page.text and "&lt;script&gt;x.csv" in page.text


# The static export.


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def static_site(db, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "site"
    pages = export_site(db, out)
    # Served under a sub-path, as a project's pages on a static host are.
    handler = functools.partial(Quiet, directory=str(out.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{out.name}/", out, pages
    server.shutdown()
    server.server_close()
    thread.join()


def test_the_static_export_serves_from_a_plain_file_server(static_site):
    base, out, pages = static_site
    assert pages >= 2 * len(PAGES)
    seen, queue, broken = set(), [base], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        with urlopen(url) as answer:
            assert answer.status == 200
            body = answer.read().decode("utf-8")
        if not url.endswith(("/", ".html")):
            continue
        for href in Page(body).links:
            target = urljoin(url, href)
            if urlsplit(target).netloc != urlsplit(base).netloc:
                continue  # the agencies' own sites
            if not target.startswith(base):
                broken.append((url, href))
                continue
            queue.append(target.split("#")[0])
    assert not broken, broken[:5]
    assert base + "es/index.html" in seen
    assert any(u.endswith("/data.csv") for u in seen)
    trend = out / "indicators/graduation_4yr/chart-trend.vl.json"
    spec = json.loads(trend.read_text())
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
