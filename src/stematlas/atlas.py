"""Read-only queries over a built warehouse: the one door outputs use.

The CLI's exports, the web pages and the API all ask here, so a figure reads the same
everywhere. Connections are read-only; every query is parameterized.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from .errors import AtlasError
from .warehouse.schema import EXTRA_COLUMNS, OBSERVATION_COLUMNS, OBSERVATION_KEY

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


class Atlas:
    def __init__(self, db_path: Path | str):
        path = Path(db_path)
        if not path.is_file():
            raise AtlasError(
                f"no atlas database at {path}: build one with "
                f"`stematlas build --db {path}`",
                404,
            )
        self.path = path
        self.db = duckdb.connect(str(path), read_only=True)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Atlas:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _rows(self, sql: str, params: list | None = None) -> list[dict]:
        cursor = self.db.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

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
        """Observations of one indicator, base columns first, then attribution."""
        if indicator not in self.indicator_ids():
            raise AtlasError(
                f"unknown indicator {indicator!r}: list them with "
                "`stematlas indicators`",
                404,
            )
        where = ["o.indicator = ?"]
        params: list = [indicator]
        for column, value in (filters or {}).items():
            if column not in BASE_COLUMNS:
                raise AtlasError(f"cannot filter on {column!r}")
            where.append(f'o."{column}" = ?')
            params.append(value)
        base = ", ".join(f'o."{c}"' for c in BASE_COLUMNS + EXTRA)
        order = ", ".join(f'o."{c}"' for c in OBSERVATION_KEY)
        sql = f"""
            SELECT {base},
                   string_agg(s.title, '; ' ORDER BY s.source_id) AS source_title,
                   string_agg(s.license, '; ' ORDER BY s.source_id) AS license,
                   string_agg(s.attribution, '; ' ORDER BY s.source_id)
                       AS attribution
            FROM observations o
            LEFT JOIN sources s
              ON list_contains(string_split(o.source_id, '+'), s.source_id)
            WHERE {" AND ".join(where)}
            GROUP BY ALL
            ORDER BY {order}
        """
        return self._rows(sql, params)

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
