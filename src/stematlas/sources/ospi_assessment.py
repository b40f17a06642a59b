"""OSPI Report Card assessment: students meeting standard on Smarter Balanced (ELA,
math), WCAS (science) and WA-AIM (the alternate assessment).

One row per place x student group x grade x test administration x subject. Quirks:

- Three namings of the same columns. Up to 2021-22 ``Suppression``,
  ``CountMetStandard``, ``PercentMetStandard``; from 2022-23 ``DAT``, ``Count
  Consistent Grade Level Knowledge And Above``, ``Percent Consistent Grade Level
  Knowledge And Above``; on data.wa.gov's API the names are lower case with
  underscores and sometimes truncated (``count_consistent_grade_level``,
  ``percent_consistent_grade``, and ``count_of_students_expected_1`` for the count
  including previously passed students).
- The published percent is CountMetStandard over the count of students expected to
  test *including previously passed* (in 2015-16 and 2016-17 grade 11 ELA counts
  students who met standard in an earlier grade: 402 met of 205 expected to test,
  72.2% of 557 with them). That count is the denominator where the file has it;
  files without it (the sample's 2023-24) give the count expected to test, the
  count their percent is computed over.
- Percents are "43.20%" strings in some years and fractions in others; counts carry
  thousands separators ("2,688") or a trailing ".0"; withheld counts are empty or
  ``NULL``. The rate column repeats the suppression marker ("N<10", "<30%", "No
  Students"): a marker there is read as a marker, not as a bad number.
- 2020-21 is the fall 2021 administration: there are no counts (the figure is the
  rate alone), and GradeLevel is the grade the students were in that fall, one above
  the grade of the test they took (04 took the grade 3 test, 09 the grade 8 test, 11
  the grade 10 test). Indicators are named by the test's grade, so those grades are
  shifted down by one.
- Extracts of one district (the sample pack's) have DistrictName but no DistrictCode
  or OrganizationLevel: they come out at district level with no id, and the build
  resolves the name.

Only Smarter Balanced, WCAS and WA-AIM are indicators. Rows of other administrations
(ELPA English proficiency, the older MSP / HSPE / EOC science tests) and of grades the
catalog has no indicator for are read, count as loaded, and emit no fact.
"""

from __future__ import annotations

import re

from ..indicators.catalog import CATALOG
from ..periods import school_year
from ..validate.findings import RowRejected
from .base import OSPI_TERMS, Download, Fact, Source
from .columns import field_, normalize
from .markers import Marker, combine, parse_marker
from .ospi_common import GROUP_FIELDS, ORGANIZATION_FIELDS, group, marker, place
from .values import parse_count, parse_rate

# TestAdministration -> indicator suffix; any other administration emits no fact.
ADMINISTRATIONS = {"sbac": "", "wcas": "", "aim": "_aim", "waaim": "_aim"}
SUBJECTS = {
    "ela": "ela",
    "englishlanguagearts": "ela",
    "math": "math",
    "mathematics": "math",
    "science": "science",
}
# The period whose GradeLevel is one above the grade of the test taken.
FALL_2021 = "2020-21"

FIELDS = {
    "year": field_("SchoolYear", "schoolyear"),
    **ORGANIZATION_FIELDS,
    **GROUP_FIELDS,
    "grade": field_("GradeLevel", "gradelevel"),
    "administration": field_("TestAdministration", "testadministration"),
    "subject": field_("TestSubject", "testsubject"),
    "suppression": field_("Suppression", "DAT", required=False),
    "expected": field_(
        "Count of Students Expected to Test",
        "count_of_students_expected",
        required=False,
    ),
    "expected_with_passed": field_(
        "Count of Students Expected to Test (including previously passed)",
        "count_of_students_expected_1",
        required=False,
    ),
    "met": field_(
        "CountMetStandard",
        "Count Consistent Grade Level Knowledge And Above",
        "count_consistent_grade_level",
        required=False,
    ),
    "rate": field_(
        "PercentMetStandard",
        "Percent Consistent Grade Level Knowledge And Above",
        "percent_consistent_grade",
    ),
}


