"""Where students can earn a credential: the Washington college list, and IPEDS's
institutions and completions.

- Washington college list (``colleges``): NAME, STUDENT_POPULATION,
  INSTITUTION_TYPE, DEGREE_TYPE (4-year, 2-year, < 2-year), ..., CITY, COUNTY,
  STATE, ZIP_CODE, LNG, LAT: colleges and universities with their county, from NCES
  College Navigator (2018), compiled by Tiernan Martin (CC BY 4.0). It holds no
  programs: it says which colleges are in a region, not what they teach.
- IPEDS institutions, ``HDYYYY.csv`` (``ipeds_institutions``): UNITID, INSTNM,
  CITY, STABBR, ZIP, FIPS, ..., COUNTYCD (5-digit county FIPS), COUNTYNM,
  LONGITUD, LATITUDE.
- IPEDS completions, ``cYYYY_a.csv`` (``ipeds_completions``): UNITID, CIPCODE,
  MAJORNUM, AWLEVEL, then XCTOTALT / CTOTALT (the flag and the count of all
  awards) and the same by sex and race. Only six-digit programs are kept: CIPCODE
  ``99`` is the institution's total and two-digit codes are series totals. First
  and second majors are summed later; each row keeps its own.

The IPEDS files name their year only in their file names (``c2023_a``: awards from
July 2022 to June 2023), which is where the year is read from.
"""

from __future__ import annotations

from pathlib import Path

from ..validate.findings import WARNING, Finding, RowRejected
from .base import PUBLIC_DOMAIN, Download, Source, TableRow
from .columns import field_
from .labor_codes import cip_code, excel_text, number, year_in_name
from .readers import Table, read_text_table, zip_member

YEAR_COLUMN = "stematlas_file_year"

COLLEGE_FIELDS = {
    "name": field_("NAME", "Institution name"),
    "students": field_("STUDENT_POPULATION", "Student population", required=False),
    "institution_type": field_("INSTITUTION_TYPE", required=False),
    "degree_type": field_("DEGREE_TYPE"),
    "city": field_("CITY", required=False),
    "county": field_("COUNTY"),
    "state": field_("STATE", required=False),
    "zip": field_("ZIP_CODE", "ZIP", required=False),
    "longitude": field_("LNG", "LON", "LONGITUDE", required=False),
    "latitude": field_("LAT", "LATITUDE", required=False),
}

INSTITUTION_FIELDS = {
    "unitid": field_("UNITID"),
    "name": field_("INSTNM"),
    "city": field_("CITY", required=False),
    "state": field_("STABBR"),
    "county_fips": field_("COUNTYCD"),
    "county": field_("COUNTYNM", required=False),
    "longitude": field_("LONGITUD", required=False),
    "latitude": field_("LATITUDE", required=False),
    "year": field_(YEAR_COLUMN, required=False),
}

COMPLETION_FIELDS = {
    "unitid": field_("UNITID"),
    "cip": field_("CIPCODE"),
    "majornum": field_("MAJORNUM"),
    "award_level": field_("AWLEVEL"),
    "flag": field_("XCTOTALT", required=False),
    "completions": field_("CTOTALT"),
    "year": field_(YEAR_COLUMN, required=False),
}

# IPEDS award levels (AWLEVEL).
AWARD_LEVELS = {
    "1": "award of less than one year",
    "2": "award of one to two years",
    "3": "associate's degree",
    "4": "award of two to four years",
    "5": "bachelor's degree",
    "6": "postbaccalaureate certificate",
    "7": "master's degree",
    "8": "post-master's certificate",
    "17": "doctor's degree, research or scholarship",
    "18": "doctor's degree, professional practice",
    "19": "doctor's degree, other",
    "20": "award of less than 12 weeks",
    "21": "award of 12 weeks to one year",
}
# IPEDS imputation flags on a count: R reported, and the ones that are not.
FLAGS = {
    "R": "reported",
    "Z": "implied zero",
    "A": "not applicable",
    "P": "imputed",
    "G": "imputed",
    "I": "imputed",
    "D": "imputed",
    "C": "imputed",
    "B": "imputed",
}


