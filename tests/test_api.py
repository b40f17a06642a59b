"""The open data API over a small atlas: the catalog, places, observations (filters,
keyset pages, CSV), bulk files written at build time, attribution on every answer,
caching by build, and errors that say what to fix."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from stematlas.atlas import BASE_COLUMNS, Atlas
from stematlas.web.app import create_app

API = "/api/v1"
OBSERVATIONS = f"{API}/observations"


@pytest.fixture(scope="module")
def db(mini_atlas) -> Path:
    return mini_atlas


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db))


def build_id(db: Path) -> str:
    with Atlas(db) as atlas:
        return atlas.meta()["build_id"]


def test_the_catalog_lists_every_indicator_with_its_sources(client, db):
    answer = client.get(f"{API}/indicators")
    assert answer.status_code == 200
    body = answer.json()
    ids = [entry["id"] for entry in body["data"]]
    assert "graduation_4yr" in ids and "credential_attainment_25_44" in ids
    assert body["build_id"] == build_id(db)
    graduation = next(e for e in body["data"] if e["id"] == "graduation_4yr")
    assert graduation["observations"] > 0 and graduation["unit"] == "rate"
    # Only the sources this build read, each with its terms.
    assert {s["source_id"] for s in body["sources"]} >= {"ospi_graduation"}
    assert all(s["license"] for s in body["sources"])
    assert body["licenses"] == sorted({s["license"] for s in body["sources"]})


def test_one_indicator_says_what_it_covers(client):
    body = client.get(f"{API}/indicators/graduation_4yr").json()
    assert body["periods"] == ["2022-23"]
    assert {"district", "county", "region", "state"} <= set(body["geo_levels"])
    assert "Gender" in body["group_types"]
    assert body["links"]["bulk_csv"] == f"{API}/bulk/graduation_4yr.csv"
    assert [s["source_id"] for s in body["sources"]] == ["ospi_graduation"]
    missing = client.get(f"{API}/indicators/no_such")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": f"unknown indicator 'no_such': list the ids at {API}/indicators",
        "status": 404,
    }


def test_places_nest_in_their_parents(client):
    body = client.get(f"{API}/geographies", params={"level": "district"}).json()
    everett = next(p for p in body["data"] if p["id"] == "31002")
    assert everett["level"] == "district"
    assert (everett["county_id"], everett["region_id"]) == ("53061", "snohomish")
    assert everett["district_id"] is None  # its own id is not a parent
    assert body["sources"] and body["build_id"]
    bad = client.get(f"{API}/geographies", params={"level": "planet"})
    assert bad.status_code == 422 and "level" in bad.json()["error"]


def test_pages_follow_the_key_and_add_up_to_the_whole(client, db):
    with Atlas(db) as atlas:
        whole = atlas.observations("graduation_4yr")
    seen, url, pages = [], f"{OBSERVATIONS}?indicator=graduation_4yr&limit=3", 0
    while url:
        answer = client.get(url)
        assert answer.status_code == 200
        body = answer.json()
        assert len(body["data"]) <= 3
        if body["next"]:
            assert answer.headers["link"] == f'<{body["next"]}>; rel="next"'
        seen += body["data"]
        url, pages = body["next"], pages + 1
    assert pages == -(-len(whole) // 3)
    key = ["period", "geo_level", "geo_id", "group_type", "group"]
    assert [[r[k] for k in key] for r in seen] == [[r[k] for k in key] for r in whole]


def test_filters_are_exact_matches(client):
    params = {"indicator": "graduation_4yr", "geo_level": "district",
              "geo_id": "31002", "group_type": "Gender"}  # fmt: skip
    rows = client.get(OBSERVATIONS, params=params).json()["data"]
    assert [r["group"] for r in rows] == ["Female", "Gender X", "Male"]
    hidden = client.get(OBSERVATIONS, params={**params, "status": "suppressed"})
    (row,) = hidden.json()["data"]
    assert row["group"] == "Gender X"
    # A hidden figure carries no number at all.
    for column in ("numerator", "denominator", "value", "lower", "upper"):
        assert row[column] is None
    assert row["status_reason"]


def test_csv_is_one_header_line_then_rows(client):
    params = {"indicator": "graduation_4yr", "geo_level": "district",
              "geo_id": "31002", "format": "csv"}  # fmt: skip
    answer = client.get(OBSERVATIONS, params=params)
    assert answer.headers["content-type"].startswith("text/csv")
    lines = answer.text.splitlines()
    assert not any(line.startswith("#") for line in lines)
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    header = lines[0].split(",")
    assert header[: len(BASE_COLUMNS)] == BASE_COLUMNS
    assert header[-3:] == ["source_title", "license", "attribution"]
    assert rows and all(r["license"] for r in rows)
    json_rows = client.get(
        OBSERVATIONS, params={k: v for k, v in params.items() if k != "format"}
    ).json()["data"]
    assert [r["group"] for r in rows] == [r["group"] for r in json_rows]


def test_bulk_files_are_written_at_build_time(client, db):
    answer = client.get(f"{API}/bulk/graduation_4yr.csv")
    assert answer.status_code == 200
    assert answer.headers["x-build-id"] == build_id(db)
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    with Atlas(db) as atlas:
        whole = atlas.observations("graduation_4yr")
    assert len(rows) == len(whole)

    parquet = client.get(f"{API}/bulk/graduation_4yr.parquet")
    assert parquet.status_code == 200 and parquet.content[:4] == b"PAR1"
    path = db.parent / "bulk.parquet"
    path.write_bytes(parquet.content)
    count = duckdb.sql(f"SELECT count(*) FROM '{path}'").fetchone()[0]
    assert count == len(whole)
    missing = client.get(f"{API}/bulk/no_such.csv")
    assert missing.status_code == 404 and "no_such" in missing.json()["error"]


def test_answers_revalidate_by_build(client, db):
    answer = client.get(f"{API}/indicators")
    etag = answer.headers["etag"]
    assert build_id(db) in etag and "max-age" in answer.headers["cache-control"]
    assert answer.headers["x-build-id"] == build_id(db)
    again = client.get(f"{API}/indicators", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize(
    "params, message",
    [
        ({}, "indicator"),
        ({"indicator": "graduation_4yr", "limit": 0}, "limit"),
        ({"indicator": "graduation_4yr", "limit": 100000}, "limit"),
        ({"indicator": "graduation_4yr", "cursor": "not-a-cursor"}, "cursor"),
        ({"indicator": "graduation_4yr", "geo_level": "planet"}, "geo_level"),
    ],
)
def test_bad_requests_say_what_to_fix(client, params, message):
    answer = client.get(OBSERVATIONS, params=params)
    assert answer.status_code in (400, 422)
    body = answer.json()
    assert body["status"] == answer.status_code and message in body["error"]


def test_the_docs_page_reads_the_schema(client):
    page = client.get("/api/docs", headers={"accept": "text/html"})
    assert page.status_code == 200 and "swagger-ui-bundle.js" in page.text
    assert "<script>" not in page.text  # no inline script
    schema = client.get("/openapi.json").json()
    assert f"{API}/observations" in schema["paths"]
