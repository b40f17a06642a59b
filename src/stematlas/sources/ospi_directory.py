"""OSPI's directory of public schools: codes, district (LEA), ESD and county.

It places schools in districts and districts in counties and ESDs for the geography;
it carries no indicator. ESDCode is the ESD's county-district style code (``17801``),
not its organization id; the ESD number (``121``) identifies it.
"""

from __future__ import annotations

from ..validate.findings import RowRejected
from .base import OSPI_TERMS, Source, TableRow
from .columns import field_
from .values import parse_number

FIELDS = {
    "school_code": field_("SchoolCode", "schoolcode"),
    "school_org": field_("OrganizationId", "SchoolOrganizationId", required=False),
    "school_name": field_("SchoolName", "schoolname"),
    "esd_number": field_("ESDNum", "ESDNumber", required=False),
    "esd_name": field_("ESDName", "esdname"),
    "district_code": field_("LEACode", "DistrictCode", "leacode"),
    "district_name": field_("LEAName", "DistrictName", "leaname"),
    "low_grade": field_("LowestGrade", required=False),
    "high_grade": field_("HighestGrade", required=False),
    "category": field_("GradeCategory", required=False),
    "latitude": field_("Latitude", "lat", required=False),
    "longitude": field_("Longitude", "lon", "long", required=False),
    "county": field_("County", "CountyName"),
}


class Directory(Source):
    def parse(self, row, number):
        code = row["school_code"].strip()
        district = row["district_code"].strip()
        if not code.isdigit() or not district.isdigit():
            raise RowRejected(
                "V005",
                f"school code {code!r} or district code {district!r} is not numeric",
                "school_code",
            )
        yield TableRow(
            "schools",
            {
                "school_code": code,
                "school_org": (row.get("school_org") or "").strip() or None,
                "school_name": row["school_name"].strip(),
                "district_code": district.zfill(5),
                "district_name": row["district_name"].strip(),
                "esd_number": (row.get("esd_number") or "").strip() or None,
                "esd_name": row["esd_name"].strip(),
                "county": row["county"].strip(),
                "low_grade": (row.get("low_grade") or "").strip(),
                "high_grade": (row.get("high_grade") or "").strip(),
                "category": (row.get("category") or "").strip(),
                "latitude": parse_number(row.get("latitude"), "latitude"),
                "longitude": parse_number(row.get("longitude"), "longitude"),
            },
        )

    def vintage(self, facts, table):
        return "about 2021" if "2021" in table.path.name else ""


SOURCES = [
    Directory(
        id="ospi_directory",
        title="OSPI public school directory",
        agency="Office of Superintendent of Public Instruction",
        folders=("ospi/directory", "directory"),
        fields=FIELDS,
        license=OSPI_TERMS,
        attribution="Washington Office of Superintendent of Public Instruction, "
        "school directory",
        url="https://geo.wa.gov/datasets/k12wa::washington-state-public-schools",
        downloads=(),
        tables={
            "schools": [
                ("school_code", "VARCHAR"),
                ("school_org", "VARCHAR"),
                ("school_name", "VARCHAR"),
                ("district_code", "VARCHAR"),
                ("district_name", "VARCHAR"),
                ("esd_number", "VARCHAR"),
                ("esd_name", "VARCHAR"),
                ("county", "VARCHAR"),
                ("low_grade", "VARCHAR"),
                ("high_grade", "VARCHAR"),
                ("category", "VARCHAR"),
                ("latitude", "DOUBLE"),
                ("longitude", "DOUBLE"),
            ]
        },
        signature=(
            "school_code",
            "district_code",
            "esd_name",
            "low_grade",
            "high_grade",
        ),
    )
]
