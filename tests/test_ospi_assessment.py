"""OSPI Report Card assessment: the sample district extracts, a statewide file in the
2024-25 naming, and a file in data.wa.gov's API naming."""

from __future__ import annotations

import pytest

from stematlas.sources.load import load_file
from stematlas.sources.ospi_assessment import SOURCES
from stematlas.sources.registry import recognize

SOURCE = SOURCES[0]
FOLDER = "ospi/assessment"
YEARS = {
    # period: data rows, all of them read as facts
    "2015-16": 590,
    "2016-17": 604,
    "2017-18": 601,
    "2018-19": 640,
    "2020-21": 632,
    "2021-22": 634,
    "2022-23": 634,
    "2023-24": 648,
}


def walla_walla(sample, year):
    path = sample / FOLDER / f"walla-walla_district_{year}.csv"
    return load_file(SOURCE, path)


def find(result, indicator, group="All Students"):
    hits = [f for f in result.facts if f.indicator == indicator and f.group == group]
    assert len(hits) == 1, (indicator, group, hits)
    return hits[0]


@pytest.mark.parametrize("year", YEARS)
def test_every_sample_row_loads(sample, year):
    result = walla_walla(sample, year)

    assert result.rows_in == YEARS[year]
    assert result.rows_quarantined == 0
    assert len(result.facts) == YEARS[year]
    assert result.vintage == year
    assert not [f for f in result.findings if f.code != "C003"]


def test_check_value_2023_24(sample):
    fact = find(walla_walla(sample, "2023-24"), "ela_met")

    assert (fact.numerator, fact.denominator) == (1161, 2688)
    assert fact.value == pytest.approx(0.432)
    assert (fact.status, fact.status_reason) == ("ok", "")
    assert (fact.period, fact.geo_level, fact.geo_id) == ("2023-24", "district", None)
    assert fact.geo_name == "Walla Walla Public Schools"
    assert (fact.group_type, fact.group) == ("All", "All Students")


def test_indicators_by_test_and_grade(sample):
    result = walla_walla(sample, "2023-24")

    assert find(result, "math_met").numerator == 957
    assert find(result, "ela_met_aim").value == pytest.approx(0.161)
    assert find(result, "ela_met_aim").denominator == 31
    assert find(result, "math_met_g10").status == "ok"
    ids = {f.indicator for f in result.facts}
    assert ids >= {"ela_met_g03", "ela_met_g08", "math_met_aim_g10"}
    assert not [i for i in ids if i.endswith(("_g09", "_g11"))]


def test_denominator_includes_previously_passed(sample):
    # Grade 11 ELA in 2015-16 counts students who met standard earlier: 402 met,
    # 205 expected to test this year, 557 with those who had passed.
    fact = find(walla_walla(sample, "2015-16"), "ela_met_g11")

    assert (fact.numerator, fact.denominator) == (402, 557)
    assert fact.value == pytest.approx(0.722)


def test_fall_2021_is_rate_only_and_named_by_tested_grade(sample):
    result = walla_walla(sample, "2020-21")

    total = find(result, "ela_met")
    assert (total.numerator, total.denominator) == (None, None)
    assert total.value == pytest.approx(0.445)
    # GradeLevel 04 took the grade 3 test, 09 the grade 8 test, 11 the grade 10.
    assert find(result, "ela_met_g03").value == pytest.approx(0.383)
    assert find(result, "ela_met_g08").value == pytest.approx(0.450)
    assert find(result, "math_met_g10").value == pytest.approx(0.211)
    assert not [f for f in result.facts if f.indicator.endswith(("_g09", "_g11"))]


REASONS = {
    "suppressed": "source suppressed",
    "banded": "top/bottom coded",
    "not_applicable": "no students",
}


@pytest.mark.parametrize(
    ("year", "indicator", "group", "status", "band"),
    [
        ("2023-24", "ela_met", "Foster Care", "suppressed", (None, None)),  # N<10
        ("2023-24", "ela_met", "Migrant", "banded", (0.0, 0.08)),  # <8%
        ("2015-16", "ela_met_aim", "Female", "banded", (0.9, 1.0)),  # >90%
        ("2023-24", "ela_met_g05", "Native Hawaiian or Other Pacific Islander",
         "not_applicable", (None, None)),  # No Students
    ],
)  # fmt: skip
def test_markers_that_hide_the_value(sample, year, indicator, group, status, band):
    fact = find(walla_walla(sample, year), indicator, group)

    assert (fact.status, fact.status_reason) == (status, REASONS[status])
    assert (fact.numerator, fact.denominator, fact.value) == (None, None, None)
    assert (fact.lower, fact.upper) == pytest.approx(band)


