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


# Bulk files: every indicator whole, written once per build and served as files.

BULK_FORMATS = ("csv", "parquet")


def bulk_dir(db_path: Path, build_id: str) -> Path:
    """Where a build's bulk files live: beside the database, under its build id,
    so a rebuild never overwrites the files a running server is sending."""
    db_path = Path(db_path)
    return db_path.parent / f"{db_path.name}.files" / build_id / "bulk"


def write_bulk(db_path: Path, out_dir: Path) -> list[Path]:
    """Write ``<indicator>.csv`` and ``<indicator>.parquet`` into ``out_dir`` for
    every indicator with observations: the columns and rows of
    ``Atlas.observations``, the CSV as every other export writes it. Each file
    appears whole or not at all."""
    from .atlas import Atlas

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with Atlas(db_path) as atlas:
        for indicator in atlas.indicators_with_observations():
            if not is_safe_name(indicator):
                raise ValueError(f"indicator id {indicator!r} cannot name a file")
            target = out_dir / f"{indicator}.csv"
            part = out_dir / f".{indicator}.csv.part"
            with part.open("w", encoding="utf-8", newline="") as handle:
                write_csv(atlas.iter_observations(indicator), handle)  # type: ignore[arg-type]
            part.replace(target)
            written.append(target)

            target = out_dir / f"{indicator}.parquet"
            part = out_dir / f".{indicator}.parquet.part"
            sql, params = atlas.observation_sql(indicator)
            # COPY takes its file name as a literal; the name is ours, not a user's.
            atlas.db.execute(
                f"COPY ({sql}) TO '{_quoted(part)}' (FORMAT parquet)", params
            )
            part.replace(target)
            written.append(target)
    return written


def is_safe_name(name: str) -> bool:
    """Whether an indicator id can name a file without leaving its folder."""
    return (
        bool(name)
        and not name.startswith(".")
        and all(c.isascii() and (c.isalnum() or c in "_-.") for c in name)
    )
