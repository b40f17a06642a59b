"""BLS Occupational Employment and Wage Statistics (OEWS): employment and hourly
and annual wages (mean, 10th to 90th percentiles) by area and occupation.

Two layouts, both read into the table ``oews_wages``:

- BLS's own downloads (``all_data_M_2025.xlsx``, ``MSA_M2025_dl``, ``state_M2025``,
  saved as CSV or kept as xlsx): AREA, AREA_TITLE, AREA_TYPE (1 nation, 2 state,
  4 metropolitan, 6 nonmetropolitan area), PRIM_STATE, NAICS, I_GROUP, OWN_CODE,
  OCC_CODE, OCC_TITLE, O_GROUP, TOT_EMP, ..., H_MEDIAN, ..., ANNUAL, HOURLY.
  Markers: ``*`` wage not available, ``**`` employment not available, ``#``
  wage at or above the top code ($115.00 an hour, $239,200 a year in May 2025);
  ANNUAL = TRUE: only annual wages (occupations not usually worked all year,
  full time), HOURLY = TRUE: only hourly wages.
- The time-series export (lower-case names: area_code, area_type N/S/M,
  occ_code, display_level, emp, h_median, ..., footnotes), as in the sample pack.
  A dash is a figure not published; footnote codes say why: 4 annual wages only,
  5 wage at or above the top code, 8 estimate not released.

Markers become statuses (``wage_status``, ``employment_status``) with empty
figures, never zeros. Area codes are written with seven digits as BLS's series
ids do: the state 5300000, Seattle-Tacoma-Bellevue 0042660, the nonmetropolitan
areas 5300006 and 5300007. Only cross-industry, all-ownership rows for the nation,
Washington, its metropolitan areas (those whose title names WA, also when they
cross state lines) and its nonmetropolitan areas are kept; other rows are read
and not kept.

The files hold no reference year; BLS states it in the file's name (May 2025 in
``oesm25``, ``all_data_M_2025``, ``oews_may2025``). A year column, where a
compiler added one, wins. A file whose name states none gets a finding.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..validate.findings import WARNING, Finding, RowRejected
from .base import PUBLIC_DOMAIN, Download, Source, TableRow
from .columns import field_, match_header, normalize, signature_score
from .labor_codes import excel_text, first_line, soc_code, year_in_name
from .readers import (
    Row,
    Table,
    read_text_table,
    read_xlsx_header,
    read_xlsx_table,
    zip_members,
)

STATE_FIPS = "53"
STATE_AREA = "5300000"
NATIONAL_AREA = "0000000"
PERIOD_COLUMN = "stematlas_reference_year"

WAGES = ("mean", "pct10", "pct25", "median", "pct75", "pct90")
FIELDS = {
    "area_code": field_("area_code", "AREA", "area"),
    "area_type": field_("area_type", "AREA_TYPE"),
    "area_title": field_("area_title", "AREA_TITLE", "area_name"),
    "naics": field_("NAICS", "naics_code", required=False),
    "own_code": field_("OWN_CODE", required=False),
    "soc": field_("occ_code", "OCC_CODE", "soc_code"),
    "title": field_("occ_title", "OCC_TITLE"),
    "level": field_("display_level", "O_GROUP", "OCC_GROUP", required=False),
    "employment": field_("emp", "TOT_EMP"),
    "emp_prse": field_("emp_prse", "EMP_PRSE", required=False),
    **{f"h_{w}": field_(f"h_{w}", required=w == "median") for w in WAGES},
    **{f"a_{w}": field_(f"a_{w}", required=w == "median") for w in WAGES},
    "footnotes": field_("footnotes", "footnote_codes", required=False),
    "annual_only": field_("ANNUAL", required=False),
    "hourly_only": field_("HOURLY", required=False),
    "year": field_("year", "YEAR", PERIOD_COLUMN, required=False),
}

# BLS footnote codes of the time-series export.
ANNUAL_ONLY, TOP_CODED, NOT_RELEASED = "4", "5", "8"
LEVELS = {"0": "major", "1": "minor", "2": "broad", "3": "detailed"}
KINDS = {
    "1": "national",
    "n": "national",
    "2": "state",
    "s": "state",
    "3": "territory",
    "4": "metro",
    "6": "nonmetro",
    "m": "metro",
}


class Oews(Source):
    def read(self, path: Path) -> Table:
        if path.suffix.lower() != ".zip":
            return _with_year(self._read_file(path), path, path)
        # BLS's zips hold a description beside the data, and the metropolitan one
        # holds the nonmetropolitan areas' workbook too: every data file is read.
        with zip_members(path, (".xlsx", ".csv")) as members:
            tables = [_with_year(self._read_file(m), path, m) for m in members]
        tables = [t for t in tables if self._is_oews(t.header)]
        if not tables:
            return _empty_archive(path)
        merged = _merge(tables)
        merged.path = path
        return merged

    def header(self, path: Path) -> list[str] | None:
        if path.suffix.lower() != ".zip":
            return None
        with zip_members(path, (".xlsx", ".csv")) as members:
            for member in members:
                if member.suffix.lower() == ".xlsx":
                    found = read_xlsx_header(member, self._keys())
                else:
                    found = first_line(member)
                if self._is_oews(found):
                    return found
        return None

    def _keys(self) -> set[str]:
        return {k for spec in self.fields.values() for k in spec.keys}

    def _is_oews(self, header: list[str]) -> bool:
        sig = {k: self.fields[k] for k in self.signature}
        return bool(header) and signature_score(header, sig)[1] == 0

    def _read_file(self, path: Path) -> Table:
        if path.suffix.lower() == ".xlsx":
            return read_xlsx_table(path, self._keys())
        return read_text_table(path)

    def parse(self, row, number):
        kind, area = _area(row)
        if not _kept(kind, area, row):
            return
        soc = soc_code(row["soc"], "soc")
        employment, employment_status = _employment(row["employment"])
        wages, markers = _wages(row)
        yield TableRow(
            "oews_wages",
            {
                "period": _period(row),
                "area_code": area,
                "area_title": row["area_title"].strip(),
                "area_kind": kind,
                "soc": soc,
                "title": row["title"].strip(),
                "level": _level(row.get("level"), soc),
                "employment": employment,
                "employment_status": employment_status,
                **wages,
                "wage_status": _wage_status(row, wages, markers),
                "markers": ";".join(markers),
            },
        )

    def vintage(self, facts, table: Table) -> str:
        at = match_header(table.header, self.fields).index.get("year")
        years = {r.values[at].strip() for r in table.rows} if at is not None else set()
        years.discard("")
        return ", ".join(f"May {y}" for y in sorted(years))


def _with_year(table: Table, path: Path, member: Path) -> Table:
    """Add the reference year the file's name states as a column of every row."""
    if not table.header or any(normalize(h) == "year" for h in table.header):
        return table
    year = year_in_name(member) or year_in_name(path) or ""
    if not year:
        table.findings.append(
            Finding(
                "V009",
                path.name,
                0,
                "",
                "the OEWS file states no reference year and its name holds none: "
                "keep BLS's file name (oesm25, all_data_M_2025) or add a column "
                "'year'",
                WARNING,
            )
        )
    table.header = [*table.header, PERIOD_COLUMN]
    for r in table.rows:
        r.values = [*r.values, year]
    return table