@pytest.mark.parametrize(
    ("indicator", "group", "value"),
    [
        ("ela_met_g03", "Not Migrant", 0.449),  # Cross Student Group - N<10
        ("math_met_g05", "Not Migrant", 0.335),  # Cross Student Group - Top/Bottom
        ("math_met_g05", "Two or More Races", 0.273),  # Cross Grade Level - N<10
        ("ela_met_g11", "Black or African American", 0.429),  # Cross Organization
    ],
)
def test_cross_group_markers_keep_the_rate(sample, indicator, group, value):
    fact = find(walla_walla(sample, "2015-16"), indicator, group)

    assert (fact.status, fact.status_reason) == ("ok", "counts withheld")
    assert (fact.numerator, fact.denominator) == (None, None)
    assert fact.value == pytest.approx(value)


STATEWIDE_HEADER = (
    "SchoolYear,OrganizationLevel,County,ESDName,ESDOrganizationID,DistrictCode,"
    "DistrictName,DistrictOrganizationId,SchoolCode,SchoolName,SchoolOrganizationid,"
    "CurrentSchoolType,StudentGroupType,StudentGroup,GradeLevel,"
    "Test Administration (group),TestAdministration,TestSubject,DAT,"
    "Count of Students Expected to Test,"
    "Count of Students Expected to Test (including previously passed),"
    "Count Consistent Grade Level Knowledge And Above,"
    "Percent Consistent Grade Level Knowledge And Above,PercentLevel1,PercentLevel2,"
    "PercentLevel3,PercentLevel4,Percent Consistent Tested Only,Percent No Score,"
    "Percent Participation,Percent Foundational Grade-Level Knowledge And Above,"
    "Count Foundational Grade-Level Knowledge And Above,"
    "Percent Taking Alternative Assessment,DataAsOf\n"
)
PLACES = {
    "state": "State,Multiple,NULL,NULL,NULL,State Total,NULL,NULL,NULL,NULL,NULL",
    "district": "District,Walla Walla,ESD 123,100123,36140,Walla Walla Public Schools,"
    "100789,NULL,District Total,NULL,NULL",
    "school": "School,Walla Walla,ESD 123,100123,36140,Walla Walla Public Schools,"
    "100789,5555,Sample Elementary School,101234,P",
}
FIGURES = ",,,,,,,,,,,Dec 20 2025"


def statewide_row(place, test, counts):
    """A row: the place, then "year,type,group,grade,administration,subject,DAT",
    then "expected,expected with passed,met,percent"."""
    year, group_type, group, grade, administration, subject, dat = test.split(",")
    return (
        f"{year},{PLACES[place]},{group_type},{group},{grade},General,"
        f"{administration},{subject},{dat},{counts}{FIGURES}\n"
    )


def test_statewide_layout_2024_25(write):
    rows = [
        statewide_row("state", "2024-25,All,All Students,All Grades,SBAC,ELA,None",
                      '"510,000","510,000","255,510",50.10%'),
        statewide_row("district", "2024-25,All,All Students,All Grades,SBAC,ELA,None",
                      '"2,688","2,688","1,161",43.20%'),
        statewide_row("district", "2024-25,Race,Two Or More Races,05,SBAC,Math,"
                      "Cross Student Group - Top/Bottom", "NULL,NULL,NULL,38.50%"),
        statewide_row("district", "2024-25,Gender,Female,05,WCAS,Science,>95%",
                      "NULL,NULL,NULL,>95%"),
        statewide_row("school", "2024-25,All,All Students,04,SBAC,Math,None",
                      "52,52,26,50.00%"),
        statewide_row("school", "2024-25,ELL,Multilingual/English Learners,04,AIM,"
                      "ELA,N<10", "NULL,NULL,NULL,N<10"),
        statewide_row("school", "2024-25,All,All Students,04,ELPA,ELA,None",
                      "12,12,4,33.30%"),
    ]  # fmt: skip
    path = write("assessment/Report_Card_2024-25.csv", STATEWIDE_HEADER + "".join(rows))

    assert recognize(path, f"{FOLDER}/Report_Card_2024-25.csv", SOURCES) is SOURCE
    result = load_file(SOURCE, path)
    assert (result.rows_in, result.rows_quarantined, len(result.facts)) == (7, 0, 6)

    state, district, cross, band, school, aim = result.facts
    assert (state.geo_level, state.geo_id, state.geo_name) == (
        "state",
        "53",
        "Washington",
    )
    assert (state.numerator, state.denominator) == (255510, 510000)
    assert (district.geo_level, district.geo_id) == ("district", "36140")
    assert (district.numerator, district.denominator) == (1161, 2688)
    assert district.value == pytest.approx(0.432)
    assert (district.county, district.esd) == ("Walla Walla", "ESD 123")
    assert (cross.indicator, cross.status, cross.status_reason) == (
        "math_met_g05",
        "ok",
        "counts withheld",
    )
    assert (cross.numerator, cross.value) == (None, pytest.approx(0.385))
    assert (band.indicator, band.status, band.value) == (
        "science_met_g05",
        "banded",
        None,
    )
    assert (band.lower, band.upper) == pytest.approx((0.95, 1.0))
    assert (school.geo_level, school.geo_id, school.district_code) == (
        "school",
        "5555",
        "36140",
    )
    assert (school.indicator, school.numerator, school.value) == (
        "math_met_g04",
        26,
        pytest.approx(0.5),
    )
    assert (aim.indicator, aim.group_type, aim.group) == (
        "ela_met_aim_g04",
        "English Learner",
        "English Learner",
    )
    assert aim.status == "suppressed"


