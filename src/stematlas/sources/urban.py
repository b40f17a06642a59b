"""County population by year, from the Urban Institute's Upward Mobility data
(Census population estimates): year, state, county, state_name, county_name,
population. The state and county FIPS come apart (``53`` and ``001``, which
spreadsheets may shorten to ``1``); a single 5-digit ``geoid`` column reads too.

The atlas weights counties by these populations where a region's figure is made
of several counties' (the living wage of a region) and where an area's jobs are
shared among the regions it spans. Read into ``county_population``.
"""

from __future__ import annotations

import re

from ..validate.findings import RowRejected
from .base import Source, TableRow
from .columns import field_
from .labor_codes import number

FIELDS = {
    "year": field_("year"),
    "state": field_("state", "state_fips", required=False),
    "county": field_("county", "county_fips", "geoid", "fips"),
    "county_name": field_("county_name", "name", required=False),
    "population": field_("population", "pop", "total_population"),
}


class CountyPopulation(Source):
    def parse(self, row, number_):
        year = row["year"].strip()
        if not re.fullmatch(r"\d{4}", year):
            raise RowRejected("V009", f"year {year!r} is not a calendar year", "year")
        population = number(row["population"], "population")
        if population is None or population < 0:
            raise RowRejected(
                "V008",
                f"population {row['population']!r} is empty or negative",
                "population",
            )
        yield TableRow(
            "county_population",
            {
                "year": year,
                "county_fips": _fips(row),
                "county": (row.get("county_name") or "")
                .strip()
                .removesuffix(" County"),
                "population": int(population),
            },
        )


def _fips(row: dict[str, str]) -> str:
    county = row["county"].strip()
    state = (row.get("state") or "").strip()
    code = state.zfill(2) + county.zfill(3) if state and len(county) <= 3 else county
    if not (code.isdigit() and len(code) == 5):
        raise RowRejected(
            "V005",
            f"county {row['county']!r} (state {state!r}) is not a county FIPS code",
            "county",
        )
    return code


SOURCES = [
    CountyPopulation(
        id="urban_county_population",
        title="County population (Urban Institute Upward Mobility data, from "
        "Census estimates)",
        agency="Urban Institute (from U.S. Census Bureau population estimates)",
        # Only a folder (or file) named for population: the Urban Institute's other
        # county files share its year, state and county columns.
        folders=("population",),
        fields=FIELDS,
        license="Urban Institute open data, with attribution",
        attribution="Urban Institute, Upward Mobility Framework county data "
        "(mobility-from-poverty), from U.S. Census Bureau population estimates",
        url="https://github.com/UI-Research/mobility-from-poverty",
        tables={
            "county_population": [
                ("year", "VARCHAR"),
                ("county_fips", "VARCHAR"),
                ("county", "VARCHAR"),
                ("population", "BIGINT"),
            ]
        },
        table_keys={"county_population": ("year", "county_fips")},
        signature=("year", "county", "population"),
    )
]
