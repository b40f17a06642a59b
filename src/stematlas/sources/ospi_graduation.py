"""OSPI Report Card graduation: adjusted cohort graduation, four- to seven-year.

One row per place x student group x cohort length. SchoolYear holds the end year of
the class (2019 for 2018-19); ``BegginingGrade9`` is OSPI's spelling. Suppressed
counts are empty, NA or NULL; the Suppression column says why.
"""

from __future__ import annotations

from ..periods import school_year
from ..validate.findings import RowRejected
from .base import OSPI_TERMS, Download, Fact, Source
from .columns import field_
from .markers import N_UNDER_10
from .ospi_common import GROUP_FIELDS, ORGANIZATION_FIELDS, group, marker, place
from .values import parse_count, parse_rate

COHORTS = {"fouryear": 4, "fiveyear": 5, "sixyear": 6, "sevenyear": 7}

FIELDS = {
    "year": field_("SchoolYear", "schoolyear"),
    **ORGANIZATION_FIELDS,
    **GROUP_FIELDS,
    "suppression": field_("Suppression", "DAT", "DATReason", required=False),
    "cohort": field_("Cohort", "cohort"),
    "beginning_grade9": field_(
        "BeginningGrade9", "BegginingGrade9", "BeginningGrade9Students", required=False
    ),
    "final_cohort": field_("FinalCohort", "Final Cohort", "AdjustedCohort"),
    "graduates": field_("Graduate", "Graduates"),
    "rate": field_("GraduationRate", "graduationrate", "AdjustedCohortGraduationRate"),
}


class Graduation(Source):
    def parse(self, row, number):
        cohort = COHORTS.get(
            "".join(ch for ch in row["cohort"].lower() if ch.isalpha())
        )
        if cohort is None:
            raise RowRejected(
                "V005", f"cohort {row['cohort']!r} is not known", "cohort"
            )
        # OSPI writes the class's end year in SchoolYear in this file.
        period = school_year(row["year"], end_year=True)
        where = place(row)
        group_type, group_name = group(row)
        mark = marker(row.get("suppression"), "suppression")
        numerator = parse_count(row["graduates"], "graduates")
        denominator = parse_count(row["final_cohort"], "final_cohort")
        value = parse_rate(row["rate"], "rate")
        if mark.hides_value:
            numerator = denominator = value = None
        elif mark.counts_hidden:
            numerator = denominator = None
            if value is None:
                # Counts hidden to protect another group, and no rate either.
                mark = N_UNDER_10
        elif value is None and numerator is not None and denominator:
            value = numerator / denominator
        if mark.status == "ok" and value is None:
            raise RowRejected("V008", "no graduation rate and no counts", "rate")
        yield Fact(
            f"graduation_{cohort}yr",
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


SOURCES = [
    Graduation(
        id="ospi_graduation",
        title="OSPI Report Card graduation",
        agency="Office of Superintendent of Public Instruction",
        folders=("ospi/graduation", "graduation"),
        fields=FIELDS,
        license=OSPI_TERMS,
        attribution="Washington Office of Superintendent of Public Instruction, "
        "Report Card graduation data",
        url="https://data.wa.gov/d/6iji-4nux",
        downloads=(
            Download(
                "https://data.wa.gov/api/views/6iji-4nux/rows.csv?accessType=DOWNLOAD",
                "ospi/graduation/Report_Card_Graduation_2018-19.csv",
            ),
        ),
        priority=20,
        signature=("year", "cohort", "final_cohort", "graduates", "rate"),
    )
]
