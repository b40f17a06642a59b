"""The build on small hand-made data folders: row accounting, partial folders,
missing folders, failures that leave the served database alone, the lock."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from stematlas.atlas import Atlas
from stematlas.build import build
from stematlas.cli import main
from stematlas.errors import AtlasError, BuildLocked
from stematlas.warehouse.store import build_lock

MINI = Path(__file__).parent / "fixtures" / "mini"
MAP = "geo/us-atlas_counties-10m.json"


@pytest.fixture
def mini(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    return folder


@pytest.fixture
def built(mini, tmp_path) -> Path:
    db = tmp_path / "atlas.duckdb"
    build(mini, db)
    return db


def figure(db: Path, indicator: str, level: str, geo_id: str, group="All Students"):
    with Atlas(db) as atlas:
        rows = atlas.observations(
            indicator, {"geo_level": level, "geo_id": geo_id, "group": group}
        )
    assert len(rows) <= 1
    return rows[0] if rows else None


def test_every_row_is_loaded_or_quarantined(built):
    with Atlas(built) as atlas:
        sources = atlas.sources()
    assert {s["path"] for s in sources} == {
        "ospi/assessment/assessment_2024-25.csv",
        "ospi/directory/schools.csv",
        "ospi/graduation/graduation_2023.csv",
    }
    for s in sources:
        assert s["rows_in"] == s["rows_loaded"] + s["rows_quarantined"]
        assert len(s["sha256"]) == 64
    grad = next(s for s in sources if s["source_id"] == "ospi_graduation")
    assert (grad["rows_in"], grad["rows_quarantined"]) == (11, 0)


def test_published_figures_come_through(built):
    county = figure(built, "graduation_4yr", "county", "53061")
    assert (county["numerator"], county["denominator"]) == (900, 1000)
    assert county["method"] == "published"
    school = figure(built, "graduation_4yr", "school", "4049")
    assert school["numerator"] == 333


def test_agency_markers_never_become_zero(built):
    suppressed = figure(built, "graduation_4yr", "district", "31002", "Gender X")
    assert suppressed["status"] == "suppressed"
    assert suppressed["numerator"] is None and suppressed["value"] is None
    withheld = figure(built, "graduation_4yr", "district", "31006", "Female")
    assert (withheld["status"], withheld["status_reason"]) == ("ok", "counts withheld")
    assert withheld["numerator"] is None and withheld["value"] == 0.95
    band = figure(built, "graduation_4yr", "district", "31006", "Gender X")
    assert band["status"] == "banded"
    assert (band["lower"], band["upper"]) == (0.9, 1.0)


def test_unpublished_county_is_the_sum_of_its_districts(built):
    walla = figure(built, "graduation_4yr", "county", "53071")
    assert (walla["numerator"], walla["denominator"]) == (340 + 80, 400 + 100)
    assert walla["method"] == "aggregated"
    assert walla["value"] == pytest.approx(420 / 500)
    assert walla["coverage"] == 1.0


def test_region_uses_the_published_county(built):
    # Snohomish's region is built from the county's published figure, not from
    # its districts (which sum to 540 + 342 = 882 of 980).
    snohomish = figure(built, "graduation_4yr", "region", "snohomish")
    assert (snohomish["numerator"], snohomish["denominator"]) == (900, 1000)


def test_assessment_in_the_2024_25_naming(built):
    walla = figure(built, "ela_met", "district", "36140")
    assert (walla["numerator"], walla["denominator"], walla["value"]) == (
        1200,
        2700,
        0.4444,
    )


def test_folder_with_some_sources_builds_what_it_can(mini, tmp_path):
    shutil.rmtree(mini / "ospi" / "assessment")
    db = tmp_path / "partial.duckdb"
    report = build(mini, db)
    missing = {s.id for s in report.missing}
    assert "ospi_assessment" in missing and "ospi_graduation" not in missing
    assert figure(db, "graduation_4yr", "county", "53061")["numerator"] == 900
    result = CliRunner().invoke(
        main, ["build", "--data", str(mini), "--db", str(tmp_path / "b.duckdb")]
    )
    assert result.exit_code == 0, result.output
    assert "ospi_assessment: OSPI Report Card assessment" in result.output


def test_missing_data_folder_is_an_error(tmp_path):
    with pytest.raises(AtlasError, match="does not exist"):
        build(tmp_path / "nowhere", tmp_path / "x.duckdb")
    result = CliRunner().invoke(
        main, ["build", "--data", str(tmp_path / "nowhere"), "--db", "x.duckdb"]
    )
    assert result.exit_code == 1
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_data_folder_from_the_environment(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("STEMATLAS_DATA", str(mini))
    db = tmp_path / "env.duckdb"
    result = CliRunner().invoke(main, ["build", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert str(mini) in result.output


def test_failed_build_leaves_the_old_database(built, mini, monkeypatch):
    before = built.read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("stematlas.build.compute", broken)
    with pytest.raises(RuntimeError):
        build(mini, built)
    assert built.read_bytes() == before
    assert not list(built.parent.glob("*.building-*"))


def test_killed_build_leaves_the_old_database_and_the_next_build_works(built, mini):
    before = figure(built, "graduation_4yr", "county", "53061")
    env = dict(os.environ, STEMATLAS_TEST_PAUSE_BEFORE_SWAP="30")
    code = "import sys; from stematlas.cli import main; sys.exit(main())"
    args = ["build", "--data", str(mini), "--db", str(built)]
    child = subprocess.Popen([sys.executable, "-c", code, *args], env=env)
    try:
        deadline = time.time() + 60
        while not list(built.parent.glob("*.building-*")):
            assert time.time() < deadline, "the build never started writing"
            assert child.poll() is None, "the build ended before it was killed"
            time.sleep(0.05)
        time.sleep(0.5)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    # The served file is whole and unchanged.
    assert figure(built, "graduation_4yr", "county", "53061") == before
    # The lock died with the build, and the next build replaces the leftovers.
    report = build(mini, built)
    assert report.observations > 0
    assert not list(built.parent.glob("*.building-*"))


def test_two_builds_cannot_collide(built, mini):
    with build_lock(built):
        with pytest.raises(BuildLocked, match="another build"):
            build(mini, built)


def test_sources_json_is_stable_and_complete(built):
    runner = CliRunner()
    first = runner.invoke(main, ["sources", "--db", str(built), "--json"])
    second = runner.invoke(main, ["sources", "--db", str(built), "--json"])
    assert first.exit_code == 0
    assert first.output == second.output
    rows = json.loads(first.output)
    for row in rows:
        for key in ("size", "rows_in", "rows_loaded", "rows_quarantined", "findings"):
            assert isinstance(row[key], int), key
        for key in ("path", "sha256", "vintage", "url", "license"):
            assert key in row


def test_export_columns_and_key(built, tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        main, ["export", "--db", str(built), "--indicator", "graduation_4yr"]
    )
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split(",")[:17] == (
        "indicator,period,geo_level,geo_id,geo_name,group_type,group,numerator,"
        "denominator,value,lower,upper,status,status_reason,source_id,method,coverage"
    ).split(",")
    # Then the engine's columns (gaps, trend, goal), then attribution last.
    assert lines[0].split(",")[17:] == [
        "gap_to_all_pp", "gap_to_state_pp", "gap_to_best_pp", "ratio_to_all",
        "change_prev_pp", "change_prev", "change_prev_significant",
        "change_baseline_pp", "change_baseline", "change_baseline_significant",
        "baseline_period", "trend_note", "goal_target", "goal_period", "goal_gap_pp",
        "goal_status",
        "source_title", "license", "attribution",
    ]  # fmt: skip
    assert not any(line.startswith("#") for line in lines)
    keys = [tuple(line.split(",")[:7]) for line in lines[1:]]
    assert len(keys) == len(set(keys))

    out = tmp_path / "grad.parquet"
    result = runner.invoke(
        main,
        ["export", "--db", str(built), "--indicator", "graduation_4yr",
         "--format", "parquet", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    count = duckdb.sql(f"SELECT count(*) FROM '{out}'").fetchone()[0]
    assert count == len(keys)

    as_json = runner.invoke(
        main,
        ["export", "--db", str(built), "--indicator", "graduation_4yr",
         "--format", "json"],
    )  # fmt: skip
    assert len(json.loads(as_json.output)) == len(keys)


def test_export_of_an_unknown_indicator(built):
    result = CliRunner().invoke(
        main, ["export", "--db", str(built), "--indicator", "nope"]
    )
    assert result.exit_code == 1
    assert "unknown indicator 'nope'" in result.output


def test_regions_file_replaces_the_default(mini, tmp_path):
    from stematlas.geography import default_counties

    regions = tmp_path / "regions.csv"
    lines = ["county_fips,region_id,region_name"]
    for c in default_counties():
        east = c["county"] in ("Walla Walla", "Snohomish")
        lines.append(f"{c['county_fips']},{'east' if east else 'rest'},Region")
    regions.write_text("\n".join(lines) + "\n")
    db = tmp_path / "regions.duckdb"
    build(mini, db, regions_file=regions)
    both = figure(db, "graduation_4yr", "region", "east")
    assert (both["numerator"], both["denominator"]) == (900 + 420, 1000 + 500)


def test_district_moved_to_another_region(mini, tmp_path):
    moves = tmp_path / "districts.csv"
    moves.write_text("district_code,region_id\n36250,snohomish\n")
    db = tmp_path / "moved.duckdb"
    build(mini, db, district_regions_file=moves)
    # Snohomish county whole (published) plus College Place.
    snohomish = figure(db, "graduation_4yr", "region", "snohomish")
    assert (snohomish["numerator"], snohomish["denominator"]) == (980, 1100)
    southeast = figure(db, "graduation_4yr", "region", "southeast")
    assert (southeast["numerator"], southeast["denominator"]) == (340, 400)


def test_county_shapes_in_the_data_folder_are_in_the_lineage(mini, tmp_path):
    shipped = Path(__file__).resolve().parents[1] / "src/stematlas/web/static/vendor"
    (mini / "geo").mkdir()
    shutil.copy(shipped / "us-atlas-3.0.1/counties-10m.json", mini / MAP)
    db = tmp_path / "maps.duckdb"
    report = build(mini, db)
    assert MAP not in report.unrecognized  # read, for the maps
    with Atlas(db) as atlas:
        (row,) = [r for r in atlas.sources() if r["path"] == MAP]
    assert (row["source_id"], row["rows_in"], row["rows_loaded"]) == (
        "us_atlas_counties",
        39,
        39,
    )
    assert (row["rows_quarantined"], row["findings"]) == (0, 0)
    assert row["sha256"] == hashlib.sha256((mini / MAP).read_bytes()).hexdigest()


def test_unreadable_county_shapes_fall_back_with_a_finding(mini, tmp_path):
    (mini / "geo").mkdir()
    (mini / MAP).write_text('{"type": "Topology", "objects": {}')
    db = tmp_path / "maps.duckdb"
    report = build(mini, db)
    (finding,) = [f for f in report.findings if f.file == MAP]
    assert finding.code == "F001"
    assert "the maps use the copy shipped with the site" in finding.message
    with Atlas(db) as atlas:
        (row,) = [r for r in atlas.sources() if r["path"] == MAP]
        (origin,) = atlas._rows("SELECT origin FROM shapes")
    assert (row["rows_in"], row["rows_loaded"], row["errors"]) == (0, 0, 1)
    assert origin["origin"].startswith("vendored with the site")


def test_a_second_build_process_is_turned_away_and_the_first_finishes(built, mini):
    env = dict(os.environ, STEMATLAS_TEST_PAUSE_BEFORE_SWAP="3")
    code = "import sys; from stematlas.cli import main; sys.exit(main())"
    args = ["build", "--data", str(mini), "--db", str(built)]
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args], env=env, stdout=subprocess.DEVNULL
    )
    try:
        deadline = time.time() + 60
        while not list(built.parent.glob("*.building-*")):
            assert time.time() < deadline, "the first build never started writing"
            time.sleep(0.05)
        second = CliRunner().invoke(main, args)
        assert child.wait(60) == 0
    finally:
        if child.poll() is None:
            child.kill()
    assert second.exit_code == 1
    assert second.output.strip() == (
        f"Error: another build is writing {built}: wait for it to finish (the lock "
        "frees itself when that build ends)"
    )
    assert figure(built, "graduation_4yr", "county", "53061")["numerator"] == 900
    assert not list(built.parent.glob("*.building-*"))
