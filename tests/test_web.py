"""The pages show what the warehouse holds, escape it, and say when it is
synthetic."""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi.testclient import TestClient

from stematlas.build import build
from stematlas.synth import write_demo
from stematlas.web.app import create_app

MINI = Path(__file__).parent / "fixtures" / "mini"


def test_pages_list_sources_and_indicators(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    db = tmp_path / "atlas.duckdb"
    build(data, db)
    client = TestClient(create_app(db))
    page = client.get("/data")
    assert page.status_code == 200
    assert "ospi/graduation/graduation_2023.csv" in page.text
    listing = client.get("/indicators")
    assert 'href="/indicators/graduation_4yr"' in listing.text
    assert "Synthetic demo" not in page.text and "Sample data." not in page.text
    assert client.get("/healthz").json()["status"] == "ok"


def test_every_page_of_a_synthetic_build_says_so(tmp_path):
    db = tmp_path / "demo.duckdb"
    report = build(write_demo(tmp_path / "demo"), db, demo=True)
    # Made up, but as consistent as an agency's file: nothing to warn about.
    assert [f.message for f in report.findings if f.severity != "info"] == []
    client = TestClient(create_app(db))
    regions = client.get("/api/v1/geographies", params={"level": "region"}).json()
    paths = ["/", "/indicators", "/regions", "/data", "/indicators/graduation_4yr"]
    paths += ["/careers"]
    for region in regions["data"]:
        paths += [f"/{page}/{region['id']}" for page in ("regions", "careers")]
    # The demo's labor files give every region a list of good jobs.
    for region in regions["data"]:
        jobs = client.get("/api/v1/careers", params={"region": region["id"]})
        assert jobs.json()["data"], region
    for path in paths + [f"/es{p}" if p != "/" else "/es/" for p in paths]:
        page = client.get(path, headers={"accept": "text/html"})
        assert page.status_code == 200, path
        label = "Synthetic demo" if not path.startswith("/es") else "Demostración"
        assert label in page.text, path


def test_values_are_escaped(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    evil = data / "ospi" / "graduation" / "<script>x.csv"
    evil.write_bytes((data / "ospi/graduation/graduation_2023.csv").read_bytes())
    db = tmp_path / "atlas.duckdb"
    build(data, db)
    page = TestClient(create_app(db)).get("/data")
    assert "<script>x.csv" not in page.text and "&lt;script&gt;x.csv" in page.text
