"""Washington Employment Security Department: long-term occupational projections by
Workforce Development Area, and the Occupations in Demand list.

Projections (``esd_projections``): ESD's workbook gives each Workforce Development
Area a sheet of its own (``Benton-Franklin``, ``Eastern``, ..., ``Tacoma-Pierce``),
a title above the header (row 5 in the 2025 release) and one row per occupation:
SOC code, title, estimated employment in the base year, five and ten years on,
average annual openings due to growth and average annual total openings for the
two five-year spans. The headers carry the release's years ("Estimated employment
2023", "Average annual total openings 2023-2028"), so columns are matched on their
words and the years go with every row; line breaks and spacing inside a header do
not matter. ``xx-0000`` rows are summaries, ``00-0000`` the area's total. A CSV
with the same columns and an area column reads the same way.

ESD publishes openings by two methods (BLS separation rates, and a method of its
own for Washington: the "alt" workbook); which one a workbook uses is read from
its title, else from its name, else recorded as not stated.

Occupations in Demand (``esd_demand``): each occupation's status in an area, ``In
demand``, ``Not in demand`` or ``Balanced`` (the older "Demand" / "Decline"
spellings too), by Workforce Development Area or by county. ESD rates only
occupations with 50 or more jobs in the area. Its CSV's column names are not
confirmed; the names below are those ESD's tool shows.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..validate.findings import RowRejected
from .base import Download, Source, TableRow
from .columns import field_, normalize
from .labor_codes import Pattern, first_line, number, rename_columns, soc_code
from .readers import Row, Table, read_text_table, read_xlsx_sheets

ESD_TERMS = "Public data from the Washington State Employment Security Department"
AREA_COLUMN = "area"
ROW_COLUMN = "sheet_row"
METHOD_COLUMN = "openings_method"

# Each Workforce Development Area under the names ESD and the boards use.
WDA_NAMES = {
    "benton-franklin": ("Benton-Franklin",),
    "eastern": ("Eastern", "Eastern Washington", "Eastern Washington Partnership"),
    "north-central": ("North Central",),
    "northwest": ("Northwest",),
    "olympic": ("Olympic", "Olympic Consortium"),
    "pacific-mountain": ("Pacific Mountain",),
    "seattle-king": ("Seattle-King County", "Seattle-King", "King"),
    "snohomish": ("Snohomish", "Snohomish County"),
    "south-central": ("South Central",),
    "southwest": ("Southwest", "Southwest Washington"),
    "spokane": ("Spokane",),
    "pierce": ("Tacoma-Pierce", "Pierce", "Pierce County", "WorkForce Central"),
    "state": ("Washington", "Washington State", "Statewide", "State"),
}
_WDA_BY_KEY = {normalize(n): wda for wda, names in WDA_NAMES.items() for n in names}

PATTERNS = [
    Pattern(("soc",), r"^soc(?: code)?$|^occupation(?:al)? code$"),
    Pattern(("title",), r"title$|^occupation(?:al)? (?:title|name)$"),
    Pattern(
        ("employment_base", "employment_mid", "employment_end"),
        r"^(?:estimated |projected )?employment,? (\d{4})$"
        r"|^(\d{4}) (?:estimated |projected )?employment$",
    ),
    Pattern(
        ("growth_openings_first", "growth_openings_second"),
        r"(?:openings due to growth|growth openings),? (\d{4}) ?- ?\d{2,4}$",
    ),
    Pattern(
        ("total_openings_first", "total_openings_second"),
        r"total openings,? (\d{4}) ?- ?\d{2,4}$",
    ),
]
YEAR_COLUMNS = ("base_year", "mid_year", "end_year")

PROJECTION_FIELDS = {
    "area": field_("Workforce Development Area", AREA_COLUMN, "wda"),
    "soc": field_("SOC code", "soc"),
    "title": field_("Occupational title", "title"),
    "employment_base": field_("Estimated employment <base year>", "employment_base"),
    "employment_mid": field_("Estimated employment <year 5>", "employment_mid"),
    "employment_end": field_("Estimated employment <year 10>", "employment_end"),
    "growth_openings_first": field_(
        "Average annual openings due to growth <first span>",
        "growth_openings_first",
        required=False,
    ),
    "growth_openings_second": field_(
        "Average annual openings due to growth <second span>",
        "growth_openings_second",
        required=False,
    ),
    "total_openings_first": field_(
        "Average annual total openings <first span>", "total_openings_first"
    ),
    "total_openings_second": field_(
        "Average annual total openings <second span>", "total_openings_second"
    ),
    **{y: field_(y, required=False) for y in YEAR_COLUMNS},
    "sheet_row": field_(ROW_COLUMN, required=False),
    "openings_method": field_(METHOD_COLUMN, required=False),
}


def wda_id(name: str) -> str | None:
    """The Workforce Development Area a sheet or column names, or None."""
    key = normalize(name)
    key = re.sub(r"(wda|workforcedevelopmentarea|county|counties)$", "", key) or key
    return _WDA_BY_KEY.get(key) or _WDA_BY_KEY.get(normalize(name))


class Projections(Source):
    def read(self, path: Path) -> Table:
        if path.suffix.lower() != ".xlsx":
            table = read_text_table(path)
            header, years = rename_columns(table.header, PATTERNS)
            table.header = [*header, *YEAR_COLUMNS]
            for r in table.rows:
                r.values = [*r.values, *_years(years)]
            return table
        sheets, findings = read_xlsx_sheets(path, _keys())
        method = _openings_method(path, [line for s in sheets for line in s.above])
        table = Table(path, [], [], findings=findings, encoding="xlsx")
        columns: list[str] = []
        for sheet in sheets:
            header, years = rename_columns(sheet.header, PATTERNS)
            columns = columns or header
            where = [header.index(c) if c in header else None for c in columns]
            for row, line in zip(sheet.rows, sheet.lines, strict=True):
                values = [row.values[i] if i is not None else "" for i in where]
                extra = [sheet.name, str(line), method, *_years(years)]
                table.rows.append(Row(len(table.rows) + 1, values + extra))
        table.header = [*columns, AREA_COLUMN, ROW_COLUMN, METHOD_COLUMN, *YEAR_COLUMNS]
        return table

    def header(self, path: Path) -> list[str] | None:
        if path.suffix.lower() == ".xlsx":
            sheets, _ = read_xlsx_sheets(path, _keys(), headers_only=True)
            if not sheets:
                return None
            return [*rename_columns(sheets[0].header, PATTERNS)[0], AREA_COLUMN]
        if path.suffix.lower() in self.suffixes:
            return rename_columns(first_line(path), PATTERNS)[0]
        return None

    def parse(self, row, number_):
        where = _where(row)
        area = row["area"].strip()
        wda = wda_id(area)
        if wda is None:
            raise RowRejected(
                "V005",
                f"{where}{area!r} names no Workforce Development Area: name the sheet "
                f"(or area) as ESD does, e.g. {', '.join(_examples())}",
                "area",
            )
        try:
            soc = soc_code(row["soc"], "soc")
            figures = _figures(row)
        except RowRejected as exc:
            raise RowRejected(exc.code, where + exc.message, exc.column) from None
        yield TableRow(
            "esd_projections",
            {
                "area": area,
                "wda_id": wda,
                "soc": soc,
                "title": row["title"].strip(),
                "level": _level(soc),
                **{y: (row.get(y) or "").strip() for y in YEAR_COLUMNS},
                **figures,
                "openings_method": (row.get("openings_method") or "").strip(),
            },
        )

    def vintage(self, facts, table: Table) -> str:
        return _span(table)


def _keys() -> set[str]:
    # Every sheet's header names the SOC code and the title.
    return {"soccode", "soc", "occupationalcode", "occupationcode"}


def _years(years: dict[str, str]) -> list[str]:
    """Base, mid and end years, from the employment columns' names."""
    return [years.get(f"employment_{part}", "") for part in ("base", "mid", "end")]