class Assessment(Source):
    def parse(self, row, number):
        period = school_year(row["year"])
        indicator = _indicator(row, period)
        if indicator is None:
            return
        where = place(row)
        group_type, group_name = group(row)

        # The suppression column and the rate column may both hold a marker.
        value, rate_mark = _rate_or_marker(row["rate"])
        mark = combine(marker(row.get("suppression"), "suppression"), rate_mark)
        numerator = parse_count(row.get("met"), "met")
        denominator = parse_count(
            row.get("expected_with_passed"), "expected_with_passed"
        )
        if denominator is None:
            denominator = parse_count(row.get("expected"), "expected")

        if mark.hides_value:
            numerator = denominator = value = None
        elif mark.counts_hidden:
            numerator = denominator = None
        elif value is None and numerator is not None and denominator:
            value = numerator / denominator
        if mark.status == "ok" and value is None:
            raise RowRejected("V008", "no percent met and no counts", "rate")

        yield Fact(
            indicator,
            period,
            group_type=group_type,
            group=group_name,
            numerator=numerator,
            denominator=denominator,
            value=value,
            lower=mark.lower,
            upper=mark.upper,
            status=mark.status,
            status_reason=mark.reason,
            **where,
        )


def _indicator(row: dict[str, str], period: str) -> str | None:
    """The indicator id of a row, or None when the catalog has none for it."""
    suffix = ADMINISTRATIONS.get(normalize(row["administration"]))
    if suffix is None:
        return None
    subject = SUBJECTS.get(normalize(row["subject"]))
    if subject is None:
        raise RowRejected(
            "V005", f"test subject {row['subject']!r} is not known", "subject"
        )
    grade = _grade(row["grade"], period)
    indicator = f"{subject}_met{suffix}" + (f"_g{grade}" if grade else "")
    return indicator if indicator in CATALOG else None


def _grade(text: str, period: str) -> str:
    """ "" for All Grades, else the tested grade as two digits ("03")."""
    if normalize(text) == "allgrades":
        return ""
    digits = re.fullmatch(r"\D*(\d{1,2})\D*", text.strip())
    if digits is None:
        raise RowRejected("V005", f"grade level {text!r} is not known", "grade")
    grade = int(digits.group(1))
    if period == FALL_2021:
        grade -= 1
    return f"{grade:02d}"


def _rate_or_marker(text: str | None) -> tuple[float | None, Marker | None]:
    raw = (text or "").strip()
    if not raw:
        return None, None
    found = parse_marker(raw)
    if found is not None:
        return None, found
    return parse_rate(raw, "rate"), None


def _download(dataset: str, years: str) -> Download:
    return Download(
        f"https://data.wa.gov/api/views/{dataset}/rows.csv?accessType=DOWNLOAD",
        f"ospi/assessment/Report_Card_Assessment_Data_{years}.csv",
    )


SOURCES = [
    Assessment(
        id="ospi_assessment",
        title="OSPI Report Card assessment",
        agency="Office of Superintendent of Public Instruction",
        folders=("ospi/assessment", "assessment"),
        fields=FIELDS,
        license=OSPI_TERMS,
        attribution="Washington Office of Superintendent of Public Instruction, "
        "Report Card assessment data",
        url="https://data.wa.gov/d/292v-tb9r",
        # The combined file and the 2021-22 file both hold 2021-22; the build keeps
        # one figure per key.
        downloads=(
            _download("292v-tb9r", "2014-15_to_2021-22"),
            _download("v928-8kke", "2021-22"),
            _download("xh7m-utwp", "2022-23"),
            _download("x73g-mrqp", "2023-24"),
            _download("h5d9-vgwi", "2024-25"),
        ),
        priority=20,
        signature=("year", "grade", "administration", "subject", "rate"),
    )
]
