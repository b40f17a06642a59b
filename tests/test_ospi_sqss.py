"""OSPI SQSS: the Washington STEM dual credit compilation (the sample pack, both of
OSPI's vocabularies in one file), and small files written in OSPI's own layouts:
the combined 2014-15 to 2021-22 file and the 2023-24 file, with ninth grade on
track and regular attendance at state, district and school level (figures partly
invented; Walla Walla's 2020-21 and 2023-24 dual credit rows are OSPI's)."""

from __future__ import annotations

from collections import Counter

import pytest

from stematlas.sources.load import load_file
from stematlas.sources.markers import parse_marker
from stematlas.sources.ospi_sqss import SOURCES
from stematlas.sources.ospi_wakids import SOURCES as WAKIDS
from stematlas.sources.readers import read_text_table
from stematlas.sources.registry import recognize

AGENCY, COMPILATION = SOURCES
SAMPLE = "ospi/dual-credit/sqss_dual-credit_districts_2014-15_2023-24.psv"
COMBINED = "Report_Card_SQSS_2014-15_to_2021-22.csv"
LATEST = "Report_Card_SQSS_2023-24.csv"
PROGRAMS = ("ap", "ib", "cihs", "cambridge", "cte", "running_start")


def facts_of(result, period, geo_id, group, indicator=None):
    """The facts of one place and group: {indicator: fact}, or one fact."""
    found = {
        f.indicator: f
        for f in result.facts
        if (f.period, f.geo_id, f.group) == (period, geo_id, group)
    }
    return found[indicator] if indicator else found


def figures(fact):
    return (fact.numerator, fact.denominator, fact.value, fact.status)


def band(fact):
    return (fact.status, fact.lower, fact.upper, fact.value, fact.numerator)


@pytest.fixture(scope="module")
def compilation(sample):
    return load_file(COMPILATION, sample / SAMPLE)


@pytest.fixture
def combined(fixtures):
    return load_file(AGENCY, fixtures / "ospi_sqss" / COMBINED)


@pytest.fixture
def latest(fixtures):
    return load_file(AGENCY, fixtures / "ospi_sqss" / LATEST)


# -- The Washington STEM compilation (sample pack) --------------------------------


def test_sample_is_recognized_as_the_compilation(sample):
    path = sample / SAMPLE
    assert recognize(path, SAMPLE, SOURCES + WAKIDS) is COMPILATION


def test_every_marker_in_the_sample_is_known(sample):
    table = read_text_table(sample / SAMPLE)
    columns = [table.header.index(c) for c in ("DATReason", "DAT_Reason", "Label")]
    seen = {row.values[i] for row in table.rows for i in columns}
    labels = {v for v in seen if v[:1].isdigit()}  # "69.20%": a rate, not a marker
    assert sorted(v for v in seen - labels if parse_marker(v) is None) == []
    assert {
        "Suppressed: N<10",
        "Suppressed: Cross Group",
        "Suppressed: Cross Organization",
        "Suppressed: <10%",
        "Suppressed: >96%",
        "Cross Student Group - N<10",
        "Cross Organization - N<10",
        "Top/Bottom Range: <10.7%",
        "No Students",
        "None",
    } <= seen


def test_sample_row_accounting(compilation):
    assert compilation.rows_in == 7875
    assert compilation.rows_loaded == 7875 - 63
    # The quarantined rows are the compiler's own Quillayute Valley rows of 0 of 0
    # students with no marker; 36 of them repeat a group that has real figures.
    assert compilation.rows_quarantined == 63
    assert {r.code for r in compilation.quarantined} == {"V008"}
    assert {r.values[5] for r in compilation.quarantined} == {"05402"}
    assert not [f for f in compilation.findings if f.code.startswith("K")]
    assert compilation.vintage == "2014-15 to 2023-24"


def test_sample_statuses_follow_the_markers(compilation):
    measure = Counter(
        (f.status, f.status_reason)
        for f in compilation.facts
        if f.indicator == "dual_credit"
    )
    assert measure == {
        # No Suppression / None with figures (3,348 + 415 + 459) and the
        # compilation's 258 Quillayute Valley rows.
        ("ok", ""): 4480,
        # Cross Student Group - N<10 in 2023-24: the rate without counts.
        ("ok", "counts withheld"): 98,
        # N<10 (1,216 + 163 + 179) and cross-group rows that show nothing (604 +
        # 91 in 2022-23, cross organization 2 + 5).
        ("suppressed", "source suppressed"): 2260,
        ("banded", "top/bottom coded"): 567,
        ("not_applicable", "no students"): 45,
    }
    # Rows that list a group with no figure and no marker (362) give no facts;
    # every other row gives the measure and its six programs.
    assert len(compilation.facts) == 7 * (7875 - 63 - 362)


