"""Writing the warehouse safely.

A build writes a new DuckDB file beside the served one and swaps it in with one
rename, so readers see the old database or the new one, never half of either. A lock
file keeps two builds apart; the operating system drops the lock when the build ends,
however it ends (killed included).
"""

from __future__ import annotations

import csv
import fcntl
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ..errors import BuildLocked

NULL = "\\N"


@contextmanager
def build_lock(db_path: Path) -> Iterator[None]:
    lock_path = db_path.with_name(db_path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise BuildLocked(
            f"another build is writing {db_path}: wait for it to finish "
            "(the lock frees itself when that build ends)"
        ) from None
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


@contextmanager
def new_database(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a fresh file that replaces ``db_path`` only if the block
    finishes; on any error the new file is removed and the old one stays."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for stale in db_path.parent.glob(db_path.name + ".building-*"):
        stale.unlink(missing_ok=True)  # left by a build that was killed
    temp = db_path.with_name(f"{db_path.name}.building-{os.getpid()}")
    temp.unlink(missing_ok=True)
    con = duckdb.connect(str(temp))
    try:
        yield con
        con.execute("CHECKPOINT")
        con.close()
        with temp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, db_path)
        _sync_folder(db_path.parent)
    except BaseException:
        con.close()
        temp.unlink(missing_ok=True)
        Path(str(temp) + ".wal").unlink(missing_ok=True)
        raise


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable: after a power cut the folder names the new
    file, not a half-remembered mix."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def create_table(con, name: str, columns: list[tuple[str, str]]) -> None:
    cols = ", ".join(f'"{c}" {t}' for c, t in columns)
    con.execute(f'CREATE TABLE "{name}" ({cols})')


def insert_rows(
    con, name: str, columns: list[tuple[str, str]], rows: Iterable[Iterable]
) -> int:
    """Bulk insert through a temporary CSV: far faster than row-by-row inserts and
    needs no data-frame library."""
    with tempfile.NamedTemporaryFile(
        "w", suffix=".csv", delete=False, newline="", encoding="utf-8"
    ) as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC)
        count = 0
        for row in rows:
            writer.writerow([NULL if v is None else v for v in row])
            count += 1
        path = handle.name
    try:
        if count:
            types = ", ".join(f"'{c}': '{t}'" for c, t in columns)
            con.execute(
                f"""
                INSERT INTO "{name}"
                SELECT * FROM read_csv(?, header = false, nullstr = '{NULL}',
                                       quote = '"', escape = '"',
                                       columns = {{{types}}})
                """,
                [path],
            )
    finally:
        os.unlink(path)
    return count


def write_table(con, name: str, columns, rows) -> int:
    create_table(con, name, columns)
    return insert_rows(con, name, columns, rows)