API_HEADER = (
    "schoolyear,organizationlevel,county,esdname,districtcode,districtname,"
    "schoolcode,schoolname,studentgrouptype,studentgroup,gradelevel,"
    "test_administration_group,testadministration,testsubject,dat,"
    "count_of_students_expected,count_of_students_expected_1,"
    "count_consistent_grade_level,percent_consistent_grade,percent_consistent_tested,"
    "dataasof\n"
)


def test_api_naming(write):
    body = (
        "2023-24,District,Walla Walla,ESD 123,36140,Walla Walla Public Schools,,,"
        "All,All Students,All Grades,General,SBAC,Math,None,2691,2691,957,0.356,"
        "0.372,2025-01-15T00:00:00.000\n"
        "2023-24,District,Walla Walla,ESD 123,36140,Walla Walla Public Schools,,,"
        "All,All Students,10,General,SBAC,ELA,None,100,125,60,0.48,0.6,"
        "2025-01-15T00:00:00.000\n"
        "2023-24,District,Walla Walla,ESD 123,36140,Walla Walla Public Schools,,,"
        "homeless,Homeless,All Grades,General,SBAC,ELA,<5%,,,,,,"
        "2025-01-15T00:00:00.000\n"
    )
    path = write("api.csv", API_HEADER + body)

    assert recognize(path, f"{FOLDER}/api.csv", SOURCES) is SOURCE
    result = load_file(SOURCE, path)
    assert (result.rows_in, result.rows_quarantined) == (3, 0)
    math, ela, homeless = result.facts
    assert (math.indicator, math.numerator, math.denominator) == ("math_met", 957, 2691)
    assert math.value == pytest.approx(0.356)
    # count_of_students_expected_1 includes previously passed students.
    assert (ela.indicator, ela.numerator, ela.denominator) == ("ela_met_g10", 60, 125)
    assert (homeless.group_type, homeless.status) == ("Homeless", "banded")
    assert (homeless.lower, homeless.upper) == pytest.approx((0.0, 0.05))


def test_bad_rows_are_quarantined_with_their_reason(write):
    header = (
        "SchoolYear,DistrictName,StudentGroupType,StudentGroup,GradeLevel,"
        "TestAdministration,TestSubject,Suppression,Count of Students Expected to "
        "Test,CountMetStandard,PercentMetStandard\n"
    )
    body = (
        "2018-19,Walla Walla Public Schools,All,All Students,03,SBAC,ELA,"
        "Masked,,,12.0%\n"
        "2018-19,Walla Walla Public Schools,All,All Students,04,SBAC,ELA,,,,\n"
        "2018-19,Walla Walla Public Schools,All,All Students,05,SBAC,ELA,,40,50,\n"
        "2018-19,Walla Walla Public Schools,All,All Students,06,SBAC,ELA,,40,20,"
        "fifty\n"
        "2018-19,Walla Walla Public Schools,All,All Students,07,SBAC,ELA,,40,20,50%\n"
    )
    result = load_file(SOURCE, write("bad.csv", header + body))

    assert (result.rows_in, result.rows_loaded, result.rows_quarantined) == (5, 1, 4)
    assert [(q.number, q.code) for q in result.quarantined] == [
        (1, "V004"),
        (2, "V008"),
        (3, "V003"),
        (4, "V001"),
    ]
    assert result.facts[0].value == pytest.approx(0.5)


def test_recognizes_only_the_agency_layout(sample):
    folder = sample / FOLDER
    for path in folder.glob("walla-walla_district_*.csv"):
        assert recognize(path, f"{FOLDER}/{path.name}", SOURCES) is SOURCE
    for path in folder.glob("derived_*.csv"):
        assert recognize(path, f"{FOLDER}/{path.name}", SOURCES) is None
