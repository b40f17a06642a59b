"""OSPI enrollment: the October headcount of students by group, from three files.

- ``ospi_enrollment``: OSPI Report Card Enrollment in the agency's wide layout, one
  row per place x grade and one count column per student group ("All Students",
  "Female", ..., "Non-Foster Care"). The grade column is ``Gradelevel`` in the
  combined file and ``GradeLevel`` in the yearly ones; columns come and go between
  years (Gender X, foster care), so only All Students, Female and Male are required.
  Some years add ``DAT`` ("DAT Applied: N < 10"): an empty count on such a row is
  suppressed, an empty count on a row without a marker is no data and gives no fact.
- ``wastem_enrollment``: Washington STEM's compilation for its partner districts,
  long: one row per district x year x grade band x subgroup, with the district's
  total repeated on every row (``All.Students``). DistrictCode lost its leading zero
  ("5402"); the compiler stripped punctuation from labels ("Hispanic Latino of any
  race s").
- ``ospi_enrollment_districts``: every district's headcount and program counts (low
  income, English learners, disability, homeless, migrant, highly capable) next to
  finance columns, as compiled by a public funding explorer from OSPI's files.

Every source emits ``enrollment`` (a count: numerator and value are the count, no
denominator) for All Grades only; rows of single grades and grade bands are read,
count as loaded, and emit no fact.
"""

from __future__ import annotations

import re

from ..groups import ALL, ALL_STUDENTS, canonical_group
from ..periods import school_year
from ..validate.findings import RowRejected
from .base import CC_BY_NC, OSPI_TERMS, WA_STEM_ATTRIBUTION, Download, Fact, Source
from .columns import field_, normalize
from .markers import NOT_APPLICABLE, SUPPRESSED, Marker, combine, parse_marker
from .ospi_common import ORGANIZATION_FIELDS, group, marker, place
from .values import parse_count

INDICATOR = "enrollment"
ALL_GRADES = "allgrades"

# The wide layout's group columns, in OSPI's order.
WIDE_COLUMNS = (
    "All Students",
    "Female",
    "Male",
    "Gender X",
    "American Indian/ Alaskan Native",
    "Asian",
    "Black/ African American",
    "Hispanic/ Latino of any race(s)",
    "Native Hawaiian/ Other Pacific Islander",
    "Two or More Races",
    "White",
    "English Language Learners",
    "Highly Capable",
    "Homeless",
    "Low-Income",
    "Migrant",
    "Military Parent",
    "Mobile",
    "Section 504",
    "Students with Disabilities",
    "Non-English Language Learners",
    "Non-Highly Capable",
    "Non-Homeless",
    "Non-Low Income",
    "Non Migrant",
    "Non Military Parent",
    "Non Mobile",
    "Non Section 504",
    "Students without Disabilities",
    "Foster Care",
    "Non-Foster Care",
)
WIDE_REQUIRED = ("All Students", "Female", "Male")
# Other names of the group columns: data.wa.gov's API writes
# native_hawaiian_pacific_islander in some years, and cuts the longest names
# short (hispanic_latino_of_any_race, native_hawaiian_other_pacific).
WIDE_ALIASES = {
    "Hispanic/ Latino of any race(s)": ("hispanic_latino_of_any_race",),
    "Native Hawaiian/ Other Pacific Islander": (
        "Native Hawaiian/Pacific Islander",
        "native_hawaiian_other_pacific",
    ),
}


def _wide_groups() -> dict[str, tuple[str, str]]:
    """Field name -> (group_type, group) for each group column."""
    groups = {}
    for column in WIDE_COLUMNS:
        found = canonical_group(column)
        if found is None:
            raise ValueError(f"enrollment column {column!r} is not a known group")
        groups[normalize(column)] = found
    return groups


WIDE_GROUPS = _wide_groups()

