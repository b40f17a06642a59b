"""Loading one file with its source: match the header, parse every row, check the
figures, and account for every row as loaded or quarantined."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..validate.checks import (
    check_fact,
    check_group_totals,
    duplicate_rows,
    duplicate_table_rows,
)
from ..validate.findings import ERROR, WARNING, Finding, RowRejected
from .base import Fact, Source, TableRow
from .columns import match_header
from .readers import Rejected

log = logging.getLogger(__name__)


@dataclass
class LoadResult:
    source: Source
    path: Path
    name: str  # the path as the lineage shows it, relative to the data directory
    rows_in: int = 0
    facts: list[Fact] = field(default_factory=list)
    tables: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    quarantined: list[Rejected] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    vintage: str = ""

    @property
    def rows_quarantined(self) -> int:
        return len({r.number for r in self.quarantined})

    @property
    def rows_loaded(self) -> int:
        return self.rows_in - self.rows_quarantined

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)


def load_file(source: Source, path: Path, name: str | None = None) -> LoadResult:
    """Every row of one file, loaded or quarantined. A loader that fails on a file
    does not stop the build: the file's rows wait in quarantine with the reason."""
    name = name or path.name
    try:
        return _load(source, path, name)
    except Exception as exc:  # a fault in a loader, met on a file it never saw
        log.debug("loader %s failed on %s", source.id, name, exc_info=True)
        return _failed(source, path, name, exc)


def _failed(source: Source, path: Path, name: str, exc: Exception) -> LoadResult:
    result = LoadResult(source, path, name)
    try:
        table = source.read(path)
        rows = [*table.rows, *table.rejected]
    except Exception:  # the file cannot even be read: nothing to count
        rows = []
    result.rows_in = len(rows)
    message = (
        f"the {source.id} loader failed on this file ({type(exc).__name__}: {exc}); "
        "no row was read. This is a fault in stematlas/sources: report it with "
        "the file"
    )
    result.findings.append(Finding("F008", name, 0, "", message))
    for r in rows:
        result.quarantined.append(Rejected(r.number, r.values, "F008", "", message))
    return result


def _load(source: Source, path: Path, name: str) -> LoadResult:
    result = LoadResult(source, path, name)
    table = source.read(path)
    result.rows_in = table.rows_in
    result.findings.extend(_renamed(table.findings, name))
    _quarantine(result, table.rejected)

    columns = match_header(table.header, source.fields, name, source.id)
    result.findings.extend(columns.findings)
    if table.header and not table.rows_in:
        result.findings.append(_no_rows(name))
    if not columns.ok():
        # Without a required column no row can be read: all rows wait in quarantine.
        reason = " ".join(f.message for f in columns.findings if f.code == "C001")
        _quarantine(
            result,
            [Rejected(r.number, r.values, "C001", "", reason) for r in table.rows],
        )
        return result

    by_row: dict[int, list[Fact]] = {}
    extras: dict[int, list[TableRow]] = {}
    for row in table.rows:
        values = {f: row.values[i] for f, i in columns.index.items()}
        try:
            facts, extra = _parse(source, values, row.number)
        except RowRejected as exc:
            rejected = Rejected(
                row.number, row.values, exc.code, exc.column, exc.message, exc.severity
            )
            _quarantine(result, [rejected])
            continue
        by_row[row.number] = facts
        extras[row.number] = extra

    # Keys must be unique: a second copy of a row is quarantined, not counted twice.
    raw = {r.number: r.values for r in table.rows}
    repeated = duplicate_rows(by_row) + duplicate_table_rows(extras, source.table_keys)
    for number, code, message in repeated:
        _quarantine(result, [Rejected(number, raw[number], code, "", message)])
        by_row.pop(number, None)
        extras.pop(number, None)

    for facts in by_row.values():
        result.facts.extend(facts)
    for items in extras.values():
        for item in items:
            result.tables[item.table].append(item.values)
    result.findings.extend(check_group_totals(result.facts, name))
    result.vintage = source.vintage(result.facts, table)
    return result


def _parse(
    source: Source, values: dict[str, str], number: int
) -> tuple[list[Fact], list[TableRow]]:
    facts: list[Fact] = []
    extra: list[TableRow] = []
    for item in source.parse(values, number):
        if isinstance(item, Fact):
            item.row = number
            check_fact(item)
            facts.append(item)
        else:
            extra.append(item)
    return facts, extra


def _quarantine(result: LoadResult, rows: list[Rejected]) -> None:
    for r in rows:
        result.quarantined.append(r)
        result.findings.append(
            Finding(r.code, result.name, r.number, r.column, r.message, r.severity)
        )


def _no_rows(name: str) -> Finding:
    return Finding(
        "F007",
        name,
        0,
        "",
        "the file has a header and no data rows: the download may have stopped "
        "early or a filter matched nothing; fetch it again",
        WARNING,
    )


def _renamed(findings: list[Finding], name: str) -> list[Finding]:
    return [
        Finding(f.code, name, f.row, f.column, f.message, f.severity) for f in findings
    ]
