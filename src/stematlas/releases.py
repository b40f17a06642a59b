"""Releases: which figures a build changed since the atlas it replaces.

Before a new warehouse is swapped in, its observations are compared with those of
the database being served (attached read-only): a figure is changed when its key
is in both and any of numerator, denominator, value or status differs, added or
removed when its key is in only one. The history of builds travels from database
to database in the ``releases`` table. No network access here.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from .warehouse.schema import (
    CHANGE_COLUMNS,
    FIGURE_COLUMNS,
    RELEASE_COLUMNS,
)
from .warehouse.schema import (
    RELEASE_COMPARED as COMPARED,
)
from .warehouse.store import write_table

KEY = 'indicator, period, geo_level, geo_id, group_type, "group"'


def record_release(con, previous_db: Path, build_id: str, built_at: str) -> None:
    """Write ``releases`` (this build, then the earlier ones) and
    ``release_changes`` (this build's changes by indicator) into ``con``."""
    history, changes, figures = [], [], []
    previous_id = None
    if previous_db.is_file() and _attach(con, previous_db):
        try:
            previous_id = _previous_build(con)
            if previous_id is not None:
                changes = _changes(con)
                figures = _figures(con)
                history = _history(con)
        finally:
            con.execute("DETACH previous")
    totals = [sum(c[i] for c in changes) for i in (1, 2, 3)]
    number = history[0][0] + 1 if history else 1
    release = (
        number,
        build_id,
        built_at,
        previous_id,
        *(totals if previous_id else (0, 0, 0)),
    )
    write_table(con, "releases", RELEASE_COLUMNS, [release, *history])
    write_table(con, "release_changes", CHANGE_COLUMNS, changes)
    write_table(con, "release_figures", FIGURE_COLUMNS, figures)


def _attach(con, path: Path) -> bool:
    """Attach the served atlas; an unreadable one (another schema, a damaged
    file) just means no comparison."""
    # ATTACH takes no parameters: quote the path as a SQL string literal.
    literal = "'" + str(path).replace("'", "''") + "'"
    try:
        con.execute(f"ATTACH {literal} AS previous (READ_ONLY)")
    except duckdb.Error:
        return False
    return True


def _previous_build(con) -> str | None:
    try:
        row = con.execute(
            "SELECT value FROM previous.meta WHERE key = 'build_id'"
        ).fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def _changes(con) -> list[tuple]:
    differs = " OR ".join(f'n."{c}" IS DISTINCT FROM o."{c}"' for c in COMPARED)
    return con.execute(
        f"""
        SELECT coalesce(n.indicator, o.indicator) AS indicator,
               count(*) FILTER (WHERE n.indicator IS NOT NULL
                                  AND o.indicator IS NOT NULL AND ({differs})),
               count(*) FILTER (WHERE o.indicator IS NULL),
               count(*) FILTER (WHERE n.indicator IS NULL)
        FROM observations n
        FULL JOIN previous.observations o USING ({KEY})
        GROUP BY 1 ORDER BY 1
        """
    ).fetchall()


def _figures(con) -> list[tuple]:
    differs = " OR ".join(f'n."{c}" IS DISTINCT FROM o."{c}"' for c in COMPARED)
    old = ", ".join(f'o."{c}"' for c in COMPARED)
    new = ", ".join(f'n."{c}"' for c in COMPARED)
    return con.execute(
        f"""
        SELECT CASE WHEN o.indicator IS NULL THEN 'added'
                    WHEN n.indicator IS NULL THEN 'removed'
                    ELSE 'changed' END AS kind,
               indicator, period, geo_level, geo_id,
               coalesce(n.geo_name, o.geo_name), group_type, "group", {old}, {new}
        FROM observations n
        FULL JOIN previous.observations o USING ({KEY})
        WHERE o.indicator IS NULL OR n.indicator IS NULL OR ({differs})
        ORDER BY {KEY}
        """
    ).fetchall()


def _history(con) -> list[tuple]:
    names = ", ".join(f'"{c}"' for c, _ in RELEASE_COLUMNS)
    try:
        return con.execute(
            f"SELECT {names} FROM previous.releases ORDER BY number DESC LIMIT 200"
        ).fetchall()
    except duckdb.Error:
        # An atlas built before numbered releases: remember just its build.
        row = con.execute(
            "SELECT max(value) FILTER (WHERE key = 'build_id'), "
            "max(value) FILTER (WHERE key = 'built_at') FROM previous.meta"
        ).fetchone()
        return [(1, row[0], row[1], None, 0, 0, 0)]
