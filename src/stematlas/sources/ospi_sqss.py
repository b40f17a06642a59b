"""OSPI Report Card SQSS (School Quality and Student Success): dual credit, ninth
grade on track and regular attendance.

One row per place x student group x grade level x measure. Two vocabularies:

- the combined file (2014-15 to 2021-22): ``Measures``, ``Suppression``
  (``No Suppression``, ``Suppressed: N<10``, ``Suppressed: Cross Group``,
  ``Suppressed: <10%``), counts in Numerator / Denominator and no rate column, and
  per dual credit program ``NumberTakingAP`` / ``PercentTakingAP`` ...;
- from 2021-22: ``Measure``, ``Percent`` (a fraction), ``DATReason`` or
  ``DAT_Reason`` (``None``, ``N<10``, ``Cross Student Group - N<10``,
  ``Top/Bottom Range: <10.7%``, ``No Students``), ``Label`` ("69.20%", "N<10")
  and per program ``APCourseNumber`` / ``APCoursePercent`` ...

What a row shows decides its status, not its marker alone: "Cross Student Group"
rows show the rate in 2023-24 (counts withheld) and nothing in 2022-23
(suppressed). A row that shows no figure and no marker saying why is a group
without data: it loads without facts.

Dual credit programs are the program's course count over the measure's
denominator. OSPI top/bottom codes the shares of small program counts and writes
the bound where the share would be: the combined file leaves a zero count empty
and writes a floor ("0.01" for "<1%"); 2022-23 leaves counts under 3 and their
shares empty; 2023-24 shows counts under 3 but writes the bound (3 of 52 students,
"0.058") as their share. So a share that disagrees with its count is a band, and
an empty program cell under a published measure is suppressed. Where the counts
are withheld, shares equal to the row's smallest share are read as bottom bands:
a bound is never above the true share of three or more students, so the band
holds either way.

The Washington STEM compilation (its own ``Horizons.Partner`` column) stacks
both vocabularies in one pipe-separated file, with both a ``DATReason`` and a
``DAT_Reason`` column, and adds rows of its own for Quillayute Valley: no marker,
percentages written as 36 for 36%, and rows of 0 of 0 where it had no figure
(2014-15 gives All Students 0 of 0 beside 926 of 2,572). Those 0-of-0 rows are
quarantined: a zero count without OSPI's "No Students" is not a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..periods import school_year
from ..validate.findings import WARNING, RowRejected
from .base import (
    CC_BY_NC,
    OSPI_TERMS,
    WA_STEM_ATTRIBUTION,
    Download,
    Fact,
    Source,
)
from .columns import field_, normalize
from .markers import (
    BANDED,
    NOT_APPLICABLE,
    OK,
    SUPPRESSED,
    Marker,
    combine,
    parse_marker,
)
from .ospi_common import GROUP_FIELDS, ORGANIZATION_FIELDS, group, marker, place
from .readers import Rejected, Row, Table
from .values import parse_count, parse_number, parse_rate

MEASURES = {
    "dualcredit": "dual_credit",
    "ninthgradeontrack": "ninth_grade_on_track",
    "regularattendance": "regular_attendance",
}
# The grade each indicator is defined for. OSPI also publishes single grades
# (attendance by grade, dual credit for grades 9 to 12); those rows load without
# facts.
REPORTED_GRADE = {
    "dual_credit": "all",
    "ninth_grade_on_track": "9",
    "regular_attendance": "all",
}
# Program -> (count column names, share column names): 2021-22 on, combined file,
# and the combined file's API names where data.wa.gov cut them short.
PROGRAMS = {
    "ap": (
        ("APCourseNumber", "NumberTakingAP"),
        ("APCoursePercent", "PercentTakingAP"),
    ),
    "ib": (
        ("IBCourseNumber", "NumberTakingIB"),
        ("IBCoursePercent", "PercentTakingIB"),
    ),
    "cihs": (
        (
            "CIHSCourseNumber",
            "NumberTakingCollegeInTheHighSchool",
            "numbertakingcollegeinthe",
        ),
        (
            "CIHSCoursePercent",
            "PercentTakingCollegeInTheHighSchool",
            "percenttakingcollegeinth",
        ),
    ),
    "cambridge": (
        ("CambridgeCourseNumber", "NumberTakingCambridge"),
        ("CambridgeCoursePercent", "PercentTakingCambridge"),
    ),
    "cte": (
        ("CTECourseNumber", "NumberTakingCTETechPrep"),
        ("CTECoursePercent", "PercentTakingCTETechPrep"),
    ),
    "running_start": (
        ("RunningStartCourseNumber", "NumberTakingRunningStart"),
        ("RunningStartCoursePercent", "PercentTakingRunningStart"),
    ),
}
MARKER_COLUMNS = ("suppression", "suppression_reason", "dat_reason")

FIELDS = {
    "year": field_("SchoolYear", "schoolyear"),
    **ORGANIZATION_FIELDS,
    **GROUP_FIELDS,
    "grade": field_("GradeLevel", "Gradelevel"),
    "measure": field_("Measure", "Measures"),
    "suppression": field_("Suppression", required=False),
    "suppression_reason": field_("SuppressionReason", required=False),
    "dat_reason": field_("DATReason", "DAT_Reason", "DAT", required=False),
    "label": field_("Label", required=False),
    "percent": field_("Percent", required=False),
    "numerator": field_("Numerator"),
    "denominator": field_("Denominator"),
    **{
        f"{program}_{kind}": field_(*names, required=False)
        for program, columns in PROGRAMS.items()
        for kind, names in zip(("count", "share"), columns, strict=True)
    },
}
COMPILATION_FIELDS = {**FIELDS, "partner": field_("Horizons.Partner")}

SOURCE_SUPPRESSED = "source suppressed"
TOP_BOTTOM = "top/bottom coded"
# 2023-24 rounds program shares to three decimals; older files are finer.
SHARE_TOLERANCE = 0.0006
_NUMBER = re.compile(r"^\s*\d+(\.\d+)?\s*%?\s*$")


@dataclass
class Figure:
    """One published figure, before it is placed and grouped into a Fact."""

    status: str
    reason: str = ""
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    lower: float | None = None
    upper: float | None = None


class Sqss(Source):
    def read(self, path):
        return fold_repeated_columns(super().read(path))

    def parse(self, row, number):
        indicator = _indicator(row["measure"])
        period = school_year(row["year"])
        where = place(row)
        group_type, group_name = group(row)
        if _grade(row["grade"]) != REPORTED_GRADE[indicator]:
            return  # another grade than the indicator's: loaded, no facts
        scale = _scale(row)
        measure = _measure(row, scale)
        if measure is None:
            return  # a group listed with no figure and no marker: no data
        base = {"period": period, "group_type": group_type, "group": group_name}
        base.update(where)
        yield _fact(indicator, measure, base)

        if indicator != "dual_credit":
            return
        floor = _smallest_share(row, scale)
        for program in PROGRAMS:
            if f"{program}_count" in row or f"{program}_share" in row:
                figure = _program(row, program, measure, scale, floor)
                yield _fact(f"dual_credit_{program}", figure, base)


def fold_repeated_columns(table: Table) -> Table:
    """Merge columns whose names are the same once normalized, keeping whichever
    cell is filled. The Washington STEM compilation has ``DATReason`` (to 2022-23)
    and ``DAT_Reason`` (2023-24); header matching would only ever see the first."""
    positions: dict[str, list[int]] = {}
    for i, name in enumerate(table.header):
        positions.setdefault(normalize(name), []).append(i)
    repeated = [p for p in positions.values() if len(p) > 1]
    if not repeated:
        return table
    dropped = {i for p in repeated for i in p[1:]}

    rows: list[Row] = []
    for row in table.rows:
        values = list(row.values)
        conflict = None
        for same in repeated:
            filled = sorted({values[i].strip() for i in same if values[i].strip()})
            if len(filled) > 1:
                conflict = (same, filled)
                break
            values[same[0]] = filled[0] if filled else ""
        if conflict:
            names = " and ".join(repr(table.header[i]) for i in conflict[0])
            table.rejected.append(
                Rejected(
                    row.number,
                    row.values,
                    "V005",
                    table.header[conflict[0][0]],
                    f"columns {names} name the same thing but disagree "
                    f"({' / '.join(conflict[1])}): keep the right one",
                )
            )
            continue
        rows.append(
            Row(row.number, [v for i, v in enumerate(values) if i not in dropped])
        )
    table.header = [h for i, h in enumerate(table.header) if i not in dropped]
    table.rows = rows
    return table


def _indicator(text: str) -> str:
    indicator = MEASURES.get(normalize(text))
    if indicator is None:
        raise RowRejected(
            "V005",
            f"measure {text!r} is not known: add it to MEASURES in "
            "stematlas/sources/ospi_sqss.py",
            "measure",
        )
    return indicator


def _grade(text: str) -> str:
    """'All Grades' -> 'all'; '9', '09', '9th Grade' -> '9'."""
    key = normalize(text)
    if key.startswith("all"):
        return "all"
    digits = re.sub(r"\D", "", key)
    return str(int(digits)) if digits else key


def _marker(row: dict[str, str]) -> Marker:
    """Every column that may say why a figure is hidden; the strongest wins. The
    Label holds either the rate ("69.20%") or a marker ("N<10", "<27.3%")."""
    found = [marker(row[c], c) for c in MARKER_COLUMNS if c in row]
    label = row.get("label") or ""
    if parse_marker(label) is not None or not _NUMBER.match(label):
        found.append(marker(label, "label"))
    return combine(*found)


def _scale(row: dict[str, str]) -> float:
    """100 where the row writes percentages (36 for 36%), else 1. OSPI writes
    fractions, the compilation's own rows percentages: the measure's counts tell
    where they are shown, else any share above 1."""
    percent = parse_number(row.get("percent"), "percent")
    numerator = parse_number(row.get("numerator"), "numerator")
    denominator = parse_number(row.get("denominator"), "denominator")
    if percent is not None and numerator is not None and denominator:
        share = numerator / denominator
        return 100.0 if abs(percent / 100 - share) < abs(percent - share) else 1.0
    shares = [percent, *_shares(row, 1.0)]
    return 100.0 if any(s is not None and s > 1 for s in shares) else 1.0


def _shares(row: dict[str, str], scale: float) -> list[float | None]:
    return [_share(row, f"{p}_share", scale) for p in PROGRAMS]


def _share(row: dict[str, str], column: str, scale: float) -> float | None:
    number = parse_number(row.get(column), column)
    # Rounding keeps 33.4 / 100 from becoming 0.33399999999999996.
    return None if number is None else round(number / scale, 12)


def _smallest_share(row: dict[str, str], scale: float) -> float | None:
    shown = [s for s in _shares(row, scale) if s]
    return min(shown) if shown else None


def _measure(row: dict[str, str], scale: float) -> Figure | None:
    mark = _marker(row)
    if mark.hides_value:
        return Figure(mark.status, mark.reason, lower=mark.lower, upper=mark.upper)
    numerator = parse_count(row.get("numerator"), "numerator")
    denominator = parse_count(row.get("denominator"), "denominator")
    value = _share(row, "percent", scale)
    label = row.get("label") or ""
    if value is None and _NUMBER.match(label):
        value = parse_rate(label, "label", percent=True)

    if mark.counts_hidden:
        # Cross-group rows: 2023-24 shows the rate, earlier files nothing.
        if value is None:
            return Figure(SUPPRESSED, SOURCE_SUPPRESSED)
        return Figure(OK, mark.reason, value=value)
    if value is None and numerator is not None and denominator:
        value = numerator / denominator
    if value is not None:
        return Figure(OK, numerator=numerator, denominator=denominator, value=value)
    if denominator == 0:
        raise RowRejected(
            "V008",
            "0 students counted, no rate and no 'No Students' marker: a zero "
            "written where the file had no figure",
            "denominator",
            WARNING,
        )
    if numerator is None and denominator is None:
        return None
    raise RowRejected(
        "V008", f"no rate, and counts {numerator} of {denominator}", "denominator"
    )


def _program(
    row: dict[str, str],
    program: str,
    measure: Figure,
    scale: float,
    floor: float | None,
) -> Figure:
    if measure.status in (SUPPRESSED, NOT_APPLICABLE):
        return Figure(measure.status, measure.reason)
    if measure.status == BANDED:
        # A bottom band holds for every program (its students are some of the
        # measure's), and OSPI writes that bound in each program column. Under a
        # top band the columns mix bounds and shares without saying which.
        if measure.lower == 0:
            return Figure(BANDED, measure.reason, lower=0.0, upper=measure.upper)
        return Figure(SUPPRESSED, SOURCE_SUPPRESSED)

    count = parse_count(row.get(f"{program}_count"), f"{program}_count")
    share = _share(row, f"{program}_share", scale)
    denominator = measure.denominator
    if count is None and share is None:
        return Figure(SUPPRESSED, SOURCE_SUPPRESSED)
    if not denominator:
        return _program_without_counts(share, floor)
    if share is None:
        return Figure(
            OK, numerator=count, denominator=denominator, value=count / denominator
        )
    if count is None:
        # The combined file leaves a zero count empty and writes a floor as share.
        if share == 0:
            return Figure(OK, denominator=denominator, value=0.0)
        return Figure(BANDED, TOP_BOTTOM, lower=0.0, upper=share)

    exact = count / denominator
    if abs(share - exact) <= SHARE_TOLERANCE:
        return Figure(OK, numerator=count, denominator=denominator, value=share)
    if exact < share:
        return Figure(BANDED, TOP_BOTTOM, lower=0.0, upper=share)
    return Figure(BANDED, TOP_BOTTOM, lower=share, upper=1.0)


def _program_without_counts(share: float | None, floor: float | None) -> Figure:
    if share is None:
        return Figure(SUPPRESSED, SOURCE_SUPPRESSED)
    if share and floor is not None and share <= floor + SHARE_TOLERANCE:
        return Figure(BANDED, TOP_BOTTOM, lower=0.0, upper=share)
    return Figure(OK, "counts withheld", value=share)


def _fact(indicator: str, figure: Figure, base: dict) -> Fact:
    return Fact(
        indicator=indicator,
        numerator=figure.numerator,
        denominator=figure.denominator,
        value=figure.value,
        lower=figure.lower,
        upper=figure.upper,
        status=figure.status,
        status_reason=figure.reason,
        **base,
    )


def _download(dataset: str, years: str) -> Download:
    return Download(
        f"https://data.wa.gov/api/views/{dataset}/rows.csv?accessType=DOWNLOAD",
        f"ospi/sqss/Report_Card_SQSS_{years}.csv",
    )


SIGNATURE = ("year", "grade", "measure", "numerator", "denominator")

SOURCES = [
    # The agency's files: the combined 2014-15 to 2021-22 file, then one a year
    # (the yearly files of the combined years would repeat its figures).
    Sqss(
        id="ospi_sqss",
        title="OSPI Report Card SQSS: dual credit, ninth grade on track, "
        "regular attendance",
        agency="Office of Superintendent of Public Instruction",
        folders=("ospi/sqss", "ospi/dual-credit", "sqss", "dual-credit"),
        fields=FIELDS,
        license=OSPI_TERMS,
        attribution="Washington Office of Superintendent of Public Instruction, "
        "Report Card School Quality and Student Success data",
        url="https://data.wa.gov/d/inqc-k3vt",
        downloads=(
            _download("inqc-k3vt", "2014-15_to_2021-22"),
            _download("hs5t-6yez", "2022-23"),
            _download("q9gf-prrp", "2023-24"),
            _download("f7j6-nk2h", "2024-25"),
        ),
        priority=20,
        signature=SIGNATURE,
    ),
    # Washington STEM's compilation of the dual credit measure: the same layout
    # plus its Horizons.Partner column, which is how it is told apart. Where it
    # repeats OSPI's own file, OSPI's figure wins.
    Sqss(
        id="ospi_sqss_wastem",
        title="OSPI Report Card SQSS dual credit, Washington STEM compilation",
        agency="Washington STEM, from the Office of Superintendent of Public "
        "Instruction",
        folders=("ospi/dual-credit", "dual-credit"),
        fields=COMPILATION_FIELDS,
        license=CC_BY_NC,
        attribution=WA_STEM_ATTRIBUTION,
        url="https://github.com/WashingtonSTEM/Horizons_Public",
        priority=5,
        signature=(*SIGNATURE, "partner"),
    ),
]