def _openings_method(path: Path, titles: list[str]) -> str:
    text = " ".join(titles).lower()
    if "alternative" in text or "washington-specific" in text:
        return "Washington-specific separations (ESD alternative method), from title"
    if "bls" in text and "separation" in text:
        return "BLS separation rates, from title"
    if re.search(r"(^|[-_])alt([-_.]|$)", path.stem.lower()):
        return "Washington-specific separations (ESD alternative method), from name"
    return "not stated in the workbook"


def _where(row: dict[str, str]) -> str:
    line = (row.get("sheet_row") or "").strip()
    return f"sheet {row['area'].strip()!r}, row {line}: " if line else ""


def _figures(row: dict[str, str]) -> dict[str, float | None]:
    out = {}
    for name in (
        "employment_base",
        "employment_mid",
        "employment_end",
        "growth_openings_first",
        "growth_openings_second",
        "total_openings_first",
        "total_openings_second",
    ):
        value = number(row.get(name), name)
        if value is not None and value < 0 and not name.startswith("growth"):
            raise RowRejected("V006", f"{name} {value:g} is negative", name)
        out[name] = value
    return out


def _level(soc: str) -> str:
    if soc == "00-0000":
        return "total"
    return "summary" if soc.endswith("0000") else "detailed"


def _examples() -> list[str]:
    return [names[0] for names in list(WDA_NAMES.values())[:3]]


