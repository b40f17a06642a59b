"""MIT Living Wage Calculator: the hourly wage each working adult of a household
needs to cover its basic costs in a county, for twelve household types (one adult,
two adults with one working, two adults both working; none to three children).

Read into ``living_wages``, one row per county and household. MIT publishes the
figures as web pages, not files; the layout read here is the long one its scraped
copies use (the sample pack's, compiled by the Urban Institute): county FIPS,
adults ("1 Adult", "2 Adults (1 Working)", "2 Adults (Both Working)"), children
("0 Children", "1 Child", ...) and the hourly living wage, or a single household
column ("1 Adult 1 Child", "2 Adults (1 Working) 2 Children"). Another standard
of the same shape (a self-sufficiency standard, say) can be loaded in its place.

The year is a column where the file has one, else the year the file's name states
(MIT's figures are dated by their data year: 2019 in the sample). MIT's terms ask
for attribution and do not allow commercial use: the attribution below travels
with every figure built on these numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..households import household_id, household_label
from ..validate.findings import WARNING, Finding, RowRejected
from .base import Source, TableRow
from .columns import field_, normalize
from .labor_codes import number, year_in_name
from .readers import Table, read_text_table

YEAR_COLUMN = "stematlas_data_year"

FIELDS = {
    "county_fips": field_("county_fips", "fips", "geoid", "county_fips_code"),
    "adults": field_("adults", "adult", required=False),
    "children": field_("children", "child", required=False),
    "household": field_("household", "household_type", "family", required=False),
    "wage": field_("living_wage_hourly", "living_wage", "hourly_living_wage", "wage"),
    "year": field_("year", "data_year", YEAR_COLUMN, required=False),
}

_ADULTS = re.compile(r"(\d)\s*adults?(?:\s*\((\d|both|one|two)\s*working\))?", re.I)
_CHILDREN = re.compile(r"(\d)\s*child(?:ren)?", re.I)
WORKING = {"both": 2, "two": 2, "one": 1}


def parse_household(adults_text: str, children_text: str) -> tuple[int, int, int]:
    """(adults, working adults, children) from MIT's wording."""
    adults = _ADULTS.search(adults_text or "")
    children = _CHILDREN.search(children_text or "")
    if not adults or not children:
        raise RowRejected(
            "V005",
            f"household {' '.join((adults_text, children_text)).strip()!r} is not "
            "one of MIT's (e.g. '1 Adult' and '1 Child', '2 Adults (Both Working)' "
            "and '0 Children')",
            "adults",
        )
    count = int(adults.group(1))
    work = adults.group(2)
    if count not in (1, 2) or int(children.group(1)) > 3:
        raise RowRejected(
            "V005", "MIT's households have one or two adults and up to three "
            f"children, not {adults_text!r} with {children_text!r}", "adults"
        )  # fmt: skip
    if count == 1:
        working = 1
    elif work is None:
        raise RowRejected(
            "V005",
            f"{adults_text!r}: say how many of the two adults work, as MIT does "
            "('2 Adults (1 Working)', '2 Adults (Both Working)')",
            "adults",
        )
    else:
        working = int(work) if work.isdigit() else WORKING[work.lower()]
    return count, working, int(children.group(1))


class LivingWage(Source):
    def read(self, path: Path) -> Table:
        table = read_text_table(path)
        if not table.header or any(
            normalize(h) in ("year", "datayear") for h in table.header
        ):
            return table
        year = year_in_name(path) or ""
        if not year:
            table.findings.append(
                Finding(
                    "V009",
                    path.name,
                    0,
                    "",
                    "the living wage file states no data year and its name holds "
                    "none: add a column 'year' or put the year in the file's name",
                    WARNING,
                )
            )
        table.header = [*table.header, YEAR_COLUMN]
        for r in table.rows:
            r.values = [*r.values, year]
        return table

    def parse(self, row, number_):
        fips = (row["county_fips"] or "").strip().zfill(5)
        if not (fips.isdigit() and len(fips) == 5):
            raise RowRejected(
                "V005", f"county FIPS {row['county_fips']!r} is not 5 digits",
                "county_fips",
            )  # fmt: skip
        adults, children = row.get("adults") or "", row.get("children") or ""
        if not adults and row.get("household"):
            adults = children = row["household"]
        counts = parse_household(adults, children)
        wage = number(row["wage"], "wage")
        if wage is None or wage <= 0:
            raise RowRejected(
                "V008",
                f"living wage {row['wage']!r} is empty or not positive",
                "wage",
            )
        yield TableRow(
            "living_wages",
            {
                "year": (row.get("year") or "").strip(),
                "county_fips": fips,
                "household": household_id(*counts),
                "household_label": household_label(*counts),
                "adults": counts[0],
                "working_adults": counts[1],
                "children": counts[2],
                "living_wage_hourly": wage,
            },
        )

    def vintage(self, facts, table: Table) -> str:
        from .columns import match_header

        at = match_header(table.header, self.fields).index.get("year")
        years = {r.values[at].strip() for r in table.rows} if at is not None else set()
        return ", ".join(sorted(years - {""}))


MIT_TERMS = (
    "MIT Living Wage Calculator terms: free to use with attribution, not for "
    "commercial use"
)

SOURCES = [
    LivingWage(
        id="mit_living_wage",
        title="MIT Living Wage Calculator, by county and household",
        agency="Massachusetts Institute of Technology (Amy K. Glasmeier)",
        folders=("mit", "living-wage", "living_wage"),
        fields=FIELDS,
        license=MIT_TERMS,
        attribution="Glasmeier, Amy K. Living Wage Calculator. Massachusetts "
        "Institute of Technology. livingwage.mit.edu",
        url="https://livingwage.mit.edu/states/53",
        tables={
            "living_wages": [
                ("year", "VARCHAR"),
                ("county_fips", "VARCHAR"),
                ("household", "VARCHAR"),
                ("household_label", "VARCHAR"),
                ("adults", "INTEGER"),
                ("working_adults", "INTEGER"),
                ("children", "INTEGER"),
                ("living_wage_hourly", "DOUBLE"),
            ]
        },
        table_keys={"living_wages": ("year", "county_fips", "household")},
        signature=("county_fips", "wage"),
    )
]
