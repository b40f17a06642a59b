"""BLS Employment Projections: national employment in a base year and ten years on,
annual openings, and the typical education needed to enter each occupation.

- Table 1.2 (occupational projections and worker characteristics) goes to
  ``bls_projections``: employment in both years, change, annual openings, median
  annual wage, typical entry education, work experience, on-the-job training.
- Table 1.10 (separations and openings) goes to ``bls_separations``: the annual
  rates of labor force exits, occupational transfers and all separations, and the
  openings.

Both come as CSV (saved from the tables' pages) and as sheets of BLS's workbook
``occupation.xlsx`` (sheets "Table 1.2", "Table 1.10", a title row above the
header; the workbook is read for its Table 1.2). Headers carry the release's years
("2024 National Employment Matrix code", "Employment, 2034", "Employment change,
percent, 2024-34"): columns are matched on their words, so the next release reads
the same way, and the years go with every row. Employment and openings are in
thousands in BLS's tables and are stored as jobs. BLS writes a dash where a figure
does not apply (summary rows) and ">=$239,200" for a wage above its top code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..validate.findings import Finding, RowRejected
from .base import PUBLIC_DOMAIN, Download, Source, TableRow
from .columns import field_
from .labor_codes import DASHES, Pattern, first_line, number, rename_columns, soc_code
from .readers import Table, read_text_table, read_xlsx_sheets

THOUSAND = 1000.0
SEPARATION_RATES = ("exit_rate", "transfer_rate", "separations_rate")
BASE, PROJECTED = "base_year", "projected_year"

IDENTITY = [
    Pattern(("title",), r"national employment matrix (?:occupation )?title"),
    Pattern(("soc",), r"national employment matrix (?:occupation )?code"),
    Pattern(("occupation_type",), r"^occupation type$"),
    Pattern(("employment_base", "employment_projected"), r"^employment,? (\d{4})$"),
    Pattern(("change_numeric",), r"^employment change, numeric"),
    Pattern(("change_percent",), r"^employment change, percent"),
    Pattern(("openings",), r"^occupational openings"),
]
TABLE_1_2 = IDENTITY + [
    Pattern(("median_wage",), r"^median annual wage"),
    Pattern(("education",), r"^typical education needed for entry"),
    Pattern(("experience",), r"^work experience in a related occupation"),
    Pattern(("training",), r"^typical on-the-job training"),
]
TABLE_1_10 = IDENTITY + [
    Pattern(("exit_rate",), r"^labor force exit rate"),
    Pattern(("transfer_rate",), r"^occupational transfer rate"),
    Pattern(("separations_rate",), r"^total occupational separations rate"),
]

COMMON = {
    "title": field_("National Employment Matrix title", "title"),
    "soc": field_("National Employment Matrix code", "soc"),
    "occupation_type": field_("Occupation type", "occupation_type"),
    "employment_base": field_("Employment, <base year>", "employment_base"),
    "employment_projected": field_(
        "Employment, <projected year>", "employment_projected"
    ),
    "change_percent": field_(
        "Employment change, percent", "change_percent", required=False
    ),
    "openings": field_("Occupational openings, annual average", "openings"),
    "base_year": field_(BASE, required=False),
    "projected_year": field_(PROJECTED, required=False),
}
FIELDS_1_2 = COMMON | {
    "median_wage": field_("Median annual wage", "median_wage", required=False),
    "education": field_("Typical education needed for entry", "education"),
    "experience": field_("experience", required=False),
    "training": field_("training", required=False),
}
FIELDS_1_10 = COMMON | {
    "exit_rate": field_("Labor force exit rate", "exit_rate"),
    "transfer_rate": field_("Occupational transfer rate", "transfer_rate"),
    "separations_rate": field_(
        "Total occupational separations rate", "separations_rate"
    ),
}


@dataclass
class Projections(Source):
    """One of BLS's projection tables saved as CSV: ``patterns`` name its
    columns."""

    patterns: list[Pattern] = field(default_factory=list)

    def vintage(self, facts, table: Table) -> str:
        if BASE not in table.header:
            return ""
        base, end = table.header.index(BASE), table.header.index(PROJECTED)
        spans = {(r.values[base], r.values[end]) for r in table.rows} - {("", "")}
        return ", ".join(f"{b}-{e}" for b, e in sorted(spans))

    def read(self, path: Path) -> Table:
        return _canonical(read_text_table(path), self.patterns)

    def header(self, path: Path) -> list[str] | None:
        if path.suffix.lower() not in self.suffixes:
            return None
        return rename_columns(first_line(path), self.patterns)[0]


@dataclass
class Workbook(Projections):
    """BLS's ``occupation.xlsx``: the rows of its Table 1.2, each with the
    separation rates Table 1.10 gives for the same occupation."""

    def read(self, path: Path) -> Table:
        sheets, findings = read_xlsx_sheets(path, {"occupationtype"})
        main = _canonical(_sheet(path, sheets, "Table 1.2"), TABLE_1_2)
        rates = _canonical(_sheet(path, sheets, "Table 1.10"), TABLE_1_10)
        main.findings.extend(findings)
        if not main.header:
            main.findings.append(_no_sheet(path, "Table 1.2"))
            return main
        extra = list(SEPARATION_RATES)
        by_soc = _column_values(rates, "soc", extra)
        at = main.header.index("soc")
        main.header = [*main.header, *extra]
        for r in main.rows:
            r.values = [*r.values, *by_soc.get(r.values[at].strip(), [""] * 3)]
        return main

    def header(self, path: Path) -> list[str] | None:
        if path.suffix.lower() != ".xlsx":
            return None
        sheets, _ = read_xlsx_sheets(path, {"occupationtype"}, headers_only=True)
        table = _canonical(_sheet(path, sheets, "Table 1.2"), TABLE_1_2)
        return table.header or None

    def parse(self, row, number_):
        yield _projection_row(row)
        if any((row.get(k) or "").strip() for k in SEPARATION_RATES):
            yield _separation_row(row)


def _canonical(table: Table, patterns: list[Pattern]) -> Table:
    """Canonical column names, and the base and projected years in every row."""
    if not table.header:
        return table
    header, years = rename_columns(table.header, patterns)
    base = years.get("employment_base", "")
    projected = years.get("employment_projected", "")
    table.header = [*header, BASE, PROJECTED]
    for r in table.rows:
        r.values = [*r.values, base, projected]
    return table


def _sheet(path: Path, sheets, name: str) -> Table:
    """The named sheet's table, without the footnotes BLS writes below it (rows
    with text in the first cell only: "Footnotes:", "[1] ...", "Source: ...")."""
    wanted = next((s for s in sheets if s.name.strip().lower() == name.lower()), None)
    if wanted is None:
        return Table(path, [], [], encoding="xlsx")
    rows = list(wanted.rows)
    while rows and not any(v.strip() for v in rows[-1].values[1:]):
        rows.pop()
    return Table(path, wanted.header, rows, encoding="xlsx")


def _column_values(table: Table, key: str, columns: list[str]) -> dict[str, list[str]]:
    if key not in table.header or not all(c in table.header for c in columns):
        return {}
    at = table.header.index(key)
    where = [table.header.index(c) for c in columns]
    return {r.values[at].strip(): [r.values[i] for i in where] for r in table.rows}


def _no_sheet(path: Path, name: str) -> Finding:
    return Finding(
        "F001",
        path.name,
        0,
        "",
        f"the workbook has no sheet {name!r} with a header holding 'Occupation "
        "type': use BLS's occupation.xlsx as published",
    )


def _identity(row: dict[str, str]) -> dict[str, object]:
    soc = soc_code(row["soc"], "soc")
    kind = row["occupation_type"].strip()
    if kind not in ("Line item", "Summary"):
        raise RowRejected(
            "V005",
            f"occupation type {kind!r} is neither 'Line item' nor 'Summary'",
            "occupation_type",
        )
    base = number(row["employment_base"], "employment_base")
    projected = number(row["employment_projected"], "employment_projected")
    openings = number(row["openings"], "openings")
    for name, value in (("employment", base), ("openings", openings)):
        if value is not None and value < 0:
            raise RowRejected("V006", f"{name} {value:g} is negative", name)
    return {
        "base_year": (row.get("base_year") or "").strip(),
        "projected_year": (row.get("projected_year") or "").strip(),
        "soc": soc,
        "title": row["title"].strip(),
        "occupation_type": kind,
        "employment_base": _jobs(base),
        "employment_projected": _jobs(projected),
        "change_percent": number(row.get("change_percent"), "change_percent"),
        "openings": _jobs(openings),
    }


def _jobs(thousands: float | None) -> float | None:
    return None if thousands is None else round(thousands * THOUSAND, 1)


def _text(value: str | None) -> str | None:
    text = (value or "").strip()
    return None if text in DASHES or not text else text


def _wage(text: str | None) -> tuple[float | None, str]:
    raw = (text or "").strip()
    if raw.startswith((">=", "≥")):
        return None, "top_coded"
    value = number(raw, "median_wage")
    return value, "ok" if value is not None else "not_published"


class OccupationProjections(Projections):
    def parse(self, row, number_):
        yield _projection_row(row)


class Separations(Projections):
    def parse(self, row, number_):
        yield _separation_row(row)


def _projection_row(row: dict[str, str]) -> TableRow:
    wage, wage_status = _wage(row.get("median_wage"))
    return TableRow(
        "bls_projections",
        {
            **_identity(row),
            "median_wage_annual": wage,
            "median_wage_status": wage_status,
            "education": _text(row["education"]),
            "experience": _text(row.get("experience")),
            "training": _text(row.get("training")),
        },
    )


def _separation_row(row: dict[str, str]) -> TableRow:
    rates = {name: number(row.get(name), name) for name in SEPARATION_RATES}
    return TableRow("bls_separations", {**_identity(row), **rates})


IDENTITY_COLUMNS = [
    ("base_year", "VARCHAR"),
    ("projected_year", "VARCHAR"),
    ("soc", "VARCHAR"),
    ("title", "VARCHAR"),
    ("occupation_type", "VARCHAR"),
    ("employment_base", "DOUBLE"),
    ("employment_projected", "DOUBLE"),
    ("change_percent", "DOUBLE"),
    ("openings", "DOUBLE"),
]
ATTRIBUTION = "U.S. Bureau of Labor Statistics, Employment Projections"
URL = "https://www.bls.gov/emp/tables.htm"
WORKBOOK = Download(
    "https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx",
    "bls/occupation.xlsx",
)

PROJECTION_COLUMNS = IDENTITY_COLUMNS + [
    ("median_wage_annual", "DOUBLE"),
    ("median_wage_status", "VARCHAR"),
    ("education", "VARCHAR"),
    ("experience", "VARCHAR"),
    ("training", "VARCHAR"),
]
SEPARATION_COLUMNS = IDENTITY_COLUMNS + [(r, "DOUBLE") for r in SEPARATION_RATES]


def _source(cls, **kwargs) -> Projections:
    return cls(
        agency="U.S. Bureau of Labor Statistics",
        folders=("bls", "projections"),
        license=PUBLIC_DOMAIN,
        url=URL,
        **kwargs,
    )


SOURCES = [
    _source(
        OccupationProjections,
        id="bls_projections",
        title="BLS Employment Projections: occupations and entry education (table 1.2)",
        fields=FIELDS_1_2,
        attribution=ATTRIBUTION + ", table 1.2",
        suffixes=(".csv",),
        tables={"bls_projections": PROJECTION_COLUMNS},
        table_keys={"bls_projections": ("base_year", "soc")},
        signature=("soc", "occupation_type", "employment_base", "education"),
        patterns=TABLE_1_2,
    ),
    _source(
        Separations,
        id="bls_separations",
        title="BLS Employment Projections: separations and openings (table 1.10)",
        fields=FIELDS_1_10,
        attribution=ATTRIBUTION + ", table 1.10",
        suffixes=(".csv",),
        tables={"bls_separations": SEPARATION_COLUMNS},
        table_keys={"bls_separations": ("base_year", "soc")},
        signature=("soc", "occupation_type", "employment_base", "separations_rate"),
        patterns=TABLE_1_10,
    ),
    _source(
        Workbook,
        id="bls_projections_workbook",
        title="BLS Employment Projections workbook (occupation.xlsx, tables 1.2 "
        "and 1.10)",
        fields=FIELDS_1_2 | {r: field_(r, required=False) for r in SEPARATION_RATES},
        attribution=ATTRIBUTION + ", occupation.xlsx",
        downloads=(WORKBOOK,),
        suffixes=(".xlsx",),
        tables={
            "bls_projections": PROJECTION_COLUMNS,
            "bls_separations": SEPARATION_COLUMNS,
        },
        table_keys={
            "bls_projections": ("base_year", "soc"),
            "bls_separations": ("base_year", "soc"),
        },
        signature=("soc", "occupation_type", "employment_base", "education"),
        patterns=TABLE_1_2,
    ),
]
