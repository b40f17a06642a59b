"""The same OSPI file under data.wa.gov's API names (lower case, underscores, long
names cut short) loads into the same facts as under its display names."""

from __future__ import annotations

import csv
import io

import pytest

from stematlas.sources.columns import field_, match_header
from stematlas.sources.load import load_file
from stematlas.sources.registry import all_sources, recognize

# API names as data.wa.gov's /resource endpoints write them where they are more
# than the display name in lower case without punctuation.
API_NAMES = {
    "Hispanic/ Latino of any race(s)": "hispanic_latino_of_any_race",
    "Native Hawaiian/ Other Pacific Islander": "native_hawaiian_other_pacific",
    "American Indian/ Alaskan Native": "american_indian_alaskan_native",
    "Non-English Language Learners": "non_english_language_learners",
    "Students without Disabilities": "students_without_disabilities",
    "Foster Care": "fostercare",
    "Non-Foster Care": "non_fostercare",
    "NumberTakingCollegeInTheHighSchool": "numbertakingcollegeinthe",
    "PercentTakingCollegeInTheHighSchool": "percenttakingcollegeinth",
    "Count of Students Expected to Test": "count_of_students_expected",
    "Count of Students Expected to Test (including previously passed)": (
        "count_of_students_expected_1"
    ),
    "Count Consistent Grade Level Knowledge And Above": "count_consistent_grade_level",
    "Percent Consistent Grade Level Knowledge And Above": "percent_consistent_grade",
    "Percent Consistent Tested Only": "percent_consistent_tested",
    "Test Administration (group)": "test_administration_group",
}
FILES = {
    "ospi_enrollment/Report_Card_Enrollment_2023-24.csv": "ospi/enrollment",
    "ospi_sqss/Report_Card_SQSS_2014-15_to_2021-22.csv": "ospi/sqss",
    "ospi_sqss/Report_Card_SQSS_2023-24.csv": "ospi/sqss",
    "ospi_wakids/Report_Card_WaKIDS_2021-22.csv": "ospi/wakids",
    "ospi_wakids/Report_Card_WaKIDS_2024-25.csv": "ospi/wakids",
    "mini/ospi/graduation/graduation_2023.csv": "ospi/graduation",
    "mini/ospi/assessment/assessment_2024-25.csv": "ospi/assessment",
}


def api_name(display: str) -> str:
    if display in API_NAMES:
        return API_NAMES[display]
    return "".join(ch for ch in display.lower() if ch.isalnum())


def with_header(text: str, rename) -> str:
    lines = text.splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([rename(h) for h in header])
    return out.getvalue() + "".join(lines[1:])


def figures(result) -> list[tuple]:
    return sorted(
        (
            f.indicator,
            f.period,
            f.geo_level,
            str(f.geo_id),
            f.geo_name,
            f.group_type,
            f.group,
            f.numerator,
            f.denominator,
            f.value,
            f.lower,
            f.upper,
            f.status,
            f.status_reason,
        )
        for f in result.facts
    )


@pytest.mark.parametrize("fixture", FILES)
def test_api_names_load_the_same_facts(fixtures, write, fixture):
    folder = FILES[fixture]
    name = fixture.rsplit("/", 1)[1]
    text = (fixtures / fixture).read_text(encoding="utf-8")
    display = write(f"{folder}/display/{name}", text)
    api = write(f"{folder}/api/{name}", with_header(text, api_name))

    sources = all_sources()
    source = recognize(display, f"{folder}/{name}", sources)
    assert recognize(api, f"{folder}/{name}", sources) is source
    shown, served = load_file(source, display), load_file(source, api)

    assert figures(served) == figures(shown)
    assert served.rows_quarantined == shown.rows_quarantined == 0


def test_enrollment_api_names_keep_every_group(fixtures, write):
    # Cut-short names used to drop Hispanic and Pacific Islander students silently.
    fixture = "ospi_enrollment/Report_Card_Enrollment_2023-24.csv"
    text = (fixtures / fixture).read_text(encoding="utf-8")
    path = write("ospi/enrollment/api.csv", with_header(text, api_name))
    source = recognize(path, "ospi/enrollment/api.csv", all_sources())
    result = load_file(source, path)

    district = {f.group: f.value for f in result.facts if f.geo_id == "36140"}
    assert district["Hispanic or Latino"] == 2464
    assert district["Native Hawaiian or Other Pacific Islander"] == 8
    assert len(district) == 31


def test_native_hawaiian_pacific_islander_column(write):
    # Some years' API files name the column native_hawaiian_pacific_islander.
    header = (
        "schoolyear,organizationlevel,districtcode,districtname,gradelevel,"
        "all_students,female,male,native_hawaiian_pacific_islander\n"
    )
    body = "2016-17,District,17415,Kent School District,All Grades,100,50,50,7\n"
    path = write("ospi/enrollment/nhpi.csv", header + body)
    source = recognize(path, "ospi/enrollment/nhpi.csv", all_sources())
    result = load_file(source, path)

    groups = {f.group: f.value for f in result.facts}
    assert groups["Native Hawaiian or Other Pacific Islander"] == 7


FIELDS = {
    "count": field_("CountMetStandard", "Count Consistent Grade Level Knowledge"),
    "expected": field_("Count of Students Expected to Test"),
    "rate": field_("PercentMetStandard", "Percent Consistent Grade Level Knowledge"),
}


def test_a_cut_short_name_is_read_with_a_note():
    columns = match_header(
        ["count_consistent_grade", "percent_consistent_gr", "count_of_students_ex"],
        FIELDS,
        "f.csv",
    )

    assert columns.index == {"count": 0, "rate": 1, "expected": 2}
    notes = [f for f in columns.findings if f.code == "C002"]
    assert [(f.column, f.severity) for f in notes] == [
        ("CountMetStandard", "info"),
        ("PercentMetStandard", "info"),
        ("Count of Students Expected to Test", "info"),
    ]
    assert notes[1].message == (
        "column 'percent_consistent_gr' is read as 'PercentMetStandard': its name "
        "is cut short, as data.wa.gov's API writes long names"
    )


def test_exact_names_win_and_ambiguous_short_names_are_not_read():
    # "count_" fits two fields and is too short; "percentmetstandard" is exact, so
    # the cut-short "percent_consistent" beside it is left unread.
    columns = match_header(
        ["count_", "percentmetstandard", "percent_consistent"], FIELDS, "f.csv"
    )

    assert columns.index == {"rate": 1}
    assert columns.missing == ["count", "expected"]
    assert "'count_', 'percent_consistent'" in columns.findings[-1].message


def test_two_cut_short_columns_for_one_field_are_not_guessed():
    columns = match_header(
        ["countmetstandard", "count_of_students", "count_of_students_expec"],
        FIELDS,
        "f.csv",
    )

    assert "expected" not in columns.index
    assert columns.missing == ["expected", "rate"]