class CollegeList(Source):
    def parse(self, row, number_):
        yield TableRow(
            "colleges",
            {
                "name": row["name"].strip(),
                "students": _count(row.get("students"), "students"),
                "institution_type": (row.get("institution_type") or "").strip(),
                "degree_type": row["degree_type"].strip(),
                "city": (row.get("city") or "").strip(),
                "county": row["county"].strip().removesuffix(" County"),
                "state": (row.get("state") or "").strip(),
                "latitude": number(row.get("latitude"), "latitude"),
                "longitude": number(row.get("longitude"), "longitude"),
            },
        )


class Ipeds(Source):
    """IPEDS files, as CSV or as IPEDS's zip of it: the year from the file's
    name, as a column of every row."""

    def read(self, path: Path) -> Table:
        if path.suffix.lower() != ".zip":
            return _with_year(read_text_table(path), path)
        with zip_member(path, (".csv",), prefer="_rv") as member:
            if member is None:
                finding = Finding(
                    "F001", path.name, 0, "", "the archive holds no CSV: download "
                    "it again from the IPEDS data center",
                )  # fmt: skip
                return Table(path, [], [], findings=[finding])
            table = read_text_table(member, path.name)
        table.path = path
        return _with_year(table, member)

    def header(self, path: Path) -> list[str] | None:
        if path.suffix.lower() != ".zip":
            return None
        with zip_member(path, (".csv",), prefer="_rv") as member:
            return read_text_table(member).header if member else None

    def vintage(self, facts, table: Table) -> str:
        if YEAR_COLUMN not in table.header:
            return ""
        at = table.header.index(YEAR_COLUMN)
        return ", ".join(sorted({r.values[at] for r in table.rows} - {""}))


def _with_year(table: Table, named: Path) -> Table:
    if not table.header:
        return table
    year = year_in_name(named) or ""
    if not year:
        table.findings.append(
            Finding(
                "V009",
                table.path.name,
                0,
                "",
                "the IPEDS file's name states no year: keep IPEDS's name "
                "(c2023_a.csv, hd2023.csv)",
                WARNING,
            )
        )
    table.header = [*table.header, YEAR_COLUMN]
    for r in table.rows:
        r.values = [*r.values, year]
    return table


class Institutions(Ipeds):
    def parse(self, row, number_):
        county = excel_text(row["county_fips"]).strip()
        state = row["state"].strip()
        if county and not (county.isdigit() and len(county) <= 5):
            raise RowRejected(
                "V005", f"COUNTYCD {row['county_fips']!r} is not a county FIPS code",
                "county_fips",
            )  # fmt: skip
        yield TableRow(
            "ipeds_institutions",
            {
                "year": (row.get("year") or "").strip(),
                "unitid": _unitid(row["unitid"]),
                "name": row["name"].strip(),
                "city": (row.get("city") or "").strip(),
                "state": state,
                "county_fips": county.zfill(5) if county else None,
                "county": (row.get("county") or "").strip().removesuffix(" County"),
                "latitude": number(row.get("latitude"), "latitude"),
                "longitude": number(row.get("longitude"), "longitude"),
            },
        )


class Completions(Ipeds):
    def parse(self, row, number_):
        code = excel_text(row["cip"])
        if code == "99" or "." not in code:
            return  # the institution's total, or a series total
        level = excel_text(row["award_level"]).strip()
        if level not in AWARD_LEVELS:
            raise RowRejected(
                "V005",
                f"AWLEVEL {row['award_level']!r} is not an IPEDS award level "
                f"({', '.join(AWARD_LEVELS)})",
                "award_level",
            )
        flag = (row.get("flag") or "").strip().upper()
        yield TableRow(
            "ipeds_completions",
            {
                "year": (row.get("year") or "").strip(),
                "unitid": _unitid(row["unitid"]),
                "cip": cip_code(code, "cip"),
                "majornum": _count(row["majornum"], "majornum"),
                "award_level": level,
                "award": AWARD_LEVELS[level],
                "completions": _count(row["completions"], "completions"),
                "flag": FLAGS.get(flag, flag or "reported"),
            },
        )