WIDE_FIELDS = {
    "year": field_("SchoolYear", "schoolyear"),
    **ORGANIZATION_FIELDS,
    "grade": field_("GradeLevel", "Gradelevel", "gradelevel"),
    "dat": field_("DAT", "dat", required=False),
    **{
        normalize(column): field_(
            column, *WIDE_ALIASES.get(column, ()), required=column in WIDE_REQUIRED
        )
        for column in WIDE_COLUMNS
    },
}


class ReportCardEnrollment(Source):
    def parse(self, row, number):
        if normalize(row["grade"]) != ALL_GRADES:
            return
        period = school_year(row["year"])
        where = place(row)
        row_mark = marker(row.get("dat"), "dat")
        for name, (group_type, group_name) in WIDE_GROUPS.items():
            if name not in row:
                continue  # the column is not in this year's file
            cell = _wide_cell(row[name], name, row_mark)
            if cell is None:
                continue
            count, status, reason = cell
            yield _enrollment(
                count, period, group_type, group_name, where, status, reason
            )


def _wide_cell(
    text: str, column: str, row_mark: Marker
) -> tuple[int | None, str, str] | None:
    """(count, status, reason) of one group's cell; None where nothing is published.
    A marker may sit in the cell itself or in the row's DAT."""
    raw = (text or "").strip()
    cell_mark = parse_marker(raw) if raw else None
    if cell_mark is None:
        count = parse_count(raw, column)
        if count is not None:
            return count, "ok", ""
    mark = combine(row_mark, cell_mark)
    if mark.status == "ok" and not mark.counts_hidden:
        return None
    if mark.status == NOT_APPLICABLE:
        return None, NOT_APPLICABLE, mark.reason
    # A count hidden to protect another group, or whose share is banded, leaves
    # nothing to show: both are suppressed.
    return None, SUPPRESSED, "complementary" if mark.counts_hidden else mark.reason


def _enrollment(
    count: float | None,
    period: str,
    group_type: str,
    group_name: str,
    where: dict,
    status: str = "ok",
    reason: str = "",
) -> Fact:
    return Fact(
        INDICATOR,
        period,
        group_type=group_type,
        group=group_name,
        numerator=count,
        value=count,
        status=status,
        status_reason=reason,
        **where,
    )


def _required_count(text: str, column: str) -> float:
    count = parse_count(text, column)
    if count is None:
        raise RowRejected("V008", "the student count is empty", column)
    return count


# Washington STEM's compilation ---------------------------------------------------

COMPILATION_FIELDS = {
    "year": field_("SchoolYear"),
    "district_code": field_("DistrictCode"),
    "district_name": field_("ERDC.DistrictTTL", "DistrictName", required=False),
    "grade": field_("Gradelevel", "GradeLevel"),
    "all_students": field_("All.Students", "All Students"),
    "students": field_("Students"),
    "group_type": field_("Demographic.Group", required=False),
    "group": field_("Demographic.Subgroup"),
}

# Every row repeats the district's total. Emitting it from each row would give the
# same key thirty times, and load_file quarantines a row whose facts repeat an
# earlier row's key; so the total comes from one subgroup's row only. Every
# district-year has exactly one Female row (it is the first of its thirty, whatever
# the count), so each district-year gets its All Students figure exactly once.
TOTAL_FROM_SUBGROUP = normalize("Female")


class CompiledEnrollment(Source):
    def parse(self, row, number):
        if normalize(row["grade"]) != ALL_GRADES:
            return
        period = school_year(row["year"])
        where = place(row)
        group_type, group_name = group(row)
        if normalize(row["group"]) == TOTAL_FROM_SUBGROUP:
            total = _required_count(row["all_students"], "all_students")
            yield _enrollment(total, period, ALL, ALL_STUDENTS, where)
        count = _required_count(row["students"], "students")
        yield _enrollment(count, period, group_type, group_name, where)


# District headcount and program counts -------------------------------------------

