"""Reading agency files whatever happened to them on the way: encodings, byte order
marks, delimiters, cut-off downloads, Excel's dates, duplicate rows, renamed
columns."""

from __future__ import annotations

import pytest

from stematlas.sources.load import load_file
from stematlas.sources.ospi_graduation import SOURCES
from stematlas.sources.readers import excel_date_from_range, read_text_table

GRADUATION = SOURCES[0]
HEADER = (
    "SchoolYear,OrganizationLevel,County,DistrictCode,DistrictName,StudentGroupType,"
    "StudentGroup,Suppression,Cohort,FinalCohort,Graduate,GraduationRate\n"
)
ROWS = [
    "2023,District,Walla Walla,36140,Walla Walla Public Schools,All,All Students,"
    "No Suppression,Four Year,400,340,0.85\n",
    "2023,District,Walla Walla,36140,Walla Walla Public Schools,Gender,Female,"
    "No Suppression,Four Year,200,175,0.875\n",
    "2023,District,Walla Walla,36140,Walla Walla Public Schools,Gender,Male,"
    "No Suppression,Four Year,198,163,0.8232\n",
]


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def test_clean_file(write):
    result = load_file(GRADUATION, write("g.csv", HEADER + "".join(ROWS)))
    assert (result.rows_in, result.rows_loaded, result.rows_quarantined) == (3, 3, 0)
    assert result.errors == 0


def test_windows_1252_is_read_with_a_warning(write):
    text = HEADER + ROWS[0].replace("Walla Walla Public", "Walla Wallá Public")
    result = load_file(GRADUATION, write("g.csv", text, encoding="cp1252"))
    assert "F002" in codes(result)
    assert result.rows_loaded == 1
    assert result.facts[0].geo_name == "Walla Wallá Public Schools"


def test_byte_order_mark_is_dropped(write):
    result = load_file(GRADUATION, write("g.csv", "\ufeff" + HEADER + ROWS[0]))
    assert "F003" in codes(result)
    assert result.rows_loaded == 1 and result.facts[0].period == "2022-23"


def test_truncated_last_line(write):
    cut = ROWS[2][: ROWS[2].index("Four Year")]
    result = load_file(GRADUATION, write("g.csv", HEADER + ROWS[0] + ROWS[1] + cut))
    assert (result.rows_in, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)
    message = next(f for f in result.findings if f.code == "F004" and f.row == 3)
    assert "cut off" in message.message and "fetch the file again" in message.message


def test_excel_mangled_range(write):
    mangled = ROWS[0].replace("Four Year", "4-Mar")
    result = load_file(GRADUATION, write("g.csv", HEADER + mangled + ROWS[1]))
    assert result.rows_quarantined == 1
    finding = next(f for f in result.findings if f.code == "V007")
    assert finding.column == "Cohort"
    assert "'3-4'" in finding.message


@pytest.mark.parametrize(
    ("text", "original"),
    [("4-Mar", "3-4"), ("10-Sep", "9-10"), ("Mar-04", "3-4"), ("3-4", None)],
)
def test_excel_dates_read_back_as_ranges(text, original):
    assert excel_date_from_range(text) == original


def test_exact_duplicate_row(write):
    result = load_file(GRADUATION, write("g.csv", HEADER + ROWS[0] + ROWS[0]))
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    finding = next(f for f in result.findings if f.code == "K001")
    assert finding.row == 2 and "same figure as row 1" in finding.message


def test_conflicting_duplicate(write):
    other = ROWS[0].replace("400,340,0.85", "400,300,0.75")
    result = load_file(GRADUATION, write("g.csv", HEADER + ROWS[0] + other))
    finding = next(f for f in result.findings if f.code == "K002")
    assert "the first is kept" in finding.message
    assert result.facts[0].numerator == 340


def test_renamed_column_names_the_known_names(write):
    renamed = HEADER.replace("Graduate,", "Graduates Total,")
    result = load_file(GRADUATION, write("g.csv", renamed + "".join(ROWS)))
    assert result.rows_loaded == 0 and result.rows_quarantined == 3
    finding = next(f for f in result.findings if f.code == "C001")
    assert finding.column == "Graduate"
    assert "'Graduates'" in finding.message  # a known alternative
    assert "'Graduates Total'" in finding.message  # what the file has instead


def test_known_alternative_spelling_loads(write):
    api = HEADER.replace("SchoolYear", "schoolyear").replace(
        "GraduationRate", "graduationrate"
    )
    result = load_file(GRADUATION, write("g.csv", api + ROWS[0]))
    assert result.rows_loaded == 1 and result.errors == 0


def test_numerator_over_denominator_is_quarantined(write):
    bad = ROWS[0].replace("400,340,0.85", "300,340,0.85")
    result = load_file(GRADUATION, write("g.csv", HEADER + bad))
    assert codes(result).count("V003") == 1 and result.rows_quarantined == 1


def test_rate_outside_0_1_is_quarantined(write):
    bad = ROWS[0].replace("400,340,0.85", ",,85")
    result = load_file(GRADUATION, write("g.csv", HEADER + bad))
    assert "V002" in codes(result)


def test_unknown_marker_is_reported(write):
    odd = ROWS[0].replace("No Suppression", "Masked (policy)")
    result = load_file(GRADUATION, write("g.csv", HEADER + odd))
    finding = next(f for f in result.findings if f.code == "V004")
    assert "'Masked (policy)'" in finding.message


def test_pipe_separated(write):
    text = (HEADER + ROWS[0]).replace(",", "|").replace("|0.85", "|0.85")
    table = read_text_table(write("g.psv", text))
    assert table.delimiter == "|" and len(table.rows) == 1


def test_group_totals_larger_than_all_students(write):
    big = ROWS[1].replace("200,175,0.875", "300,250,0.8333")
    result = load_file(GRADUATION, write("g.csv", HEADER + ROWS[0] + big + ROWS[2]))
    finding = next(f for f in result.findings if f.code == "T001")
    assert finding.severity == "warning" and "Gender" in finding.message
    assert result.rows_loaded == 3


def test_empty_file(write):
    result = load_file(GRADUATION, write("g.csv", ""))
    assert "F006" in codes(result) and result.rows_in == 0
