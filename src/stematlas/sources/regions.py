"""The regional crosswalks: each county's Workforce Development Area, Educational
Service District and STEM region, with its rural-urban code; each county's OEWS wage
area. Compiled for this project from public facts (see the data pack's
regions/PROVENANCE.md); users may replace the region assignment (``--regions``).
"""

from __future__ import annotations

from ..validate.findings import RowRejected
from .base import Source, TableRow
from .columns import field_

COUNTY_FIELDS = {
    "county_fips": field_("county_fips", "fips", "geoid"),
    "county": field_("county", "county_name"),
    "wda_id": field_("wda_id"),
    "wda_name": field_("wda_name"),
    "esd_most_schools": field_("esd_most_schools", required=False),
    "esd_all": field_("esd_all", required=False),
    "region_id": field_("region_id"),
    "region_name": field_("region_name"),
    "rucc_2023": field_("rucc_2023", "rucc", required=False),
    "metro": field_("metro", required=False),
}

OEWS_FIELDS = {
    "area_code": field_("oews_area_code", "area_code"),
    "area_title": field_("oews_area_title", "area_title"),
    "area_kind": field_("area_kind"),
    "county_fips": field_("county_fips"),
    "county": field_("county", required=False),
}


def county_fips(text: str) -> str:
    code = (text or "").strip()
    if not (code.isdigit() and len(code) == 5 and code.startswith("53")):
        raise RowRejected(
            "V005", f"county FIPS {text!r} is not a Washington 5-digit code (53xxx)"
        )
    return code


class Counties(Source):
    def parse(self, row, number):
        rucc = (row.get("rucc_2023") or "").strip()
        yield TableRow(
            "counties",
            {
                "county_fips": county_fips(row["county_fips"]),
                "county": row["county"].strip(),
                "wda_id": row["wda_id"].strip(),
                "wda_name": row["wda_name"].strip(),
                "esd_most_schools": (row.get("esd_most_schools") or "").strip(),
                "region_id": row["region_id"].strip(),
                "region_name": row["region_name"].strip(),
                "rucc_2023": int(rucc) if rucc.isdigit() else None,
            },
        )


class OewsAreas(Source):
    def parse(self, row, number):
        yield TableRow(
            "oews_areas",
            {
                "area_code": row["area_code"].strip(),
                "area_title": row["area_title"].strip(),
                "area_kind": row["area_kind"].strip(),
                "county_fips": county_fips(row["county_fips"]),
            },
        )


PROJECT_LICENSE = "Compiled for STEM Atlas from public facts (Apache-2.0)"

SOURCES = [
    Counties(
        id="regions_counties",
        title="Counties with their WDA, ESD and STEM region",
        agency="STEM Atlas (compiled from WTB, OSPI and USDA ERS facts)",
        folders=("regions",),
        fields=COUNTY_FIELDS,
        license=PROJECT_LICENSE,
        attribution="STEM Atlas regional crosswalk",
        url="",
        priority=10,
        tables={
            "counties": [
                ("county_fips", "VARCHAR"),
                ("county", "VARCHAR"),
                ("wda_id", "VARCHAR"),
                ("wda_name", "VARCHAR"),
                ("esd_most_schools", "VARCHAR"),
                ("region_id", "VARCHAR"),
                ("region_name", "VARCHAR"),
                ("rucc_2023", "INTEGER"),
            ]
        },
        signature=("county_fips", "wda_id", "region_id"),
    ),
    OewsAreas(
        id="regions_oews_areas",
        title="Counties in BLS OEWS wage areas",
        agency="STEM Atlas (compiled from BLS area definitions)",
        folders=("regions",),
        fields=OEWS_FIELDS,
        license=PROJECT_LICENSE,
        attribution="STEM Atlas crosswalk of BLS OEWS areas",
        url="https://www.bls.gov/oes/current/msa_def.htm",
        tables={
            "oews_areas": [
                ("area_code", "VARCHAR"),
                ("area_title", "VARCHAR"),
                ("area_kind", "VARCHAR"),
                ("county_fips", "VARCHAR"),
            ]
        },
        signature=("area_code", "area_kind", "county_fips"),
    ),
]
