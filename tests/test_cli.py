"""The command line: help everywhere, the README keeps up, validate's verdicts,
the synthetic demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from stematlas.atlas import Atlas
from stematlas.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert main.commands[command].help, command
    assert "Usage:" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_shows_every_command(command):
    assert f"stematlas {command}" in README


def test_readme_opens_with_the_two_commands():
    head = README[:600]
    assert "make run" in head and "make test" in head


GRAD = (
    "SchoolYear,OrganizationLevel,County,DistrictCode,DistrictName,StudentGroupType,"
    "StudentGroup,Suppression,Cohort,FinalCohort,Graduate,GraduationRate\n"
    "2023,District,Walla Walla,36140,Walla Walla Public Schools,All,All Students,"
    "No Suppression,Four Year,400,340,0.85\n"
)


def test_validate_a_good_file(write):
    path = write("ospi/graduation/g.csv", GRAD)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "ospi_graduation" in result.output and "1 loaded" in result.output


def test_validate_a_bad_file_exits_1_with_reasons(write):
    path = write("ospi/graduation/g.csv", GRAD.replace("Graduate,", "Grads,"))
    result = CliRunner().invoke(main, ["validate", "--json", str(path)])
    assert result.exit_code == 1
    (report,) = json.loads(result.output)
    assert report["rows_quarantined"] == 1 and report["errors"] >= 1
    assert any(f["code"] == "C001" for f in report["findings"])


def test_validate_an_unknown_file(write):
    path = write("notes.csv", "a,b\n1,2\n")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "F005" in result.output and "Traceback" not in result.output


def test_validate_a_missing_file(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "none.csv")])
    assert result.exit_code == 1 and "does not exist" in result.output


def test_indicators_json_lists_ids():
    result = CliRunner().invoke(main, ["indicators", "--json"])
    ids = {i["id"] for i in json.loads(result.output)}
    assert {"ela_met", "math_met_g08", "graduation_7yr", "dual_credit_ap"} <= ids


def test_demo_when_the_data_folder_is_missing(tmp_path):
    db = tmp_path / "demo.duckdb"
    result = CliRunner().invoke(
        main,
        ["build", "--data", str(tmp_path / "absent"), "--db", str(db),
         "--demo-if-missing"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Sample data not found" in result.output
    with Atlas(db) as atlas:
        assert atlas.meta()["demo"] == "synthetic"
        rows = atlas.observations("graduation_4yr", {"geo_level": "district"})
    assert len(rows) > 20
