"""Files that are not what they claim: empty, header only, binary under a .csv name,
a workbook with notes under its table or one that will not open, numbers no agency
writes, a loader meeting a file it cannot handle. Each gets findings that say what
to do, its rows are accounted for, and the build goes on without a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from stematlas.cli import main
from stematlas.sources.load import load_file
from stematlas.sources.ospi_graduation import SOURCES as GRADUATION
from stematlas.sources.readers import read_text_table
from stematlas.sources.registry import all_sources, recognize, why_unrecognized
from stematlas.sources.wsac import SOURCES as WSAC

MINI = Path(__file__).parent / "fixtures" / "mini"
GRAD = (
    "SchoolYear,OrganizationLevel,County,DistrictCode,DistrictName,StudentGroupType,"
    "StudentGroup,Suppression,Cohort,FinalCohort,Graduate,GraduationRate\n"
)
ROW = (
    "2023,District,Walla Walla,36140,Walla Walla Public Schools,All,All Students,"
    "No Suppression,Four Year,400,340,{rate}\n"
)
BINARY = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U0#\xf4\x00\x00\x00"


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def test_binary_file_under_a_csv_name(write):
    path = write("ospi/graduation/g.csv", BINARY)

    table = read_text_table(path)
    assert (table.header, table.rows_in) == ([], 0)
    assert [f.code for f in table.findings] == ["F001"]
    assert "export it from the agency's site as CSV" in table.findings[0].message
    assert recognize(path, "ospi/graduation/g.csv", all_sources()) is None
    why = why_unrecognized(path, "ospi/graduation/g.csv", all_sources())
    assert (why.code, why.severity) == ("F005", "warning")
    assert why.message == (
        "the file is not a readable table (a binary file, or a workbook that will "
        "not open): save the agency's download as CSV (ospi_graduation)"
    )


def test_empty_and_blank_files_in_a_source_folder(write):
    for name, content in (("a.csv", ""), ("b.csv", "\n \n")):
        path = write(f"ospi/graduation/{name}", content)
        why = why_unrecognized(path, f"ospi/graduation/{name}", all_sources())
        assert why.message == "the file is empty: download it again (ospi_graduation)"


def test_other_families_outside_source_folders_get_no_finding(write):
    # Child care prices: a family no source reads, in its own folder.
    path = write("childcare/prices.csv", "county,price\n53033,1900\n")
    assert why_unrecognized(path, "childcare/prices.csv", all_sources()) is None


def test_another_layout_in_a_source_folder_is_a_note_naming_the_columns(write):
    path = write("ospi/graduation/derived.csv", "District,Year,Rate\nA,2019,0.9\n")
    why = why_unrecognized(path, "ospi/graduation/derived.csv", all_sources())
    assert why.severity == "info"
    assert "the closest is ospi_graduation's, which also needs 'SchoolYear'" in (
        why.message
    )


def test_header_only_file(write):
    result = load_file(GRADUATION[0], write("g.csv", GRAD))
    assert (result.rows_in, result.rows_loaded, result.rows_quarantined) == (0, 0, 0)
    (finding,) = [f for f in result.findings if f.code == "F007"]
    assert finding.severity == "warning"
    assert "no data rows" in finding.message and "fetch it again" in finding.message


@pytest.mark.parametrize("text", ["inf", "1e400", "-inf"])
def test_numbers_that_are_no_figure(write, text):
    result = load_file(GRADUATION[0], write("g.csv", GRAD + ROW.format(rate=text)))
    assert (result.rows_in, result.rows_quarantined) == (1, 1)
    assert result.quarantined[0].code == "V001"
    assert result.quarantined[0].message == f"{text!r} is not a rate"


def test_a_loader_fault_quarantines_the_file_instead_of_stopping(write, monkeypatch):
    source = GRADUATION[0]
    path = write("g.csv", GRAD + ROW.format(rate="0.85") + ROW.format(rate="0.8"))

    def fault(row, number):
        raise KeyError("cohort")

    monkeypatch.setattr(source, "parse", fault)
    result = load_file(source, path)
    assert (result.rows_in, result.rows_loaded, result.rows_quarantined) == (2, 0, 2)
    assert result.findings[0].code == "F008"
    assert result.findings[0].message.startswith(
        "the ospi_graduation loader failed on this file (KeyError: 'cohort')"
    )


def workbook(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


WSAC_HEADER = [
    "Region Type",
    "Region Name",
    "District Code",
    "FAFSA Completion Rate",
    "High School Academic Year",
    "Demographic Method",
    "Demographic Name",
]


def test_workbook_notes_under_the_table_are_set_aside(tmp_path):
    path = workbook(
        tmp_path / "fafsa.xlsx",
        [
            ["FAFSA completion, by district"],
            [],
            WSAC_HEADER,
            ["District", "Kent", "17415", 0.55, "2022-2023", "All", "All Students"],
            [],
            ["Source: WSAC, retrieved 2024"],
        ],
    )
    result = load_file(WSAC[0], path)

    assert (result.rows_in, result.rows_loaded, result.rows_quarantined) == (2, 1, 1)
    (note,) = result.quarantined
    assert (note.code, note.severity) == ("V008", "warning")
    assert note.message == (
        "the row holds only 'Source: WSAC, retrieved 2024': a note or a title, not data"
    )
    assert result.facts[0].value == pytest.approx(0.55)


def test_broken_files_in_a_build(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    folder = data / "ospi" / "graduation"
    (folder / "binary.csv").write_bytes(BINARY)
    (folder / "empty.csv").write_text("")
    (folder / "header.csv").write_text(GRAD)
    (data / "wsac").mkdir()
    (data / "wsac" / "broken.xlsx").write_bytes(BINARY)
    db = tmp_path / "atlas.duckdb"

    result = CliRunner().invoke(main, ["build", "--data", str(data), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert (
        "    ospi/graduation/empty.csv: the file is empty: download it again "
        "(ospi_graduation)\n" in result.output
    )
    assert "    wsac/broken.xlsx: the file is not a readable table" in result.output
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute(
            "SELECT file, code, severity FROM findings WHERE code LIKE 'F%' "
            "ORDER BY file"
        ).fetchall()
    assert found == [
        ("ospi/graduation/binary.csv", "F005", "warning"),
        ("ospi/graduation/empty.csv", "F005", "warning"),
        ("ospi/graduation/header.csv", "F007", "warning"),
        ("wsac/broken.xlsx", "F005", "warning"),
    ]


def test_validate_json_on_a_binary_file_exits_1(write):
    path = write("ospi/graduation/g.csv", BINARY)
    result = CliRunner().invoke(main, ["validate", "--json", str(path)])
    assert result.exit_code == 1
    assert '"code": "F005"' in result.output
    assert "not a readable table" in result.output


def test_a_failed_build_says_why_and_leaves_the_old_file(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    db = tmp_path / "atlas.duckdb"
    args = ["build", "--data", str(data), "--db", str(db)]
    runner = CliRunner()
    assert runner.invoke(main, args).exit_code == 0
    before = db.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr("stematlas.build.compute", broken)
    result = runner.invoke(main, args)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    # The progress bar leaves an empty line behind.
    assert result.output.strip() + "\n" == (
        "Error: the build failed (OSError: No space left on device); "
        f"{db} is unchanged. Set STEMATLAS_DEBUG=1 to see where\n"
    )
    assert db.read_bytes() == before
    assert not list(tmp_path.glob("atlas.duckdb.building-*"))


def test_a_renamed_column_names_each_known_spelling_once(write):
    renamed = GRAD.replace(",Cohort,", ",Cohort Years,")
    result = load_file(GRADUATION[0], write("g.csv", renamed + ROW.format(rate="0.85")))

    assert (result.rows_in, result.rows_quarantined) == (1, 1)
    (finding,) = [f for f in result.findings if f.code == "C001" and f.row == 0]
    assert finding.message == (
        "column 'Cohort' is missing; it is known as 'Cohort'. Rename the column in "
        "the file, or add its new name to the field's aliases in "
        "stematlas/sources/ospi_graduation.py."
    )