def _span(table: Table) -> str:
    if YEAR_COLUMNS[0] not in table.header:
        return ""
    base = table.header.index("base_year")
    end = table.header.index("end_year")
    spans = {(r.values[base], r.values[end]) for r in table.rows}
    spans.discard(("", ""))
    return ", ".join(f"{b}-{e}" for b, e in sorted(spans))


# Occupations in Demand.

STATUSES = {
    "indemand": "in demand",
    "demand": "in demand",
    "notindemand": "not in demand",
    "decline": "not in demand",
    "declining": "not in demand",
    "balanced": "balanced",
}
DEMAND_FIELDS = {
    "area": field_(
        "Workforce Development Area", "WDA", "Area", "Local area", required=False
    ),
    "county": field_("County", "County name", required=False),
    "soc": field_("SOC code", "SOC", "Occupation code", "SOC_Code"),
    "title": field_("Occupation title", "Occupation", "Title", "SOC title"),
    "status": field_("Demand status", "Status", "In demand status", "Demand"),
    "year": field_("Year", "List year", required=False),
}


class OccupationsInDemand(Source):
    def parse(self, row, number_):
        area = (row.get("area") or "").strip()
        county = (row.get("county") or "").strip()
        if not area and not county:
            raise RowRejected(
                "V008",
                "the row names neither a Workforce Development Area nor a county",
                "area",
            )
        wda = wda_id(area) if area else None
        if area and wda is None:
            raise RowRejected(
                "V005",
                f"{area!r} names no Workforce Development Area: use ESD's names, "
                f"e.g. {', '.join(_examples())}",
                "area",
            )
        status = STATUSES.get(normalize(row["status"]))
        if status is None:
            raise RowRejected(
                "V004",
                f"demand status {row['status']!r} is not one of ESD's (In demand, "
                "Not in demand, Balanced)",
                "status",
            )
        yield TableRow(
            "esd_demand",
            {
                "area": area or None,
                "wda_id": wda,
                "county": county or None,
                "soc": soc_code(row["soc"], "soc"),
                "title": row["title"].strip(),
                "status": status,
                "year": (row.get("year") or "").strip(),
            },
        )


LMEA = "https://esd.wa.gov/labormarketinfo/projections"

SOURCES = [
    Projections(
        id="esd_projections",
        title="ESD long-term occupational projections by Workforce Development Area",
        agency="Washington State Employment Security Department",
        folders=("esd",),
        fields=PROJECTION_FIELDS,
        license=ESD_TERMS,
        attribution="Washington State Employment Security Department, Labor "
        "Market and Economic Analysis, long-term occupational projections",
        url=LMEA,
        downloads=(
            Download(
                "https://esd.wa.gov/media/xlsx/3794/long-occup-proj-alt-2025.xlsx",
                "esd/long-occup-proj-alt-2025.xlsx",
            ),
        ),
        suffixes=(".xlsx", ".csv"),
        tables={
            "esd_projections": [
                ("area", "VARCHAR"),
                ("wda_id", "VARCHAR"),
                ("soc", "VARCHAR"),
                ("title", "VARCHAR"),
                ("level", "VARCHAR"),
                ("base_year", "VARCHAR"),
                ("mid_year", "VARCHAR"),
                ("end_year", "VARCHAR"),
                ("employment_base", "DOUBLE"),
                ("employment_mid", "DOUBLE"),
                ("employment_end", "DOUBLE"),
                ("growth_openings_first", "DOUBLE"),
                ("growth_openings_second", "DOUBLE"),
                ("total_openings_first", "DOUBLE"),
                ("total_openings_second", "DOUBLE"),
                ("openings_method", "VARCHAR"),
            ]
        },
        table_keys={"esd_projections": ("wda_id", "base_year", "soc")},
        signature=("soc", "employment_base", "employment_end", "total_openings_first"),
    ),
    OccupationsInDemand(
        id="esd_demand",
        title="ESD Occupations in Demand",
        agency="Washington State Employment Security Department",
        folders=("esd",),
        fields=DEMAND_FIELDS,
        license=ESD_TERMS,
        attribution="Washington State Employment Security Department, Occupations "
        "in Demand list",
        url="https://esd.wa.gov/labormarketinfo/learn-about-an-occupation",
        tables={
            "esd_demand": [
                ("area", "VARCHAR"),
                ("wda_id", "VARCHAR"),
                ("county", "VARCHAR"),
                ("soc", "VARCHAR"),
                ("title", "VARCHAR"),
                ("status", "VARCHAR"),
                ("year", "VARCHAR"),
            ]
        },
        table_keys={"esd_demand": ("area", "county", "soc", "year")},
        signature=("soc", "title", "status"),
    ),
]
