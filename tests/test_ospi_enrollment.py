"""OSPI enrollment: the Report Card's wide layout (a small file in that layout), the
Washington STEM compilation and the district program counts (the sample pack)."""

from __future__ import annotations

import pytest

from stematlas.sources.load import load_file
from stematlas.sources.ospi_enrollment import SOURCES
from stematlas.sources.registry import recognize

REPORT_CARD, DISTRICTS, COMPILATION = SOURCES
FOLDER = "ospi/enrollment"
BY_GROUP = "by-group_33districts_2014-15_2024-25.csv"
PROGRAMS = "districts_program-counts_2019-20_2024-25.csv"
WIDE = "Report_Card_Enrollment_2023-24.csv"

# Walla Walla Public Schools, 2023-24, as published in both sample files.
WALLA_WALLA_2023_24 = {
    ("All", "All Students"): 5556,
    ("Income", "Low Income"): 3986,
    ("English Learner", "English Learner"): 858,
    ("Disability", "Students with Disabilities"): 967,
    ("Homeless", "Homeless"): 210,
    ("Migrant", "Migrant"): 69,
    ("Highly Capable", "Highly Capable"): 548,
}


def counts(facts, geo_id, period="2023-24"):
    return {
        (f.group_type, f.group): f.value
        for f in facts
        if f.geo_id == geo_id and f.period == period
    }


@pytest.fixture
def wide(fixtures):
    return load_file(REPORT_CARD, fixtures / "ospi_enrollment" / WIDE)


@pytest.fixture(scope="module")
def compilation(sample):
    return load_file(COMPILATION, sample / FOLDER / BY_GROUP)


@pytest.fixture(scope="module")
def districts(sample):
    return load_file(DISTRICTS, sample / FOLDER / PROGRAMS)


def test_wide_layout_row_accounting(wide):
    # 6 rows: state, district, a district 1st Grade row (no fact), three schools.
    assert (wide.rows_in, wide.rows_loaded, wide.rows_quarantined) == (6, 6, 0)
    assert len(wide.facts) == 31 + 31 + 31 + 29 + 31
    assert wide.vintage == "2023-24"
    assert {f.indicator for f in wide.facts} == {"enrollment"}


def test_wide_layout_counts(wide):
    state = counts(wide.facts, "53")
    assert state[("All", "All Students")] == 1094330
    assert state[("Gender", "Gender X")] == 2330
    assert state[("Foster Care", "Not Foster Care")] == 1089330

    district = counts(wide.facts, "36140")
    assert len(district) == 31
    assert {k: district[k] for k in WALLA_WALLA_2023_24} == WALLA_WALLA_2023_24
    assert district[("Race/Ethnicity", "Hispanic or Latino")] == 2464
    assert district[("Military Family", "Not Military Family")] == 5499
    fact = next(f for f in wide.facts if f.geo_id == "36140")
    assert (fact.numerator, fact.denominator, fact.status) == (5556, None, "ok")
    assert (fact.geo_level, fact.geo_name) == ("district", "Walla Walla Public Schools")
    assert (fact.county, fact.esd) == ("Walla Walla", "ESD 123")


def test_wide_layout_suppression(wide):
    def status(school, group):
        fact = next(f for f in wide.facts if f.geo_id == school and f.group == group)
        return fact.status, fact.status_reason, fact.value

    # DAT "N < 10" on the row: its empty cells, and a cell holding "N<10".
    assert status("5555", "Gender X") == ("suppressed", "source suppressed", None)
    assert status("5555", "Black or African American") == (
        "suppressed",
        "source suppressed",
        None,
    )
    assert status("5555", "Hispanic or Latino") == ("ok", "", 150)
    # No DAT: a marker in the cell still counts; empty cells are no data.
    assert status("5556", "Gender X") == ("suppressed", "source suppressed", None)
    assert not [f for f in wide.facts if f.geo_id == "5556" and "Foster" in f.group]
    # DAT "> 95%": the hidden counts are suppressed, not banded (a count has no band).
    assert status("5557", "Low Income") == ("suppressed", "top/bottom coded", None)
    assert status("5557", "Not Low Income") == ("suppressed", "top/bottom coded", None)
    assert status("5557", "Hispanic or Latino") == ("ok", "", 300)


def test_wide_layout_combined_file_spellings(write):
    # The combined file's "Gradelevel", an older year without Gender X and foster
    # care, a slash without its space, and a count that is not a number.
    header = (
        "SchoolYear,OrganizationLevel,County,ESDName,DistrictCode,DistrictName,"
        "SchoolCode,SchoolName,Gradelevel,All Students,Female,Male,"
        "Black/African American,Low-Income,Non-Low Income\n"
    )
    body = (
        "2015-16,District,Walla Walla,ESD 123,36140,Walla Walla Public Schools,,"
        'District Total,All Grades,"6,012","2,950","3,062",61,"3,500",'
        '"2,512"\n'
        "2015-16,District,Walla Walla,ESD 123,36140,Walla Walla Public Schools,,"
        "District Total,9th Grade,480,230,250,5,250,230\n"
        "2015-16,District,Columbia (Walla Walla),ESD 123,36400,"
        "Columbia (Walla Walla) School District,,District Total,All Grades,"
        "12a,380,400,1,400,380\n"
    )
    result = load_file(REPORT_CARD, write("combined.csv", header + body))

    assert (result.rows_in, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)
    assert [(q.number, q.code, q.column) for q in result.quarantined] == [
        (3, "V001", "allstudents")
    ]
    assert counts(result.facts, "36140", "2015-16") == {
        ("All", "All Students"): 6012,
        ("Gender", "Female"): 2950,
        ("Gender", "Male"): 3062,
        ("Race/Ethnicity", "Black or African American"): 61,
        ("Income", "Low Income"): 3500,
        ("Income", "Not Low Income"): 2512,
    }


