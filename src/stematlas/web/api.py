"""The open data API, version 1: the indicator catalog, the places, the
observations (filtered, paged, as JSON or CSV) and whole indicators as bulk files.

Every answer reads the warehouse through ``stematlas.atlas``, so the API holds the
same rows as the pages and the CLI's exports. Each query is bounded in time; errors
become ``{"error": message, "status": n}`` in the app's handlers. ``router`` holds
the versioned endpoints; ``docs_router`` holds the page that shows them
(``/api/docs``), outside the version prefix and the schema.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel, ConfigDict, Field, create_model

from ..atlas import (
    ATTRIBUTION_COLUMNS,
    EXTRA_COLUMNS,
    OBSERVATION_COLUMNS,
    OBSERVATION_KEY,
    PAGE_KEY,
    Atlas,
)
from ..errors import AtlasError
from ..exports import bulk_dir, is_safe_name, write_csv
from .i18n import environment

VERSION_PREFIX = "/api/v1"
# Seconds one query may take before the API gives up and says to narrow it.
QUERY_TIMEOUT = 10.0
DEFAULT_LIMIT = 500
MAX_LIMIT = 5000
SWAGGER = "/static/vendor/swagger-ui-dist-5.35.0"

GeoLevel = Literal["state", "region", "esd", "wda", "county", "district", "school"]
Status = Literal["ok", "suppressed", "banded", "low_reliability", "not_applicable"]
BULK_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}

DESCRIPTION = """\
Equity indicators for Washington State and its regions, counties, districts and
schools, computed from public education, labor-market and early-learning data.

Every figure is an **observation**: one indicator, one period, one place and one
student group, with its numerator, denominator, value, interval, status and method,
then gaps, trends and goal progress. Rows come in the order of their key
(indicator, period, geo_level, geo_id, group_type, group).

- **Suppressed cells never carry numbers.** A row with status `suppressed` has no
  numerator, denominator, value or interval; `banded` rows carry only the band the
  agency published (`lower`, `upper`). `status_reason` says why.
- **Licenses and attribution travel with every answer**: each observation names its
  sources' titles, licenses and attribution, and each page of observations lists the
  sources it draws on. Reuse follows the license of each source.
- Answers carry an `ETag` tied to the build of the data, so a client can revalidate
  with `If-None-Match` and get `304 Not Modified` until the data change.
- Pages of observations are linked by `next` (and a `Link: rel="next"` header); a
  whole indicator is available as CSV or Parquet under `/api/v1/bulk/`.