def _merge(tables: list[Table]) -> Table:
    """One table of several files of the same layout: columns matched by name,
    rows and rejected rows numbered on from one file to the next."""
    first = tables[0]
    keys = [normalize(h) for h in first.header]
    merged = Table(first.path, first.header, [], encoding=first.encoding)
    offset = 0
    for table in tables:
        where = [normalize(h) for h in table.header]
        at = [where.index(k) if k in where else None for k in keys]
        for r in table.rows:
            values = [r.values[i] if i is not None else "" for i in at]
            merged.rows.append(Row(r.number + offset, values))
        for r in table.rejected:
            r.number += offset
            merged.rejected.append(r)
        merged.findings.extend(table.findings)
        offset += table.rows_in
    return merged


def _empty_archive(path: Path) -> Table:
    finding = Finding(
        "F001",
        path.name,
        0,
        "",
        "the archive holds no workbook or CSV: download BLS's zip again",
    )
    return Table(path, [], [], findings=[finding])


def _area(row: dict[str, str]) -> tuple[str, str]:
    """(kind, seven-digit area code)."""
    code = excel_text(row["area_code"])
    kind = KINDS.get(row["area_type"].strip().lower())
    if not code.isdigit() or kind is None:
        raise RowRejected(
            "V005",
            f"area {row['area_code']!r} of type {row['area_type']!r} is not an "
            "OEWS area (types 1, 2, 4, 6 or N, S, M)",
            "area_code",
        )
    if kind == "national":
        return kind, NATIONAL_AREA
    if kind == "state" and len(code) <= 2:
        return kind, code.zfill(2) + "00000"
    if len(code) == 5:
        return kind, code.zfill(7)
    if kind == "metro" and not code.startswith("00"):
        # The time-series export types nonmetropolitan areas "M" as well.
        kind = "nonmetro"
    return kind, code.zfill(7)


def _kept(kind: str, area: str, row: dict[str, str]) -> bool:
    naics = excel_text(row.get("naics") or "")
    if naics and naics.strip("0"):
        return False  # an industry's own figures: the atlas reads cross-industry
    if (row.get("own_code") or "").strip() not in ("", "1235"):
        return False  # one ownership only (private, government)
    if kind == "national":
        return True
    if kind in ("state", "nonmetro"):
        return area.startswith(STATE_FIPS)
    if kind == "metro":
        states = re.search(r",\s*([A-Z]{2}(?:-[A-Z]{2})*)\s*$", row["area_title"])
        return bool(states) and "WA" in states.group(1).split("-")
    return False