def _unitid(text: str) -> str:
    code = excel_text(text)
    if not code.isdigit():
        raise RowRejected("V005", f"UNITID {text!r} is not a number", "unitid")
    return code


def _count(text: str | None, column: str) -> int | None:
    value = number(text, column)
    if value is None:
        return None
    if value < 0 or not float(value).is_integer():
        raise RowRejected("V006", f"{column} {text!r} is not a count", column)
    return int(value)


IPEDS = "https://nces.ed.gov/ipeds/datacenter/DataFiles.aspx"
NCES = "National Center for Education Statistics, IPEDS"

SOURCES = [
    CollegeList(
        id="wa_colleges",
        title="Washington colleges and universities (NCES College Navigator, 2018)",
        agency="National Center for Education Statistics, compiled by Tiernan Martin",
        folders=("nces", "colleges"),
        fields=COLLEGE_FIELDS,
        license="CC BY 4.0",
        attribution="Tiernan Martin, wa-higher-ed-providers (CC BY 4.0), from NCES "
        "College Navigator",
        url="https://github.com/tiernanmartin/wa-higher-ed-providers",
        tables={
            "colleges": [
                ("name", "VARCHAR"),
                ("students", "BIGINT"),
                ("institution_type", "VARCHAR"),
                ("degree_type", "VARCHAR"),
                ("city", "VARCHAR"),
                ("county", "VARCHAR"),
                ("state", "VARCHAR"),
                ("latitude", "DOUBLE"),
                ("longitude", "DOUBLE"),
            ]
        },
        table_keys={"colleges": ("name", "city")},
        signature=("name", "degree_type", "county"),
    ),
    Institutions(
        id="ipeds_institutions",
        title="IPEDS institutional characteristics (HD)",
        agency=NCES,
        folders=("nces", "ipeds"),
        fields=INSTITUTION_FIELDS,
        license=PUBLIC_DOMAIN,
        attribution=f"{NCES}, institutional characteristics",
        url=IPEDS,
        downloads=(
            Download(
                "https://nces.ed.gov/ipeds/datacenter/data/HD2023.zip",
                "nces/ipeds/HD2023.zip",
            ),
        ),
        tables={
            "ipeds_institutions": [
                ("year", "VARCHAR"),
                ("unitid", "VARCHAR"),
                ("name", "VARCHAR"),
                ("city", "VARCHAR"),
                ("state", "VARCHAR"),
                ("county_fips", "VARCHAR"),
                ("county", "VARCHAR"),
                ("latitude", "DOUBLE"),
                ("longitude", "DOUBLE"),
            ]
        },
        table_keys={"ipeds_institutions": ("year", "unitid")},
        suffixes=(".csv", ".zip"),
        signature=("unitid", "name", "state", "county_fips"),
    ),
    Completions(
        id="ipeds_completions",
        title="IPEDS completions by program and award level (C_A)",
        agency=NCES,
        folders=("nces", "ipeds"),
        fields=COMPLETION_FIELDS,
        license=PUBLIC_DOMAIN,
        attribution=f"{NCES}, completions",
        url=IPEDS,
        downloads=(
            Download(
                "https://nces.ed.gov/ipeds/datacenter/data/C2023_A.zip",
                "nces/ipeds/C2023_A.zip",
            ),
        ),
        tables={
            "ipeds_completions": [
                ("year", "VARCHAR"),
                ("unitid", "VARCHAR"),
                ("cip", "VARCHAR"),
                ("majornum", "INTEGER"),
                ("award_level", "VARCHAR"),
                ("award", "VARCHAR"),
                ("completions", "BIGINT"),
                ("flag", "VARCHAR"),
            ]
        },
        table_keys={
            "ipeds_completions": ("year", "unitid", "cip", "majornum", "award_level")
        },
        suffixes=(".csv", ".zip"),
        signature=("unitid", "cip", "award_level", "completions"),
    ),
]