DISTRICT_FIELDS = {
    "year": field_("SchoolYear"),
    "district_code": field_("DistrictCode"),
    "district_name": field_("DistrictName"),
    "county": field_("County", required=False),
    "esd_name": field_("ESDName", required=False),
    "enrollment": field_("Enrollment"),
    "low_income": field_("LowIncome"),
    "english_learners": field_("EnglishLanguageLearners"),
    "disabilities": field_("StudentsWithDisabilities", required=False),
    "homeless": field_("Homeless", required=False),
    "migrant": field_("Migrant", required=False),
    "highly_capable": field_("HighlyCapable", required=False),
}

ESD_NAME = re.compile(r"\bESD\b|Educational Service District", re.IGNORECASE)
PROGRAMS = {
    "low_income": ("Income", "Low Income"),
    "english_learners": ("English Learner", "English Learner"),
    "disabilities": ("Disability", "Students with Disabilities"),
    "homeless": ("Homeless", "Homeless"),
    "migrant": ("Migrant", "Migrant"),
    "highly_capable": ("Highly Capable", "Highly Capable"),
}


class DistrictEnrollment(Source):
    def parse(self, row, number):
        period = school_year(row["year"])
        where = place(row)
        # ESDName also holds charter authorizers (the Charter School Commission, a
        # district's charter authorizer) and is empty for tribal compact schools:
        # only a real ESD is a placing hint.
        if where["esd"] and not ESD_NAME.search(where["esd"]):
            where["esd"] = None
        total = _required_count(row["enrollment"], "enrollment")
        yield _enrollment(total, period, ALL, ALL_STUDENTS, where)
        for name, (group_type, group_name) in PROGRAMS.items():
            count = parse_count(row.get(name), name)
            if count is None:
                continue  # an empty cell is no data: this file has no markers
            yield _enrollment(count, period, group_type, group_name, where)


def _download(dataset: str, years: str) -> Download:
    return Download(
        f"https://data.wa.gov/api/views/{dataset}/rows.csv?accessType=DOWNLOAD",
        f"ospi/enrollment/Report_Card_Enrollment_{years}.csv",
    )


SOURCES = [
    ReportCardEnrollment(
        id="ospi_enrollment",
        title="OSPI Report Card enrollment",
        agency="Office of Superintendent of Public Instruction",
        folders=("ospi/enrollment", "enrollment"),
        fields=WIDE_FIELDS,
        license=OSPI_TERMS,
        attribution="Washington Office of Superintendent of Public Instruction, "
        "Report Card enrollment data",
        url="https://data.wa.gov/d/rxjk-6ieq",
        # The combined file and the yearly ones overlap; the build keeps one
        # figure per key.
        downloads=(
            _download("rxjk-6ieq", "2014-15_to_current"),
            _download("dij7-mbxg", "2022-23"),
            _download("q4ba-s3jc", "2023-24"),
            _download("2rwv-gs2e", "2024-25"),
        ),
        priority=20,
        signature=("year", "grade", "allstudents", "female", "male"),
    ),
    DistrictEnrollment(
        id="ospi_enrollment_districts",
        title="District enrollment and program counts",
        agency="Office of Superintendent of Public Instruction, compiled by the "
        "WA School Funding Explorer",
        folders=("ospi/enrollment", "enrollment"),
        fields=DISTRICT_FIELDS,
        license="no license stated; figures are OSPI's public enrollment",
        attribution="OSPI enrollment (October headcount) as compiled in "
        "github.com/kwasant7/wa-school-funding-explorer",
        url="https://github.com/kwasant7/wa-school-funding-explorer",
        priority=10,
        signature=("year", "district_code", "enrollment", "low_income"),
    ),
    CompiledEnrollment(
        id="wastem_enrollment",
        title="Enrollment by student group, Washington STEM partner districts",
        agency="Washington STEM, from OSPI Report Card enrollment",
        folders=("ospi/enrollment", "enrollment"),
        fields=COMPILATION_FIELDS,
        license=CC_BY_NC,
        attribution=WA_STEM_ATTRIBUTION,
        url="https://github.com/WashingtonSTEM/Horizons_Public",
        priority=5,
        signature=("year", "district_code", "grade", "students", "group"),
    ),
]