- Errors answer `{"error": message, "status": code}`; the message says what to do.
"""


# Answers, declared so the OpenAPI description is exact.


class ApiError(BaseModel):
    error: str = Field(description="What went wrong and what to do about it.")
    status: int = Field(description="The HTTP status, repeated.")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ApiError} for status in (400, 404, 422, 503)
}
router = APIRouter(prefix=VERSION_PREFIX, tags=["open data"], responses=ERROR_RESPONSES)
docs_router = APIRouter(include_in_schema=False)


class Source(BaseModel):
    source_id: str
    title: str | None
    license: str | None
    attribution: str | None


class Break(BaseModel):
    period: str = Field(description="From this period on, the series is not "
                        "comparable with the periods before.")  # fmt: skip
    note: str


class Indicator(BaseModel):
    id: str
    title: str
    unit: str = Field(description="`rate` (0..1), `count` or `amount`.")
    description: str
    numerator: str = ""
    denominator: str = ""
    population: str = ""
    higher_is_better: bool = True
    sources: list[str] = Field(default_factory=list, description="Source ids.")
    caveats: str = ""
    research: str = ""
    baseline: str = ""
    breaks: list[Break] = Field(default_factory=list)
    chain_step: int | None = None
    observations: int = Field(0, description="Observations in this build.")


class Attributed(BaseModel):
    """What every answer carries: the build its rows come from, and the sources
    behind them with their licenses and the attribution each requires."""

    build_id: str | None
    sources: list[Source] = Field(description="The sources behind this answer.")
    licenses: list[str] = Field(description="The licenses of those sources.")


class IndicatorList(Attributed):
    data: list[Indicator]


class IndicatorLinks(BaseModel):
    observations: str
    bulk_csv: str
    bulk_parquet: str


class IndicatorDetail(Indicator):
    # The indicator's sources with their terms, not only their ids.
    sources: list[Source] = Field(description="The sources this build read.")
    licenses: list[str] = Field(description="The licenses of those sources.")
    build_id: str | None
    periods: list[str] = Field(description="Periods with observations.")
    geo_levels: list[str] = Field(description="Place levels with observations.")
    group_types: list[str] = Field(description="Student group types with rows.")
    links: IndicatorLinks


class Place(BaseModel):
    level: str
    id: str
    name: str | None
    state_id: str | None = None
    region_id: str | None = None
    wda_id: str | None = None
    esd_id: str | None = None
    county_id: str | None = Field(None, description="5-digit county FIPS code.")
    district_id: str | None = Field(None, description="OSPI district code.")
    rucc_2023: int | None = Field(
        None, description="USDA rural-urban continuum code (counties)."
    )


class PlaceList(Attributed):
    data: list[Place]


COLUMN_NOTES = {
    "indicator": "Indicator id (see /api/v1/indicators).",
    "period": "School year (2018-19), calendar year (2018) or survey span (2016-2020).",
    "geo_level": "state, region, esd, wda, county, district or school.",
    "geo_id": "The place's id at its level.",
    "numerator": "Empty when suppressed or withheld.",
    "denominator": "Empty when suppressed or withheld.",
    "value": "A rate (0..1) or an amount; empty when suppressed or banded.",
    "lower": "Lower end of the interval or published band.",
    "upper": "Upper end of the interval or published band.",
    "status": "ok, suppressed, banded, low_reliability or not_applicable.",
    "status_reason": "Why a figure is hidden or flagged (n<10, complementary, ...).",
    "method": "published, aggregated, derived, records or estimated.",
    "coverage": "Share of the parent's known total the summed parts cover.",
    "source_title": "Titles of the sources, joined with '; '.",
    "license": "Licenses of the sources, joined with '; '.",
    "attribution": "How to credit the sources, joined with '; '.",
}
_TYPES = {"VARCHAR": str, "DOUBLE": float, "BOOLEAN": bool, "INTEGER": int}
_ALWAYS = set(OBSERVATION_KEY) | {"status"}


def _observation_model() -> type[BaseModel]:
    columns = (
        OBSERVATION_COLUMNS
        + EXTRA_COLUMNS
        + [(c, "VARCHAR") for c in ATTRIBUTION_COLUMNS]
    )
    fields: dict[str, Any] = {}
    for name, sql_type in columns:
        kind = _TYPES.get(sql_type, str)
        annotation = kind if name in _ALWAYS else kind | None
        fields[name] = (annotation, Field(description=COLUMN_NOTES.get(name)))
    return create_model(
        "Observation",
        __config__=ConfigDict(title="Observation"),
        **fields,
    )


Observation = _observation_model()


class ObservationPage(Attributed):
    data: list[Observation]  # type: ignore[valid-type]
    next: str | None = Field(
        description="URL of the next page with the same filters; null on the last."
    )


# Endpoints.


def _atlas(request: Request) -> Atlas:
    return Atlas(request.app.state.db_path, timeout=QUERY_TIMEOUT)


def _unknown(indicator: str) -> AtlasError:
    return AtlasError(
        f"unknown indicator {indicator!r}: list the ids at {VERSION_PREFIX}/indicators",
        404,
    )


@router.get(
    "/indicators",
    response_model=IndicatorList,
    summary="The indicator catalog",
)
def indicators(request: Request) -> dict:
    """Every indicator's definition, sources, caveats and comparability breaks,
    with how many observations this build holds for it."""
    with _atlas(request) as atlas:
        entries = atlas.catalog()
        ids = [s for e in entries if e["observations"] for s in e.get("sources", [])]
        return {
            "data": [_indicator(e) for e in entries],
            **atlas.attribution(ids),
        }


@router.get(
    "/indicators/{indicator_id}",
    response_model=IndicatorDetail,
    summary="One indicator",
)
def indicator(request: Request, indicator_id: str = PathParam(max_length=200)) -> dict:
    """One indicator's definition, with the periods, place levels and student
    group types it has observations for."""
    with _atlas(request) as atlas:
        entry = next((e for e in atlas.catalog() if e["id"] == indicator_id), None)
        if entry is None:
            raise _unknown(indicator_id)
        coverage = atlas.indicator_coverage(indicator_id)
        attributed = atlas.attribution(entry.get("sources", []))
    query = urlencode({"indicator": indicator_id})
    return {
        **_indicator(entry),
        "periods": coverage["period"],
        "geo_levels": coverage["geo_level"],
        "group_types": coverage["group_type"],
        "links": {
            "observations": f"{VERSION_PREFIX}/observations?{query}",
            "bulk_csv": f"{VERSION_PREFIX}/bulk/{indicator_id}.csv",
            "bulk_parquet": f"{VERSION_PREFIX}/bulk/{indicator_id}.parquet",
        },
        **attributed,
    }


@router.get(
    "/geographies",
    response_model=PlaceList,
    summary="Places",
)
def geographies(
    request: Request,
    level: GeoLevel | None = Query(None, description="Only places at this level."),
) -> dict:
    """The places of the geography, with the ids of the places each sits in
    (state, region, workforce area, ESD, county, district) where known."""
    with _atlas(request) as atlas:
        places = atlas.places(level)
        attributed = atlas.attribution(GEOGRAPHY_SOURCES)
    return {"data": [_place(p) for p in places], **attributed}


@router.get(
    "/observations",
    response_model=ObservationPage,
    summary="Observations of one indicator",
    responses={
        200: {
            "description": "A page of observations, as JSON or, with "
            "`format=csv`, as CSV (one header line, then rows).",
            "content": {"text/csv": {"schema": {"type": "string"}}},
            "headers": {
                "X-Build-Id": {
                    "description": "The build the rows come from.",
                    "schema": {"type": "string"},
                },
                "Link": {
                    "description": 'The next page, as `<url>; rel="next"`, when '
                    "there is one.",
                    "schema": {"type": "string"},
                },
            },
        }
    },
)
def observations(
    request: Request,
    response: Response,
    indicator: str = Query(
        min_length=1, max_length=200, description="Indicator id (required)."
    ),
    period: str | None = Query(None, max_length=100),
    geo_level: GeoLevel | None = Query(None),
    geo_id: str | None = Query(None, max_length=100),
    group_type: str | None = Query(None, max_length=200),
    group: str | None = Query(None, max_length=200),
    status: Status | None = Query(None),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page."),
    cursor: str | None = Query(
        None, max_length=2000, description="Where a page starts: from `next`."
    ),
    fmt: Literal["json", "csv"] = Query("json", alias="format"),
) -> Any:
    """Observations of one indicator in key order, every filter an exact match.
    Pages follow the observation key (keyset paging): follow `next` until it is
    null. Each row names its sources, licenses and attribution."""
    filters = {
        "period": period,
        "geo_level": geo_level,
        "geo_id": geo_id,
        "group_type": group_type,
        "group": group,
        "status": status,
    }
    filters = {k: v for k, v in filters.items() if v is not None}
    after = decode_cursor(cursor) if cursor is not None else None
    with _atlas(request) as atlas:
        if indicator not in atlas.indicator_ids():
            raise _unknown(indicator)
        rows, next_key = atlas.observation_page(indicator, filters, limit, after)
        attributed = atlas.attribution(r["source_id"] for r in rows)
        build_id = attributed["build_id"]

    next_url = None
    if next_key is not None:
        params = {"indicator": indicator, **filters, "limit": limit}
        if fmt != "json":
            params["format"] = fmt
        params["cursor"] = encode_cursor(next_key)
        next_url = f"{request.url.path}?{urlencode(params)}"
    headers = {"X-Build-Id": build_id or ""}
    if next_url:
        headers["Link"] = f'<{next_url}>; rel="next"'

    if fmt == "csv":
        out = io.StringIO()
        write_csv(rows, out)
        return Response(
            out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers
        )
    response.headers.update(headers)
    return {"data": rows, "next": next_url, **attributed}


@router.get(
    "/bulk/{indicator_id}.{ext}",
    summary="A whole indicator as one file",
    response_class=Response,
    responses={
        200: {
            "description": "Every observation of the indicator, in the columns "
            "and order of /api/v1/observations.",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.apache.parquet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        }
    },
)
def bulk(
    request: Request,
    indicator_id: str = PathParam(max_length=200),
    ext: Literal["csv", "parquet"] = PathParam(description="csv or parquet"),
) -> Response:
    """Every observation of one indicator as CSV or Parquet, written when the
    atlas was built."""
    with _atlas(request) as atlas:
        known = indicator_id in atlas.indicator_ids()
        build_id = atlas.meta().get("build_id")
    if not known:
        raise _unknown(indicator_id)
    folder = bulk_dir(Path(request.app.state.db_path), build_id or "")
    if not build_id or not is_safe_name(build_id) or not folder.is_dir():
        raise AtlasError(
            f"the bulk files of build {build_id} are not written yet: rebuild the "
            "atlas (`stematlas build`), or use /api/v1/observations meanwhile",
            503,
        )
    path = folder / f"{indicator_id}.{ext}"
    if not is_safe_name(indicator_id) or not path.is_file():
        raise AtlasError(
            f"no bulk file for {indicator_id!r}: it has no observations in this "
            f"build (see {VERSION_PREFIX}/indicators/{indicator_id})",
            404,
        )
    return FileResponse(
        path,
        media_type=BULK_MEDIA[ext],
        filename=path.name,
        headers={"X-Build-Id": build_id},
    )


@docs_router.get("/api/docs", response_class=HTMLResponse)
def api_docs() -> str:
    """The interactive reference: Swagger UI over /openapi.json."""
    template = environment("en").get_template("api_docs.html")
    return template.render(swagger=SWAGGER, prefix=VERSION_PREFIX)


# Cursors: the key of the last row of a page, as opaque text.


def encode_cursor(key: tuple) -> str:
    text = json.dumps(list(key), separators=(",", ":"), ensure_ascii=True)
    return base64.urlsafe_b64encode(text.encode("ascii")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple:
    bad = AtlasError(
        "invalid cursor: follow the `next` link of the previous page as given, or "
        "leave cursor out to start from the first page",
        400,
    )
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw.decode("ascii"))
    except (ValueError, binascii.Error, UnicodeError):
        raise bad from None
    if (
        not isinstance(key, list)
        or len(key) != len(PAGE_KEY)
        or not all(v is None or isinstance(v, str) for v in key)
    ):
        raise bad
    return tuple(key)


# Shapes of the answers.

# The files the places and their nesting come from.
GEOGRAPHY_SOURCES = ("regions_counties", "regions_oews_areas", "ospi_directory")


def _indicator(entry: dict) -> dict:
    text = ("numerator", "denominator", "population", "caveats", "research")
    out = {**entry, **{k: entry.get(k) or "" for k in (*text, "baseline")}}
    out["title"] = entry.get("title") or entry["id"]
    out["unit"] = entry.get("unit") or ""
    out["description"] = entry.get("description") or ""
    return out


# Which parent field a place's own id would fill: left empty, it is no parent.
_OWN = {
    "state": "state_id",
    "region": "region_id",
    "wda": "wda_id",
    "esd": "esd_id",
    "county": "county_id",
    "district": "district_id",
}


def _place(row: dict) -> dict:
    place = {
        "level": row["geo_level"],
        "id": row["geo_id"],
        "name": row["geo_name"],
        "state_id": row.get("state_id"),
        "region_id": row.get("region_id"),
        "wda_id": row.get("wda_id"),
        "esd_id": row.get("esd_id"),
        "county_id": row.get("county_fips"),
        "district_id": row.get("district_code"),
        "rucc_2023": row.get("rucc_2023"),
    }
    own = _OWN.get(row["geo_level"])
    if own:
        place[own] = None
    return place