def test_walla_walla_dual_credit_every_year(compilation):
    ratios = {
        f.period: (f.numerator, f.denominator)
        for f in compilation.facts
        if f.indicator == "dual_credit" and f.geo_id == "36140"
        if f.group == "All Students"
    }
    assert ratios == {
        "2014-15": (1114, 2089),
        "2015-16": (1023, 2063),
        "2016-17": (958, 2054),
        "2017-18": (1029, 1963),
        "2018-19": (960, 1945),
        "2019-20": (933, 1998),
        "2020-21": (873, 1974),
        "2021-22": (957, 2018),
        "2022-23": (955, 2024),
        "2023-24": (853, 2029),
    }
    latest = facts_of(compilation, "2023-24", "36140", "All Students")
    assert latest["dual_credit"].value == pytest.approx(0.4204)
    assert latest["dual_credit_cihs"].geo_name == "Walla Walla Public Schools"
    assert figures(latest["dual_credit_cihs"]) == (252, 2029, 0.124, "ok")


def test_new_vocabulary_programs(compilation):
    # Bainbridge Island, Asian, 2023-24: 36 of 52; AP 32 (0.615), CTE 14 (0.269);
    # counts of 0 and 1 carry the bound 0.058 (3 of 52) as their share.
    asian = facts_of(compilation, "2023-24", "18303", "Asian")
    assert figures(asian["dual_credit"]) == (36, 52, 0.6923, "ok")
    assert figures(asian["dual_credit_ap"]) == (32, 52, 0.615, "ok")
    assert figures(asian["dual_credit_cte"]) == (14, 52, 0.269, "ok")
    for program in ("ib", "cihs", "cambridge", "running_start"):
        fact = asian[f"dual_credit_{program}"]
        assert band(fact) == ("banded", 0.0, 0.058, None, None)
    assert asian["dual_credit"].group_type == "Race/Ethnicity"


def test_cross_group_keeps_the_rate_where_it_is_shown(compilation):
    # 2023-24: the rate is shown, the counts are not.
    group = facts_of(compilation, "2023-24", "18303", "Not Homeless")
    assert figures(group["dual_credit"]) == (None, None, 0.6173, "ok")
    assert group["dual_credit"].status_reason == "counts withheld"
    assert figures(group["dual_credit_ap"]) == (None, None, 0.442, "ok")
    assert figures(group["dual_credit_cihs"]) == (None, None, 0.01, "ok")
    # IB and Cambridge carry the row's smallest share, 0.002: a bound.
    assert band(group["dual_credit_ib"]) == ("banded", 0.0, 0.002, None, None)
    # 2022-23 writes the same marker and shows nothing; so does the old
    # "Suppressed: Cross Group".
    for period, geo_id, group_name in [
        ("2022-23", "18303", "Black or African American"),
        ("2018-19", "20405", "Not Foster Care"),
    ]:
        hidden = facts_of(compilation, period, geo_id, group_name)
        assert {f.status for f in hidden.values()} == {"suppressed"}
        assert len(hidden) == 7


def test_cross_organization_shows_nothing(compilation):
    trout_lake = facts_of(compilation, "2022-23", "20400", "White")
    ocean_beach = facts_of(compilation, "2017-18", "25101", "English Learner")
    for facts in (trout_lake, ocean_beach):
        assert {(f.status, f.value) for f in facts.values()} == {("suppressed", None)}


def test_old_vocabulary_programs(compilation):
    # 2022-23 leaves program counts under 3 empty: suppressed, not zero.
    bainbridge = facts_of(compilation, "2022-23", "18303", "All Students")
    assert figures(bainbridge["dual_credit"])[:2] == (823, 1342)
    assert figures(bainbridge["dual_credit_ap"]) == (515, 1342, 0.383755589, "ok")
    assert bainbridge["dual_credit_ib"].status == "suppressed"
    # Before, a zero count is empty and its share a floor ("<1%").
    walla_walla = facts_of(compilation, "2018-19", "36140", "All Students")
    assert figures(walla_walla["dual_credit_ap"]) == (349, 1945, 0.179434447, "ok")
    assert band(walla_walla["dual_credit_ib"]) == ("banded", 0.0, 0.01, None, None)


