"""ERDC High School Graduate Outcomes: graduates enrolled in college the first fall.

Three file families:

- ERDC's own download (agency layout): one row per place x student group x cohort x
  level (``2 Year / CTC``, ``4 Year``), Pct the share of graduates. DistrictType says
  the place (``Statewide``, ``County``, ``ESD``, ``School Dist``); SchoolTTL names a
  school or says ``District Wide`` / ``ESD Wide``; LEACode is the district code
  (``N/A`` off districts). Redacted cells are ranges in percent ("90-100"), which
  come out ``banded``; an empty Pct is withheld. A range that Excel turned into a
  date ("10-Sep" for 9-10) is rejected by the reader before it gets here.
- Washington STEM's by-level compilation (pipe-separated, districts, All Students):
  adds a ``Not Enrolled`` row and the cohort's graduates. Its compiler replaced
  ranges by midpoints and multiplied by graduation rates, so every figure is an
  estimate. Graduate ``0`` means the compiler found no graduation figures for the
  district (Pct is still there): no counts, not zero graduates.
- Washington STEM's by-institution compilation: the share and estimated number of
  graduates at each college, into the tidy table ``erdc_institution_enrollment``.

A row gives one level, so each level is its own indicator
(``postsecondary_enrollment_2yr`` / ``_4yr``); ``postsecondary_enrollment`` (any
college) comes from the ``Not Enrolled`` row as its complement. Where a file has no
such row the total is the sum of the two level figures, left to the indicators.

CohortYearTTL is the class's graduation year: cohort 2023 is the class of 2023 and
the period ``2022-23``, the same period as that class's graduation rate. The
by-institution file's own SchoolYear says ``2023-24`` for cohort 2023 (the college
year of that first fall); it is not read, so both compilations share one period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..periods import school_year
from ..validate.findings import RowRejected
from .base import CC_BY_NC, WA_STEM_ATTRIBUTION, Fact, Source, TableRow
from .columns import field_, match_header, normalize
from .markers import BANDED, OK, SUPPRESSED
from .ospi_common import group, marker
from .readers import Table
from .values import is_empty, parse_count, parse_rate

ANY_COLLEGE = "postsecondary_enrollment"
# PSEnrollLevel -> (indicator, whether the row gives the complement of it)
LEVELS = {
    "2yearctc": ("postsecondary_enrollment_2yr", False),
    "2year": ("postsecondary_enrollment_2yr", False),
    "4year": ("postsecondary_enrollment_4yr", False),
    "notenrolled": (ANY_COLLEGE, True),
}
# The level as the institution table writes it.
LEVEL_NAMES = {
    "postsecondary_enrollment_2yr": "2yr",
    "postsecondary_enrollment_4yr": "4yr",
}
DISTRICT_TYPES = {
    "statewide": "state",
    "state": "state",
    "county": "county",
    "esd": "esd",
    "schooldist": "district",
    "schooldistrict": "district",
    "district": "district",
}
# SchoolTTL values that stand for the whole place rather than one school.
WHOLE_PLACE = {"", "districtwide", "esdwide", "countywide", "statewide", "all"}
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*%?$")


@dataclass(frozen=True)
class Share:
    """A share of graduates as published: a value, or a band, or withheld."""

    value: float | None
    lower: float | None = None
    upper: float | None = None
    status: str = OK
    reason: str = ""

    def complement(self) -> Share:
        def flip(x: float | None) -> float | None:
            return None if x is None else 1 - x

        return Share(
            flip(self.value),
            flip(self.upper),
            flip(self.lower),
            self.status,
            self.reason,
        )


def parse_share(text: str | None, column: str) -> Share:
    """ "0.64", "64%", a redacted range "90-100" (percent) or "0.9-1.0", or empty."""
    raw = (text or "").strip()
    if is_empty(raw):
        return Share(None, status=SUPPRESSED, reason="source suppressed")
    band = _RANGE.match(raw)
    if band:
        return _band(raw, float(band.group(1)), float(band.group(2)), column)
    try:
        return Share(parse_rate(raw, column))
    except RowRejected:
        found = marker(raw, column)
    if not found.hides_value:
        raise RowRejected("V001", f"{raw!r} is not a share of graduates", column)
    return Share(None, found.lower, found.upper, found.status, found.reason)


def _band(raw: str, low: float, high: float, column: str) -> Share:
    if low > high:
        raise RowRejected("V005", f"range {raw!r} runs backwards", column)
    # ERDC writes ranges in percent; "0.9-1.0" is the same band as a fraction.
    scale = 1.0 if "." in raw and high <= 1 else 100.0
    if high > scale:
        raise RowRejected("V002", f"range {raw!r} goes past 100%", column)
    edge = low == 0 or high == scale
    reason = "top/bottom coded" if edge else "source suppressed"
    return Share(None, low / scale, high / scale, BANDED, reason)


def level(text: str) -> tuple[str, bool]:
    found = LEVELS.get(normalize(text or ""))
    if found is None:
        raise RowRejected(
            "V005",
            f"enrollment level {text!r} is not known (expected '2 Year / CTC', "
            "'4 Year' or 'Not Enrolled')",
            "level",
        )
    return found


def cohort_period(text: str) -> str:
    # CohortYearTTL is the graduation year: cohort 2023 graduated in 2022-23.
    return school_year(text, end_year=True)


def district_code(text: str | None, column: str) -> str | None:
    code = (text or "").strip()
    if code.endswith(".0"):
        code = code[:-2]
    if code.upper() in ("", "N/A", "NA", "NULL"):
        return None
    if not code.isdigit() or len(code) > 5:
        raise RowRejected("V005", f"district code {text!r} is not an OSPI code", column)
    return code.zfill(5)


def _estimated_count(text: str | None, column: str) -> float | None:
    count = parse_count(text, column)
    return count or None  # 0: the compiler had no figure


# -- ERDC's own layout --------------------------------------------------------------

AGENCY_FIELDS = {
    "year": field_("CohortYearTTL", "CohortYear"),
    "district_type": field_("DistrictType", "DistType"),
    "district_name": field_("DistrictTTL"),
    "school": field_("SchoolTTL", required=False),
    "lea_code": field_("LEACode", "DistrictCode", required=False),
    "group_type": field_("DemographicGroup", "DemographicGrouping"),
    "group": field_("DemographicValue"),
    "level": field_("PSEnrollLevel"),
    "pct": field_("Pct"),
    # Breakdowns this loader does not read: a row carrying one is rejected, so a
    # by-sector or by-institution download is not taken for the level totals.
    "institution": field_("PSOrganizationTTL", required=False),
    "sector_location": field_("PSOrganizationLocationTTL", required=False),
    "sector_ownership": field_("PSOrgnOwnershipTypeTTL", required=False),
}


class FirstFallEnrollment(Source):
    def parse(self, row, number):
        _no_breakdown(row)
        period = cohort_period(row["year"])
        indicator, complement = level(row["level"])
        share = parse_share(row["pct"], "pct")
        if complement:
            share = share.complement()
        group_type, group_name = group(row)
        yield Fact(
            indicator,
            period,
            group_type=group_type,
            group=group_name,
            value=share.value,
            lower=share.lower,
            upper=share.upper,
            status=share.status,
            status_reason=share.reason,
            **_place(row),
        )


def _no_breakdown(row: dict[str, str]) -> None:
    for column in ("institution", "sector_location", "sector_ownership"):
        if (row.get(column) or "").strip():
            raise RowRejected(
                "V005",
                f"this row is one {column.replace('_', ' ')} ({row[column]!r}); the "
                "loader reads ERDC's totals by level, not its breakdowns by "
                "institution or sector",
                column,
            )


def _place(row: dict[str, str]) -> dict[str, object]:
    kind = DISTRICT_TYPES.get(normalize(row["district_type"]))
    if kind is None:
        raise RowRejected(
            "V005",
            f"DistrictType {row['district_type']!r} is not known",
            "district_type",
        )
    name = row["district_name"].strip()
    code = district_code(row.get("lea_code"), "lea_code")
    school = (row.get("school") or "").strip()
    if normalize(school) not in WHOLE_PLACE:
        # ERDC names schools without a code; the build finds them in their district.
        return _where("school", None, school, district=code)
    if kind == "state":
        return _where("state", "53", "Washington")
    if kind == "county":
        return _where("county", None, name, county=name)
    if kind == "esd":
        return _where("esd", None, name, esd=name)
    return _where("district", code, name, district=code)


def _where(geo_level, geo_id, name, district=None, county=None, esd=None) -> dict:
    return {
        "geo_level": geo_level,
        "geo_id": geo_id,
        "geo_name": name,
        "district_code": district,
        "county": county,
        "esd": esd,
    }


# -- Washington STEM's compilations -------------------------------------------------

LEVEL_FIELDS = {
    "district_code": field_("DistrictCode"),
    "district_name": field_("DistrictName"),
    "final_cohort": field_("FinalCohort", required=False),
    "graduates": field_("Graduate", "Graduates"),
    "graduation_rate": field_("GraduationRate"),
    "year": field_("CohortYearTTL"),
    "partner": field_("Horizons.Partner", "HorizonsPartner", required=False),
    "level": field_("PSEnrollLevel"),
    "pct": field_("Pct"),
    "cohort_rate": field_("Cohort Enrollment Rate", required=False),
}

INSTITUTION_FIELDS = {
    "school_year": field_("SchoolYear", required=False),
    "district_code": field_("DistrictCode"),
    "district_name": field_("DistrictName", required=False),
    "final_cohort": field_("FinalCohort", required=False),
    "graduates": field_("Graduate", "Graduates", required=False),
    "year": field_("CohortYearTTL"),
    "partner": field_("Horizons.Partner", "HorizonsPartner", required=False),
    "district_ttl": field_("DistrictTTL", required=False),
    "level": field_("PSEnrollLevel"),
    "pct": field_("Pct"),
    "cohort_rate": field_("Cohort Enrollment Rate", required=False),
    "school": field_("SchoolTTL", required=False),
    "institution": field_("PSOrganizationTTL"),
    "enrollees": field_("Enrollees"),
}


class EnrollmentByLevel(Source):
    """District x cohort x level, All Students; every figure estimated."""

    def parse(self, row, number):
        period = cohort_period(row["year"])
        code = district_code(row["district_code"], "district_code")
        if code is None:
            raise RowRejected("V008", "the row has no district code", "district_code")
        indicator, complement = level(row["level"])
        share = parse_share(row["pct"], "pct")
        if complement:
            share = share.complement()
        graduates = _estimated_count(row["graduates"], "graduates")
        numerator = denominator = None
        if share.value is not None and graduates is not None:
            numerator, denominator = share.value * graduates, graduates
        yield Fact(
            indicator,
            period,
            group_type="All",
            group="All Students",
            numerator=numerator,
            denominator=denominator,
            value=share.value,
            lower=share.lower,
            upper=share.upper,
            status=share.status,
            status_reason=share.reason,
            method="estimated",
            **_where("district", code, row["district_name"].strip(), district=code),
        )


class EnrollmentByInstitution(Source):
    """District x cohort x college: a tidy table, no facts."""

    def parse(self, row, number):
        code = district_code(row["district_code"], "district_code")
        if code is None:
            raise RowRejected("V008", "the row has no district code", "district_code")
        indicator, _ = level(row["level"])
        if indicator not in LEVEL_NAMES:
            raise RowRejected(
                "V005", f"level {row['level']!r} is not a college level", "level"
            )
        institution = row["institution"].strip()
        if not institution:
            raise RowRejected("V008", "the row names no institution", "institution")
        yield TableRow(
            "erdc_institution_enrollment",
            {
                "period": cohort_period(row["year"]),
                "district_code": code,
                "institution": institution,
                "level": LEVEL_NAMES[indicator],
                "enrollees": parse_count(row["enrollees"], "enrollees"),
                "pct": parse_rate(row["pct"], "pct"),
            },
        )

    def vintage(self, facts, table: Table) -> str:
        # No facts: the periods come from the cohort column itself.
        columns = match_header(table.header, self.fields)
        if "year" not in columns.index:
            return ""
        at = columns.index["year"]
        periods = set()
        for row in table.rows:
            try:
                periods.add(cohort_period(row.values[at]))
            except RowRejected:
                continue
        return _span(sorted(periods))


def _span(periods: list[str]) -> str:
    if not periods:
        return ""
    return periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"


ERDC = "Education Research and Data Center (Office of Financial Management)"
HORIZONS = "https://github.com/WashingtonSTEM/Horizons_Public"

SOURCES = [
    FirstFallEnrollment(
        id="erdc_enrollment",
        title="ERDC high school graduate outcomes: first-fall college enrollment",
        agency=ERDC,
        folders=("erdc",),
        fields=AGENCY_FIELDS,
        license="Public data from the Education Research and Data Center",
        attribution="Washington Education Research and Data Center, High School "
        "Graduate Outcomes dashboard",
        url="https://erdc.wa.gov/data-dashboards/high-school-graduate-outcomes",
        priority=20,
        signature=("year", "district_type", "district_name", "group", "level", "pct"),
    ),
    EnrollmentByLevel(
        id="erdc_enrollment_wastem",
        title="First-fall college enrollment by level (Washington STEM estimates "
        "from ERDC)",
        agency=ERDC,
        folders=("erdc",),
        fields=LEVEL_FIELDS,
        license=CC_BY_NC,
        attribution=WA_STEM_ATTRIBUTION,
        url=HORIZONS,
        priority=10,
        estimated=True,
        signature=("district_code", "year", "level", "pct", "graduation_rate"),
    ),
    EnrollmentByInstitution(
        id="erdc_institutions_wastem",
        title="First-fall college enrollment by institution (Washington STEM "
        "estimates from ERDC)",
        agency=ERDC,
        folders=("erdc",),
        fields=INSTITUTION_FIELDS,
        license=CC_BY_NC,
        attribution=WA_STEM_ATTRIBUTION,
        url=HORIZONS,
        priority=10,
        estimated=True,
        tables={
            "erdc_institution_enrollment": [
                ("period", "VARCHAR"),
                ("district_code", "VARCHAR"),
                ("institution", "VARCHAR"),
                ("level", "VARCHAR"),
                ("enrollees", "DOUBLE"),
                ("pct", "DOUBLE"),
            ]
        },
        signature=("district_code", "year", "level", "pct", "institution", "enrollees"),
    ),
]
