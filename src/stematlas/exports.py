"""Writing observations as CSV, JSON or Parquet.

A CSV is one header line, then rows: the base columns of an observation, then gaps,
trends and goal progress, then attribution, never in comment lines.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import IO

from .atlas import ATTRIBUTION_COLUMNS, BASE_COLUMNS, EXTRA

COLUMNS = BASE_COLUMNS + EXTRA + ATTRIBUTION_COLUMNS


def _cell(value) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def write_csv(rows: list[dict], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in COLUMNS])


def write_json(rows: list[dict], out: IO[str]) -> None:
    json.dump([{c: row.get(c) for c in COLUMNS} for row in rows], out, indent=1)
    out.write("\n")


def write_parquet(rows: list[dict], path: Path) -> None:
    import duckdb

    from .warehouse.schema import EXTRA_COLUMNS, OBSERVATION_COLUMNS
    from .warehouse.store import write_table

    columns = (
        OBSERVATION_COLUMNS
        + EXTRA_COLUMNS
        + [(c, "VARCHAR") for c in ATTRIBUTION_COLUMNS]
    )
    con = duckdb.connect()
    try:
        write_table(con, "export", columns, ([r.get(c) for c in COLUMNS] for r in rows))
        con.execute(f"COPY export TO '{_quoted(path)}' (FORMAT parquet)")
    finally:
        con.close()


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def write_observations(rows: list[dict], fmt: str, out: IO[str] | Path) -> None:
    if fmt == "parquet":
        write_parquet(rows, Path(out))  # type: ignore[arg-type]
        return
    writer = write_csv if fmt == "csv" else write_json
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer(rows, handle)
    else:
        writer(rows, out)
