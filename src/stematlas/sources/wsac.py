"""WSAC FAFSA/WASFA completion: the share of high school seniors who completed a
federal or state financial aid application, by district and student group.

Two compilations by Washington STEM of the Washington Student Achievement Council's
completion rates:

- a CSV for 2014-15 to 2019-20 (UTF-8 with a byte order mark): districts by name only
  (no code; the build finds them by name), plus "Region" rows for WSAC's program
  partnerships ("ALL ESD 112"), which are no place of the atlas and go to the table
  ``wsac_partnership_fafsa_completion``;
- a workbook for 2020-21 to 2024-25, by district code and student group. Its
  dimension record is wrong and a full load fails on a missing drawing, so it is read
  in read-only mode. Low income is "Free-Reduced Price Lunch" Yes / No. Its Cohort
  and Estimated Completion columns are the compiler's (twelfth graders from OSPI,
  rate x cohort), not WSAC's counts, so the facts carry the rate only.

WSAC does not publish rates for small groups; the compilers left those cells empty
(CSV) or wrote 0 (workbook: 1,428 of 2,226 rows; where the compiler gives the group's
size, it is under 60 seniors). Both come out ``suppressed``, never as a zero rate.
"UnknownRace" is no group of the vocabulary: a withheld rate for it (every such row
in the sample) has nothing to keep and gives no fact; a published one is quarantined.

The year column is the graduating class's school year ("2019-2020").
"""

from __future__ import annotations

from pathlib import Path

from ..groups import VOCABULARY, canonical_type
from ..periods import school_year
from ..validate.findings import RowRejected
from .base import CC_BY_NC, WA_STEM_ATTRIBUTION, Fact, Source, TableRow
from .columns import field_, normalize
from .ospi_common import group
from .readers import Table, read_xlsx_table
from .values import parse_rate

FIELDS = {
    "partnership": field_("Program Partnership", "Program.Partnership", required=False),
    "region_type": field_("Region Type"),
    "region_name": field_("Region Name"),
    "rate": field_("FAFSA Completion Rate", "FAFSA.Completion.Rate"),
    "year": field_(
        "High School Academic Year", "High School Graduation Year", "Academic Year"
    ),
    "group_type": field_("Demographic Method", "Demographic Group"),
    "group": field_("Demographic Name", "Demographic Value"),
    "district_code": field_("District Code", "District.Code", required=False),
}

PARTNERSHIP_TABLE = "wsac_partnership_fafsa_completion"
UNKNOWN_RACE = "unknownrace"


class FafsaCompletion(Source):
    def read(self, path: Path) -> Table:
        if path.suffix.lower() == ".xlsx":
            keys = {k for spec in self.fields.values() for k in spec.keys}
            return read_xlsx_table(path, keys)
        return super().read(path)

    def parse(self, row, number):
        period = school_year(row["year"])
        value = _rate(row["rate"])
        if value is None and normalize(row["group"]) == UNKNOWN_RACE:
            return  # withheld, for a group outside the vocabulary: no data
        group_type, group_name = _group(row)
        kind = normalize(row["region_type"])
        name = row["region_name"].strip()
        if kind == "region":
            yield TableRow(
                PARTNERSHIP_TABLE,
                {
                    "period": period,
                    "partnership": (row.get("partnership") or "").strip(),
                    "region_name": name,
                    "group_type": group_type,
                    "group": group_name,
                    "value": value,
                },
            )
            return
        yield Fact(
            "fafsa_completion",
            period,
            group_type=group_type,
            group=group_name,
            value=value,
            status="ok" if value is not None else "suppressed",
            status_reason="" if value is not None else "source suppressed",
            **_place(kind, name, row),
        )


def _rate(text: str) -> float | None:
    """The published rate, or None where WSAC withheld it (empty, or the
    compiler's 0)."""
    value = parse_rate(text, "rate")
    return value or None


def _group(row: dict[str, str]) -> tuple[str, str]:
    # "Free-Reduced Price Lunch" answers Yes / No: the first group of the type is
    # the one the question asks about (Low Income), the second its complement.
    answer = normalize(row["group"])
    if answer in ("yes", "no"):
        group_type = canonical_type(row["group_type"])
        if group_type is None or len(VOCABULARY[group_type]) < 2:
            raise RowRejected(
                "G001",
                f"{row['group']!r} under {row['group_type']!r} names no group: add "
                "the type's spelling to TYPE_ALIASES in stematlas/groups.py",
                "group_type",
            )
        return group_type, VOCABULARY[group_type][0 if answer == "yes" else 1]
    if answer == UNKNOWN_RACE:
        raise RowRejected(
            "G001",
            "a rate for race not reported ('UnknownRace'), which is no group of the "
            "Race/Ethnicity vocabulary: add an Unknown group to that type in "
            "stematlas/groups.py to keep it",
            "group",
        )
    return group(row)


def _place(kind: str, name: str, row: dict[str, str]) -> dict[str, object]:
    if kind == "district":
        code = (row.get("district_code") or "").strip()
        if code and not code.isdigit():
            raise RowRejected(
                "V005", f"district code {code!r} is not an OSPI code", "district_code"
            )
        code = code.zfill(5) if code else None
        return {
            "geo_level": "district",
            "geo_id": code,
            "geo_name": name,
            "district_code": code,
        }
    if kind in ("state", "statewide"):
        return {"geo_level": "state", "geo_id": "53", "geo_name": "Washington"}
    if kind == "county":
        return {"geo_level": "county", "geo_id": None, "geo_name": name, "county": name}
    raise RowRejected(
        "V005", f"region type {row['region_type']!r} is not known", "region_type"
    )


SOURCES = [
    FafsaCompletion(
        id="wsac_fafsa",
        title="WSAC FAFSA/WASFA completion by district and student group",
        agency="Washington Student Achievement Council",
        folders=("wsac",),
        fields=FIELDS,
        license=CC_BY_NC,
        attribution=f"{WA_STEM_ATTRIBUTION}, from Washington Student Achievement "
        "Council FAFSA/WASFA completion data",
        url="https://github.com/WashingtonSTEM/Horizons_Public",
        priority=10,
        suffixes=(".csv", ".txt", ".xlsx"),
        tables={
            PARTNERSHIP_TABLE: [
                ("period", "VARCHAR"),
                ("partnership", "VARCHAR"),
                ("region_name", "VARCHAR"),
                ("group_type", "VARCHAR"),
                ("group", "VARCHAR"),
                ("value", "DOUBLE"),
            ]
        },
        signature=("region_type", "region_name", "rate", "year", "group"),
    )
]
