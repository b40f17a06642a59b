"""Read-only queries over a built warehouse: the one door outputs use.

The CLI's exports, the web pages and the API all ask here, so a figure reads the same
everywhere. Connections are read-only; every query is parameterized.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from .atlas_careers import CareerQueries
from .errors import AtlasError
from .warehouse.schema import (
    EXTRA_COLUMNS,
    FIGURE_COLUMNS,
    INDICATOR_COLUMNS,
    OBSERVATION_COLUMNS,
    OBSERVATION_KEY,
    PLACE_COLUMNS,
)

BASE_COLUMNS = [c for c, _ in OBSERVATION_COLUMNS]
# Gaps, trends and goal progress follow the base columns.
EXTRA = [c for c, _ in EXTRA_COLUMNS]
# Every export carries, after the base columns, where each figure came from and the
# terms it is published under.
ATTRIBUTION_COLUMNS = ["source_title", "license", "attribution"]
LINEAGE_FIELDS = [
    "path", "source_id", "title", "size", "sha256", "vintage", "url", "license",
    "attribution", "estimated", "rows_in", "rows_loaded", "rows_quarantined",
    "findings", "errors", "warnings", "fetched_from", "fetched_sha256", "fetched_at",
]  # fmt: skip
# Within one indicator, the rest of the observation key orders its rows: a page of
# observations resumes after the key of the last row it held.
PAGE_KEY = list(OBSERVATION_KEY[1:])
PLACE_FIELDS = [c for c, _ in PLACE_COLUMNS]
# A figure the newest build changed: its key, then its values before and after.
CHANGED_FIGURE_FIELDS = [c for c, _ in FIGURE_COLUMNS]
INDICATOR_FIELDS = [c for c, _ in INDICATOR_COLUMNS]


class Atlas(CareerQueries):
    def __init__(self, db_path: Path | str, timeout: float | None = None):
        path = Path(db_path)
        if not path.is_file():
            raise AtlasError(
                f"no atlas database at {path}: build one with "
                f"`stematlas build --db {path}`",
                404,
            )
        self.path = path
        # Seconds any one query may run before it is interrupted; None: no bound.
        self.timeout = timeout
        self.db = duckdb.connect(str(path), read_only=True)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Atlas:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _rows(self, sql: str, params: list | None = None) -> list[dict]:
        with self._bounded():
            cursor = self.db.execute(sql, params or [])
            names = [d[0] for d in cursor.description]
            found = cursor.fetchall()
        return [dict(zip(names, row, strict=True)) for row in found]

    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self._rows("SELECT * FROM meta")}

    def sources(self) -> list[dict]:
        fields = ", ".join(f'"{f}"' for f in LINEAGE_FIELDS)
        return self._rows(f"SELECT {fields} FROM lineage ORDER BY path")

    def missing_sources(self) -> list[dict]:
        return self._rows(
            "SELECT source_id, title, folders FROM sources WHERE NOT found "
            "ORDER BY source_id"
        )

    def indicator_ids(self) -> list[str]:
        return [r["id"] for r in self._rows("SELECT id FROM indicators ORDER BY id")]

    def findings(self, file: str | None = None) -> list[dict]:
        if file:
            return self._rows(
                "SELECT * FROM findings WHERE file = ? ORDER BY row, code", [file]
            )
        return self._rows("SELECT * FROM findings ORDER BY file, row, code")

    def observations(
        self, indicator: str, filters: dict[str, str] | None = None
    ) -> list[dict]:
        """Observations of one indicator, base columns first, then gaps, trends
        and goal progress, then attribution."""
        self._known_indicator(indicator)
        return self._rows(*self.observation_sql(indicator, filters))

    def indicator_counts(self) -> list[dict]:
        return self._rows(
            """
            SELECT o.indicator, i.title, count(*) AS observations,
                   min(o.period) AS first_period, max(o.period) AS last_period
            FROM observations o JOIN indicators i ON i.id = o.indicator
            GROUP BY ALL
            ORDER BY o.indicator
            """
        )

    # Queries the open data API adds.

    @contextmanager
    def _bounded(self) -> Iterator[None]:
        """Interrupt the query inside if it runs longer than ``self.timeout``."""
        if self.timeout is None:
            yield
            return
        lock = threading.Lock()
        state = {"running": True, "interrupted": False}

        def stop() -> None:
            # Only while the query runs: a late timer must not touch the next one.
            with lock:
                if state["running"]:
                    state["interrupted"] = True
                    self.db.interrupt()

        timer = threading.Timer(self.timeout, stop)
        timer.daemon = True
        timer.start()
        try:
            yield
        except duckdb.Error as exc:
            if state["interrupted"]:
                raise AtlasError(
                    f"the query took longer than {self.timeout:g} s: narrow the "
                    "filters (indicator, period, place)",
                    503,
                ) from exc
            raise
        finally:
            with lock:
                state["running"] = False
            timer.cancel()

    def observation_sql(
        self,
        indicator: str,
        filters: dict[str, str] | None = None,
        after_key: tuple | None = None,
        limit: int | None = None,
    ) -> tuple[str, list]:
        """The query behind ``observations``, with parameters: the same columns
        and order, optionally only the rows after ``after_key`` (a ``PAGE_KEY``
        tuple) and at most ``limit`` of them. Exports run it in ``COPY``."""
        where = ["o.indicator = ?"]
        params: list = [indicator]
        for column, value in (filters or {}).items():
            if column not in BASE_COLUMNS:
                raise AtlasError(f"cannot filter on {column!r}")
            where.append(f'o."{column}" = ?')
            params.append(value)
        if after_key is not None:
            clause, values = _after(tuple(after_key))
            where.append(clause)
            params += values
        columns = ", ".join(f'o."{c}"' for c in BASE_COLUMNS + EXTRA)
        order = ", ".join(f'o."{c}"' for c in OBSERVATION_KEY)
        bound = ""
        if limit is not None:
            bound = "LIMIT ?"
            params.append(int(limit))
        sql = f"""
            WITH page AS (
                SELECT {columns} FROM observations o
                WHERE {" AND ".join(where)}
                ORDER BY {order}
                {bound}
            )
            SELECT {columns},
                   string_agg(s.title, '; ' ORDER BY s.source_id) AS source_title,
                   string_agg(s.license, '; ' ORDER BY s.source_id) AS license,
                   string_agg(s.attribution, '; ' ORDER BY s.source_id)
                       AS attribution
            FROM page o
            LEFT JOIN sources s
              ON list_contains(string_split(o.source_id, '+'), s.source_id)
            GROUP BY ALL
            ORDER BY {order}
        """
        return sql, params

    def observation_page(
        self,
        indicator: str,
        filters: dict[str, str] | None = None,
        limit: int = 500,
        after_key: tuple | None = None,
    ) -> tuple[list[dict], tuple | None]:
        """One page of ``observations(indicator, filters)``: at most ``limit``
        rows after ``after_key``, and the key to resume after (None on the last
        page). Keyset paging, so pages hold still while a client walks them."""
        self._known_indicator(indicator)
        if limit < 1:
            raise AtlasError(f"limit must be at least 1, not {limit}")
        if after_key is not None and len(after_key) != len(PAGE_KEY):
            raise AtlasError(
                f"a page key has {len(PAGE_KEY)} parts ({', '.join(PAGE_KEY)})"
            )
        rows = self._rows(
            *self.observation_sql(indicator, filters, after_key, limit + 1)
        )
        if len(rows) <= limit:
            return rows, None
        rows = rows[:limit]
        return rows, tuple(rows[-1][c] for c in PAGE_KEY)

    def iter_observations(self, indicator: str, batch: int = 10_000) -> Iterator[dict]:
        """Every observation of an indicator, as ``observations`` gives them, a
        batch at a time so a large indicator never sits whole in memory."""
        self._known_indicator(indicator)
        with self._bounded():
            cursor = self.db.execute(*self.observation_sql(indicator))
            names = [d[0] for d in cursor.description]
            while chunk := cursor.fetchmany(batch):
                for row in chunk:
                    yield dict(zip(names, row, strict=True))

    def indicators_with_observations(self) -> list[str]:
        return [
            r["indicator"]
            for r in self._rows(
                "SELECT DISTINCT indicator FROM observations ORDER BY indicator"
            )
        ]

    def catalog(self) -> list[dict]:
        """Every indicator's definition with its count of observations: from the
        warehouse, or from the package's catalog for a warehouse written before
        the table held every field."""
        counts = {
            r["indicator"]: r["n"]
            for r in self._rows(
                "SELECT indicator, count(*) AS n FROM observations GROUP BY ALL"
            )
        }
        stored = {
            r["column_name"]
            for r in self._rows(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = ?",
                ["indicators"],
            )
        }
        if set(INDICATOR_FIELDS) <= stored:
            fields = ", ".join(f'"{f}"' for f in INDICATOR_FIELDS)
            entries = [
                _stored_indicator(r)
                for r in self._rows(f"SELECT {fields} FROM indicators ORDER BY id")
            ]
        else:
            entries = _packaged_indicators(self.indicator_ids() if stored else None)
        for entry in entries:
            entry["observations"] = counts.get(entry["id"], 0)
        return entries

    def indicator_coverage(self, indicator: str) -> dict[str, list[str]]:
        """The periods, place levels and group types an indicator has rows for."""
        self._known_indicator(indicator)
        found = {}
        for column in ("period", "geo_level", "group_type"):
            found[column] = [
                r["v"]
                for r in self._rows(
                    f'SELECT DISTINCT "{column}" AS v FROM observations '
                    "WHERE indicator = ? AND v IS NOT NULL ORDER BY v",
                    [indicator],
                )
            ]
        return found

    def places(self, level: str | None = None) -> list[dict]:
        """The places of the geography, every level or one, with the ids of the
        places they sit in (as far as the warehouse records them)."""
        fields = ", ".join(f'"{f}"' for f in PLACE_FIELDS)
        return self._rows(
            f"""
            SELECT {fields} FROM places
            WHERE ?::VARCHAR IS NULL OR geo_level = ?
            ORDER BY coalesce(list_position(?::VARCHAR[], geo_level), 99),
                     geo_level, geo_id
            """,
            [level, level, list(PLACE_LEVEL_ORDER)],
        )

    def source_attributions(self, source_ids) -> list[dict]:
        """Title, license and attribution of each source named that this build
        read; an observation's ``source_id`` may join several with ``+``."""
        wanted = sorted(
            {part for ident in source_ids if ident for part in ident.split("+")}
        )
        if not wanted:
            return []
        return self._rows(
            "SELECT source_id, title, license, attribution FROM sources "
            "WHERE found AND list_contains(?::VARCHAR[], source_id) "
            "ORDER BY source_id",
            [wanted],
        )

    def attribution(self, source_ids) -> dict:
        """What every answer and download carries: the build it comes from, and
        the sources named (see ``source_attributions``) with their licenses."""
        sources = self.source_attributions(source_ids)
        return {
            "build_id": self.meta().get("build_id"),
            "sources": sources,
            "licenses": sorted({s["license"] for s in sources if s["license"]}),
        }

    def _known_indicator(self, indicator: str) -> None:
        if indicator not in self.indicator_ids():
            raise AtlasError(
                f"unknown indicator {indicator!r}: list them with "
                "`stematlas indicators`",
                404,
            )