def test_bands(compilation):
    # "Suppressed: <10%": every program is under the bound too.
    quileute = facts_of(compilation, "2019-20", "05903", "All Students")
    for fact in quileute.values():
        assert band(fact) == ("banded", 0.0, 0.1, None, None)
    # A top band says nothing about the programs.
    kalama = facts_of(compilation, "2018-19", "08402", "Highly Capable")
    assert band(kalama["dual_credit"]) == ("banded", 0.9, 1.0, None, None)
    assert kalama["dual_credit_ap"].status == "suppressed"
    glenwood = facts_of(compilation, "2023-24", "20401", "Female", "dual_credit")
    assert band(glenwood) == ("banded", 0.727, 1.0, None, None)
    crescent = facts_of(
        compilation, "2023-24", "05313", "American Indian or Alaska Native"
    )
    assert band(crescent["dual_credit"]) == ("banded", 0.0, 0.273, None, None)


def test_no_students_and_no_figures(compilation):
    foster = facts_of(compilation, "2023-24", "18303", "Foster Care")
    assert {(f.status, f.status_reason, f.denominator) for f in foster.values()} == {
        ("not_applicable", "no students", None)
    }
    # "No Suppression" with no figure at all: Quileute Tribal School, 2017-18.
    assert facts_of(compilation, "2017-18", "05903", "All Students") == {}


def test_compilation_percentages(compilation):
    # The compiler's Quillayute Valley rows write 36 for 36% and have no marker.
    quillayute = facts_of(compilation, "2014-15", "05402", "All Students")
    assert figures(quillayute["dual_credit"]) == (926, 2572, 0.36, "ok")
    assert figures(quillayute["dual_credit_cte"]) == (859, 2572, 0.334, "ok")
    assert figures(quillayute["dual_credit_ib"]) == (0, 2572, 0.0, "ok")
    assert quillayute["dual_credit"].row == 7603  # its 0-of-0 twin, row 7586, is out
    assert 7586 in {r.number for r in compilation.quarantined}


# -- OSPI's own layouts (small files) ---------------------------------------------


def test_fixtures_are_recognized_as_the_agency_file(fixtures):
    for name in (COMBINED, LATEST):
        path = fixtures / "ospi_sqss" / name
        assert recognize(path, f"ospi/sqss/{name}", SOURCES + WAKIDS) is AGENCY


def test_combined_layout(combined):
    # 14 rows: a state attendance row for grade 10 and a school's grade-9 dual
    # credit row load without facts, and so does a group listed with no figure.
    assert (combined.rows_in, combined.rows_loaded, combined.rows_quarantined) == (
        14,
        14,
        0,
    )
    assert len(combined.facts) == 29
    state = facts_of(combined, "2020-21", "53", "All Students")
    assert figures(state["ninth_grade_on_track"]) == (62000, 84000, 62 / 84, "ok")
    assert figures(state["regular_attendance"]) == (800000, 1100000, 8 / 11, "ok")
    assert figures(state["dual_credit_cambridge"]) == (1500, 200800, 0.00747012, "ok")
    assert state["dual_credit"].geo_level == "state"
    assert state["dual_credit"].geo_name == "Washington"


def test_combined_layout_district_and_school(combined):
    district = facts_of(combined, "2020-21", "36140", "All Students")
    assert figures(district["ninth_grade_on_track"]) == (380, 512, 380 / 512, "ok")
    assert figures(district["dual_credit_running_start"])[:2] == (144, 1974)
    assert band(district["dual_credit_ib"]) == ("banded", 0.0, 0.01, None, None)
    assert district["dual_credit"].esd == "Educational Service District 123"
    assert district["dual_credit"].county == "Walla Walla"
    low_income = facts_of(combined, "2020-21", "36140", "Low Income")
    assert figures(low_income["ninth_grade_on_track"]) == (
        None,
        None,
        None,
        "suppressed",
    )

    school = facts_of(combined, "2020-21", "3468", "Highly Capable")
    assert band(school["ninth_grade_on_track"]) == ("banded", 0.95, 1.0, None, None)
    assert school["ninth_grade_on_track"].geo_level == "school"
    assert school["ninth_grade_on_track"].district_code == "36140"
    hispanic = facts_of(combined, "2020-21", "3468", "Hispanic or Latino")
    assert {band(f) for f in hispanic.values()} == {("banded", 0.0, 0.1, None, None)}
    everyone = facts_of(combined, "2020-21", "3468", "All Students")
    assert everyone == {}  # dual credit for grade 9 alone: no fact
    female = facts_of(combined, "2020-21", "3468", "Female", "regular_attendance")
    assert figures(female) == (450, 600, 0.75, "ok")