def _employment(text: str) -> tuple[int | None, str]:
    raw = excel_text(text)
    if raw in ("**", "*", "-", ""):
        return None, "not_published"
    try:
        jobs = int(float(raw.replace(",", "")))
    except ValueError:
        raise RowRejected(
            "V001", f"employment {text!r} is not a count", "employment"
        ) from None
    if jobs < 0:
        raise RowRejected("V006", f"employment {text!r} is negative", "employment")
    return jobs, "ok"


def _wages(row: dict[str, str]) -> tuple[dict[str, float | None], list[str]]:
    """Every wage figure, and the markers that stood where figures were not."""
    wages: dict[str, float | None] = {}
    markers: list[str] = []
    for unit in ("h", "a"):
        for w in WAGES:
            name = f"{unit}_{w}"
            raw = excel_text(row.get(name) or "")
            if raw in ("#", "*", "-", "") or raw == "**":
                wages[name] = None
                if raw in ("#", "*"):
                    markers.append(f"{name}={raw}")
                continue
            try:
                wages[name] = float(raw.replace(",", "").replace("$", ""))
            except ValueError:
                raise RowRejected(
                    "V001", f"{name} {row.get(name)!r} is not a wage", name
                ) from None
            if wages[name] <= 0:
                raise RowRejected(
                    "V006", f"{name} {row.get(name)!r} is not a positive wage", name
                )
    return wages, markers


def _wage_status(row, wages: dict, markers: list[str]) -> str:
    """ok, top_coded (at or above BLS's top code), annual_only, hourly_only or
    not_published, for the row's wages as a whole."""
    notes = set(re.split(r"[;, ]+", (row.get("footnotes") or "").strip()))
    if "h_median=#" in markers or (TOP_CODED in notes and wages["h_median"] is None):
        return "top_coded"
    if wages["h_median"] is not None:
        return "ok"
    if _true(row.get("annual_only")) or ANNUAL_ONLY in notes:
        return "annual_only" if wages["a_median"] is not None else "not_published"
    if _true(row.get("hourly_only")):
        return "hourly_only"
    if "a_median=#" in markers:
        return "top_coded"
    if wages["a_median"] is not None:
        return "annual_only"
    return "not_published"


def _true(text: str | None) -> bool:
    return normalize(text or "") in ("true", "t", "yes", "1")


def _level(text: str | None, soc: str) -> str:
    raw = (text or "").strip().lower()
    if soc == "00-0000":
        return "total"
    if raw in LEVELS:
        return LEVELS[raw]
    if raw in ("total", "major", "minor", "broad", "detailed"):
        return raw
    # No level column: read it from the code's trailing zeros.
    if soc.endswith("0000"):
        return "major"
    return "minor" if soc.endswith("000") else "detailed"


def _period(row: dict[str, str]) -> str:
    year = (row.get("year") or "").strip()
    if year and not re.fullmatch(r"\d{4}", year):
        raise RowRejected("V009", f"year {year!r} is not a calendar year", "year")
    return year


WAGE_COLUMNS = [(f"{u}_{w}", "DOUBLE") for u in ("h", "a") for w in WAGES]

SOURCES = [
    Oews(
        id="bls_oews",
        title="BLS Occupational Employment and Wage Statistics (OEWS)",
        agency="U.S. Bureau of Labor Statistics",
        folders=("bls", "oews"),
        fields=FIELDS,
        license=PUBLIC_DOMAIN,
        attribution="U.S. Bureau of Labor Statistics, Occupational Employment and "
        "Wage Statistics",
        url="https://www.bls.gov/oes/tables.htm",
        downloads=(
            Download(
                "https://www.bls.gov/oes/special-requests/oesm25st.zip",
                "bls/oesm25st.zip",
            ),
            Download(
                "https://www.bls.gov/oes/special-requests/oesm25ma.zip",
                "bls/oesm25ma.zip",
            ),
        ),
        suffixes=(".csv", ".txt", ".xlsx", ".zip"),
        tables={
            "oews_wages": [
                ("period", "VARCHAR"),
                ("area_code", "VARCHAR"),
                ("area_title", "VARCHAR"),
                ("area_kind", "VARCHAR"),
                ("soc", "VARCHAR"),
                ("title", "VARCHAR"),
                ("level", "VARCHAR"),
                ("employment", "BIGINT"),
                ("employment_status", "VARCHAR"),
                *WAGE_COLUMNS,
                ("wage_status", "VARCHAR"),
                ("markers", "VARCHAR"),
            ]
        },
        table_keys={"oews_wages": ("period", "area_code", "soc")},
        signature=("area_code", "area_type", "soc", "employment", "h_median"),
    )
]