PLACE_LEVEL_ORDER = ("state", "region", "wda", "esd", "county", "district", "school")


def _after(key: tuple) -> tuple[str, list]:
    """A WHERE clause for rows whose ``PAGE_KEY`` sorts after ``key``, in the
    order ``ORDER BY`` gives (nulls last), with its parameters."""
    ors: list[str] = []
    params: list = []
    for i, value in enumerate(key):
        if value is None:
            continue  # nothing sorts after a null
        same = [f'o."{c}" IS NOT DISTINCT FROM ?' for c in PAGE_KEY[:i]]
        column = f'o."{PAGE_KEY[i]}"'
        ors.append(
            "(" + " AND ".join([*same, f"({column} > ? OR {column} IS NULL)"]) + ")"
        )
        params += [*key[:i], value]
    return ("(" + " OR ".join(ors) + ")" if ors else "FALSE"), params


def _stored_indicator(row: dict) -> dict:
    entry = dict(row)
    entry["sources"] = [s for s in (row.get("sources") or "").split(";") if s]
    try:
        breaks = json.loads(row.get("breaks") or "[]")
    except ValueError:
        breaks = []
    entry["breaks"] = [
        {"period": str(b.get("period", "")), "note": str(b.get("note", ""))}
        for b in breaks
        if isinstance(b, dict)
    ]
    entry["higher_is_better"] = row.get("higher_is_better") is not False
    return entry


def _packaged_indicators(ids: list[str] | None) -> list[dict]:
    from dataclasses import asdict

    from .indicators.catalog import CATALOG

    entries = []
    for ident in sorted(CATALOG) if ids is None else ids:
        item = CATALOG.get(ident)
        if item is None:
            entries.append({"id": ident, "title": ident, "unit": "", "description": ""})
            continue
        entry = asdict(item)
        entry["sources"] = list(item.sources)
        entry["breaks"] = [asdict(b) for b in item.breaks]
        entries.append(entry)
    return entries