def test_latest_layout(latest):
    assert (latest.rows_in, latest.rows_loaded, latest.rows_quarantined) == (9, 9, 0)
    assert len(latest.facts) == 26
    state = facts_of(latest, "2023-24", "53", "All Students")
    assert figures(state["regular_attendance"]) == (764000, 1093000, 0.699, "ok")
    # "Ninth Grade On Track" (capital On) at grade 9.
    assert figures(state["ninth_grade_on_track"]) == (61300, 83900, 0.7306, "ok")

    black = facts_of(latest, "2023-24", "36140", "Black or African American")
    assert figures(black["dual_credit"]) == (None, None, 0.6173, "ok")
    assert band(black["dual_credit_cambridge"]) == ("banded", 0.0, 0.002, None, None)
    gender_x = facts_of(latest, "2023-24", "36140", "Gender X", "regular_attendance")
    assert (gender_x.status, gender_x.value) == ("suppressed", None)
    foster = facts_of(latest, "2023-24", "36140", "Foster Care", "ninth_grade_on_track")
    assert (foster.status, foster.numerator, foster.denominator) == (
        "not_applicable",
        None,
        None,
    )


def test_latest_layout_school_bands(latest):
    low_income = facts_of(latest, "2023-24", "3468", "Low Income")
    assert band(low_income["ninth_grade_on_track"]) == (
        "banded",
        0.0,
        0.273,
        None,
        None,
    )
    section_504 = facts_of(latest, "2023-24", "3468", "Section 504")
    assert band(section_504["dual_credit"]) == ("banded", 0.88, 1.0, None, None)
    assert {section_504[f"dual_credit_{p}"].status for p in PROGRAMS} == {"suppressed"}
    # Regular attendance for grade 11 alone: no fact.
    assert facts_of(latest, "2023-24", "3468", "All Students") == {}


# -- Single rows (written in the test) --------------------------------------------

HEADER = (
    "SchoolYear,OrganizationLevel,DistrictCode,DistrictName,StudentGroupType,"
    "StudentGroup,GradeLevel,Measure,DATReason,Label,Percent,Numerator,Denominator\n"
)
DISTRICT = "2023-24,District,36140,Walla Walla Public Schools,All Students,All Students"


def load_rows(write, *rows, header=HEADER):
    path = write("Report_Card_SQSS.csv", header + "".join(r + "\n" for r in rows))
    return load_file(AGENCY, path)


@pytest.mark.parametrize("grade", ["9", "09", "9th Grade"])
def test_ninth_grade_spellings(write, grade):
    result = load_rows(
        write, f"{DISTRICT},{grade},Ninth Grade on Track,None,80.00%,0.8,400,500"
    )
    assert [figures(f) for f in result.facts] == [(400, 500, 0.8, "ok")]


def test_ninth_grade_on_track_for_all_grades_loads_without_facts(write):
    result = load_rows(
        write, f"{DISTRICT},All Grades,Ninth Grade on Track,None,80.00%,0.8,400,500"
    )
    assert (result.rows_loaded, result.facts) == (1, [])


def test_rate_from_label_or_counts(write):
    result = load_rows(
        write,
        f"{DISTRICT},All Grades,Regular Attendance,None,70.20%,,,",
        f"{DISTRICT.replace('All Students,All Students', 'Gender,Male')},"
        "All Grades,Regular Attendance,None,,,351,500",
    )
    assert [figures(f) for f in result.facts] == [
        (None, None, pytest.approx(0.702), "ok"),
        (351, 500, 0.702, "ok"),
    ]


def test_unknown_measure_and_marker_are_quarantined(write):
    result = load_rows(
        write,
        f"{DISTRICT},All Grades,Chronic Absence,None,10.00%,0.1,50,500",
        f"{DISTRICT},All Grades,Dual Credit,Masked,,,,",
    )
    assert [(r.code, r.column) for r in result.quarantined] == [
        ("V005", "measure"),
        ("V004", "dat_reason"),
    ]
    assert "add it to MEASURES" in result.quarantined[0].message


def test_zero_of_zero_without_no_students_is_quarantined(write):
    result = load_rows(write, f"{DISTRICT},All Grades,Dual Credit,None,,,0,0")
    assert [r.code for r in result.quarantined] == ["V008"]
    assert "0 students counted" in result.quarantined[0].message


def test_repeated_marker_columns_are_folded(write):
    header = HEADER.replace("DATReason", "DATReason,DAT_Reason")
    result = load_rows(
        write,
        f"{DISTRICT},All Grades,Dual Credit,,N<10,,,,",
        f"{DISTRICT},All Grades,Regular Attendance,No Suppression,N<10,,,,",
        header=header,
    )
    assert [f.status for f in result.facts] == ["suppressed"]
    assert [(r.number, r.code) for r in result.quarantined] == [(2, "V005")]
    assert "'DATReason' and 'DAT_Reason'" in result.quarantined[0].message
