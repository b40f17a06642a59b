"""NCES Classification of Instructional Programs (CIP 2020): the CIP to SOC
crosswalk NCES and BLS publish together, and the list of CIP codes.

- Crosswalk (``cip_soc``): CIP2020Code, CIP2020Title, SOC2018Code, SOC2018Title, one
  row per program-occupation pair (the workbook's "CIP-SOC" sheet, saved as CSV).
  SOC ``99-9999`` ("NO MATCH") marks a program that prepares for no particular
  occupation; it is kept as published.
- Codes (``cip_codes``): CIPFamily, CIPCode, Action, TextChange, CIPTitle, ...,
  at every level (``01``, ``01.01``, ``01.0101``).

NCES writes codes as ``="01.0000"`` so spreadsheets keep the leading zero; a copy
that went through a spreadsheet anyway (``1.0000``, ``1.1``) is put right, since
crosswalk codes all have six digits.
"""

from __future__ import annotations

from pathlib import Path

from .base import PUBLIC_DOMAIN, Download, Source, TableRow
from .columns import field_
from .labor_codes import cip_code, cip_family, excel_text, soc_code
from .readers import Table, read_text_table, read_xlsx_sheets

NO_MATCH = "99-9999"

CROSSWALK_FIELDS = {
    "cip": field_("CIP2020Code", "CIPCode", "CIP Code"),
    "cip_title": field_("CIP2020Title", "CIPTitle", "CIP Title"),
    "soc": field_("SOC2018Code", "SOCCode", "SOC Code"),
    "soc_title": field_("SOC2018Title", "SOCTitle", "SOC Title"),
}
CODE_FIELDS = {
    "family": field_("CIPFamily", "CIP Family"),
    "cip": field_("CIPCode", "CIP Code", "CIP2020Code"),
    "action": field_("Action", required=False),
    "title": field_("CIPTitle", "CIP Title"),
    "definition": field_("CIPDefinition", required=False),
}


class Crosswalk(Source):
    """The crosswalk as CSV, or NCES's workbook (its "CIP-SOC" sheet)."""

    def read(self, path: Path) -> Table:
        if path.suffix.lower() != ".xlsx":
            return read_text_table(path)
        sheets, findings = read_xlsx_sheets(path, {"cip2020code"})
        sheet = next((s for s in sheets if s.name.upper() == "CIP-SOC"), None)
        sheet = sheet or (sheets[0] if sheets else None)
        if sheet is None:
            return Table(path, [], [], findings=findings, encoding="xlsx")
        return Table(path, sheet.header, sheet.rows, findings=findings, encoding="xlsx")

    def header(self, path: Path) -> list[str] | None:
        if path.suffix.lower() != ".xlsx":
            return None
        sheets, _ = read_xlsx_sheets(path, {"cip2020code"}, headers_only=True)
        return next((s.header for s in sheets), None)

    def parse(self, row, number):
        yield TableRow(
            "cip_soc",
            {
                "cip": cip_code(row["cip"], "cip"),
                "cip_title": _title(row["cip_title"]),
                "soc": soc_code(row["soc"], "soc"),
                "soc_title": row["soc_title"].strip(),
            },
        )


class Codes(Source):
    def parse(self, row, number):
        code = cip_code(row["cip"], "cip", six=False)
        yield TableRow(
            "cip_codes",
            {
                "cip": code,
                "family": cip_family(code),
                "level": {2: "series", 5: "group"}.get(len(code), "program"),
                "title": _title(excel_text(row["title"])),
                "action": excel_text(row.get("action") or ""),
            },
        )


def _title(text: str) -> str:
    # NCES ends every title with a full stop; pages read better without.
    return excel_text(text).strip().removesuffix(".")


NCES = "National Center for Education Statistics"

SOURCES = [
    Crosswalk(
        id="nces_cip_soc",
        title="NCES and BLS CIP 2020 to SOC 2018 crosswalk",
        agency=f"{NCES} and U.S. Bureau of Labor Statistics",
        folders=("nces", "cip"),
        fields=CROSSWALK_FIELDS,
        license=PUBLIC_DOMAIN,
        attribution=f"{NCES}, CIP 2020 to SOC 2018 crosswalk",
        url="https://nces.ed.gov/ipeds/cipcode/resources.aspx?y=56",
        downloads=(
            Download(
                "https://nces.ed.gov/ipeds/cipcode/Files/CIP2020_SOC2018_Crosswalk.xlsx",
                "nces/CIP2020_SOC2018_Crosswalk.xlsx",
            ),
        ),
        tables={
            "cip_soc": [
                ("cip", "VARCHAR"),
                ("cip_title", "VARCHAR"),
                ("soc", "VARCHAR"),
                ("soc_title", "VARCHAR"),
            ]
        },
        suffixes=(".csv", ".xlsx"),
        table_keys={"cip_soc": ("cip", "soc")},
        signature=("cip", "soc"),
    ),
    Codes(
        id="nces_cip_codes",
        title="NCES CIP 2020 codes and titles",
        agency=NCES,
        folders=("nces", "cip"),
        fields=CODE_FIELDS,
        license=PUBLIC_DOMAIN,
        attribution=f"{NCES}, Classification of Instructional Programs 2020",
        url="https://nces.ed.gov/ipeds/cipcode/",
        downloads=(
            Download(
                "https://nces.ed.gov/ipeds/cipcode/Files/CIPCode2020.csv",
                "nces/CIPCode2020.csv",
            ),
        ),
        tables={
            "cip_codes": [
                ("cip", "VARCHAR"),
                ("family", "VARCHAR"),
                ("level", "VARCHAR"),
                ("title", "VARCHAR"),
                ("action", "VARCHAR"),
            ]
        },
        table_keys={"cip_codes": ("cip",)},
        signature=("family", "cip", "title"),
    ),
]