def test_compilation_loads_every_row(compilation):
    result = compilation

    assert (result.rows_in, result.rows_quarantined) == (32430, 0)
    # 361 district-years x (30 subgroups + All Students), from All Grades rows only.
    assert len(result.facts) == 361 * 31
    totals = [f for f in result.facts if f.group == "All Students"]
    assert len(totals) == 361
    assert result.vintage == "2014-15 to 2024-25"


def test_compilation_figures(compilation):
    result = compilation

    walla_walla = counts(result.facts, "36140")
    assert {k: walla_walla[k] for k in WALLA_WALLA_2023_24} == WALLA_WALLA_2023_24
    assert walla_walla[("Race/Ethnicity", "Hispanic or Latino")] == 2464
    assert walla_walla[("Race/Ethnicity", "American Indian or Alaska Native")] == 23
    # DistrictCode lost its leading zero in the compilation: 5402 is 05402.
    quillayute = counts(result.facts, "05402", "2014-15")
    assert quillayute[("All", "All Students")] == 1211
    assert quillayute[("Gender", "Female")] == 556
    fact = next(f for f in result.facts if f.geo_id == "05402")
    assert (fact.geo_level, fact.geo_name) == ("district", "Quillayute Valley")


def test_compilation_grade_bands_emit_nothing(write):
    header = (
        "SchoolYear,DistrictCode,Gradelevel,All.Students,Students,Demographic.Group,"
        "Demographic.Subgroup,ERDC.DistrictTTL,Horizons.Partner\n"
    )
    body = (
        "2023-24,36140,High School,1700,820,Gender,Female,Walla Walla,Blue Mountain\n"
        "2023-24,36140,2024 Cohort,420,200,Gender,Female,Walla Walla,Blue Mountain\n"
        "2023-24,36140,All Grades,5556,2709,Gender,Female,Walla Walla,Blue Mountain\n"
        "2023-24,36140,All Grades,5556,2833,Gender,Male,Walla Walla,Blue Mountain\n"
        "2023-24,36140,All Grades,5556,,Gender,Gender X,Walla Walla,Blue Mountain\n"
    )
    result = load_file(COMPILATION, write("compiled.csv", header + body))

    assert (result.rows_in, result.rows_loaded, result.rows_quarantined) == (5, 4, 1)
    assert [(q.number, q.code) for q in result.quarantined] == [(5, "V008")]
    assert counts(result.facts, "36140") == {
        ("All", "All Students"): 5556,
        ("Gender", "Female"): 2709,
        ("Gender", "Male"): 2833,
    }


def test_district_program_counts(districts):
    result = districts

    assert (result.rows_in, result.rows_quarantined) == (1885, 0)
    assert len(result.facts) == 1885 * 7
    assert counts(result.facts, "36140") == WALLA_WALLA_2023_24
    fact = next(f for f in result.facts if f.geo_id == "36140")
    assert (fact.period, fact.geo_name) == ("2019-20", "Walla Walla Public Schools")
    assert (fact.county, fact.esd) == ("Walla Walla", "ESD 123")
    assert (fact.numerator, fact.denominator, fact.value) == (5889, None, 5889)


def test_district_esd_hint_only_for_an_esd(districts):
    first = {}
    for f in districts.facts:
        first.setdefault(f.geo_id, f)

    # A charter school authorized by the Commission, and a tribal compact school.
    assert (first["36901"].county, first["36901"].esd) == ("Walla Walla", None)
    assert (first["27901"].county, first["27901"].esd) == ("Pierce", None)
    assert first["14005"].esd == "Capital Region ESD 113"


def test_licenses():
    assert DISTRICTS.license == (
        "no license stated; figures are OSPI's public enrollment"
    )
    assert COMPILATION.license == "CC BY-NC 4.0"
    assert "Washington STEM" in COMPILATION.attribution
    assert REPORT_CARD.priority > DISTRICTS.priority > COMPILATION.priority


def test_each_file_is_recognized_as_its_own_source(sample, fixtures):
    files = {
        sample / FOLDER / BY_GROUP: COMPILATION,
        sample / FOLDER / PROGRAMS: DISTRICTS,
        fixtures / "ospi_enrollment" / WIDE: REPORT_CARD,
    }
    for path, source in files.items():
        assert recognize(path, f"{FOLDER}/{path.name}", SOURCES) is source
