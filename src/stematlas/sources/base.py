"""What every source module declares, and the shape of what it emits.

A source module knows one agency file family: its columns under every published
spelling, its markers, its official download address, its license. It turns one data
row into published facts (observation-shaped) and/or rows of its own tidy tables.
It never touches the warehouse, the geography or other sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .columns import Field
from .readers import Table, read_text_table

PUBLIC_DOMAIN = "Public domain (U.S. government work)"
OSPI_TERMS = "Public data from the Office of Superintendent of Public Instruction"
CC_BY_NC = "CC BY-NC 4.0"
WA_STEM_ATTRIBUTION = (
    "Washington STEM (July 2025), Horizons Technical Assistance Templates"
)


@dataclass(frozen=True)
class Download:
    """One file ``fetch`` can bring: its official address and where it lands."""

    url: str
    target: str  # path under the data directory, e.g. "ospi/assessment/x.csv"


@dataclass(slots=True)
class Fact:
    """A published figure in the observation's shape, plus where it came from and
    the hints the build needs to place it (district code, county, ESD names)."""

    indicator: str
    period: str
    geo_level: str
    geo_id: str | None
    geo_name: str
    group_type: str
    group: str
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    status: str = "ok"
    status_reason: str = ""
    method: str = "published"
    district_code: str | None = None
    county: str | None = None
    esd: str | None = None
    row: int = 0

    def key(self) -> tuple:
        return (
            self.indicator,
            self.period,
            self.geo_level,
            # A place named, not coded, is told apart from its namesakes by the
            # district or county the file places it in.
            self.geo_id
            or f"{self.district_code or self.county or ''}/{self.esd or ''}/"
            f"{self.geo_name}",
            self.group_type,
            self.group,
        )


@dataclass
class Source:
    """A source module's declaration. Subclasses implement ``parse``."""

    id: str
    title: str
    agency: str
    folders: tuple[str, ...]
    fields: dict[str, Field]
    license: str
    attribution: str
    url: str
    downloads: tuple[Download, ...] = ()
    # Which source wins when two publish the same figure: the agency's own file
    # over a compilation of it.
    priority: int = 10
    estimated: bool = False
    # Extra tidy tables: name -> [(column, duckdb type)]
    tables: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    suffixes: tuple[str, ...] = (".csv", ".psv", ".txt", ".tsv")
    # Names of fields that must all be in a header for it to be this source's.
    signature: tuple[str, ...] = ()
    # Columns that identify a row of each tidy table: a second row with the same
    # key is quarantined, as a repeated fact is.
    table_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def read(self, path: Path) -> Table:
        return read_text_table(path)

    def header(self, path: Path) -> list[str] | None:
        """The header recognition should see, for files that keep it somewhere
        else than the first row holding a known column of the first sheet (a
        workbook with one sheet per area); None for the usual place."""
        return None

    def parse(self, row: dict[str, str], number: int) -> Iterable[Fact | TableRow]:
        raise NotImplementedError

    def vintage(self, facts: list[Fact], table: Table) -> str:
        periods = sorted({f.period for f in facts})
        if not periods:
            return ""
        return periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"


@dataclass(slots=True)
class TableRow:
    """A row for one of the source's own tidy tables."""

    table: str
    values: dict[str, object]
