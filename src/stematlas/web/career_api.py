"""The careers endpoint of the open data API, version 1: a region's occupations
for one household, with their wage against the living wage, demand, openings,
growth and credential, as JSON or CSV, from the same query as the careers pages.
Every answer names the build, the sources with their licenses and attributions,
and the rules in words."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..atlas import Atlas
from ..atlas_careers import SCOPES
from .api import ERROR_RESPONSES, QUERY_TIMEOUT, VERSION_PREFIX, Source
from .career_views import CAREER_COLUMNS, rules_with_sources
from .careers import table_csv

router = APIRouter(prefix=VERSION_PREFIX, tags=["careers"], responses=ERROR_RESPONSES)


class CareerRow(BaseModel):
    region_id: str
    region_name: str | None = None
    household: str
    soc: str = Field(description="SOC 2018 occupation code.")
    title: str
    median_hourly: float | None = Field(
        None, description="Median hourly wage in the region's wage area (OEWS)."
    )
    wage_percentile: int = Field(description="The percentile family_wage uses.")
    wage_hourly: float | None = Field(None, description="Wage at that percentile.")
    living_wage: float | None = Field(
        None, description="Hourly living wage per working adult for the household."
    )
    family_wage: bool | None = Field(
        None, description="Wage at or above the living wage; null when unknown."
    )
    in_demand: bool
    demand_status: str = Field(
        description="in demand, balanced, not in demand or not rated."
    )
    openings: float | None = Field(None, description="Average annual openings.")
    employment: float | None = None
    growth: float | None = Field(
        None, description="Projected employment change over growth_years (0.1 = 10%)."
    )
    growth_years: float | None = None
    credential: str | None = Field(None, description="Credential level id.")
    credential_label: str | None = None
    education: str | None = Field(None, description="BLS typical entry education.")
    beyond_high_school: bool | None = None
    estimated: bool = Field(description="True where a figure is the atlas's estimate.")
    method: str = Field(description="published or estimated.")
    wage_status: str
    wage_area: str | None = None
    wage_basis: str | None = None
    living_wage_basis: str | None = None
    figures_basis: str | None = None
    demand_basis: str | None = None
    wage_period: str | None = None
    living_wage_period: str | None = None
    period_note: str | None = None
    source: str = Field(description="Source ids, joined with '+'.")


class Rule(BaseModel):
    id: str
    title: str
    explanation: str


class CareerList(BaseModel):
    data: list[CareerRow]
    region: str | None
    household: str
    household_label: str
    credential: str | None
    scope: str
    build_id: str | None
    period_note: str = Field(
        description="Said when the wages and the living wages are of different years."
    )
    rules: list[Rule]
    sources: list[Source]
    licenses: list[str]
    attributions: list[str]


@router.get(
    "/careers",
    response_model=CareerList,
    summary="Occupations of a region for a household",
    responses={
        200: {
            "description": "The occupations as JSON or, with `format=csv`, as CSV "
            "(one header line, then rows).",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
def careers(
    request: Request,
    region: str | None = Query(
        None, max_length=60, description="Region id (see /api/v1/geographies)."
    ),
    household: str | None = Query(
        None, max_length=60, description="Household id; default 1-adult-1-child."
    ),
    credential: str | None = Query(
        None, max_length=40, description="Only this credential level."
    ),
    scope: Literal[SCOPES] = Query(  # type: ignore[valid-type]
        "good",
        description="good: in demand and family wage (the careers pages' list); "
        "in_demand; family_wage; all: every occupation.",
    ),
    fmt: Literal["json", "csv"] = Query("json", alias="format"),
) -> Any:
    """A region's occupations (every region's, without one) for one household,
    ranked by annual openings. Each row says whether its median (or chosen
    percentile) wage reaches the household's living wage, whether the
    occupation is in demand, and which figures are estimates."""
    with Atlas(request.app.state.db_path, timeout=QUERY_TIMEOUT) as atlas:
        rows = atlas.careers(region, household, credential, scope)
        chosen = household or atlas.career_default_household()
        labels = {h["id"]: h["label"] for h in atlas.career_households()}
        rules, sources = rules_with_sources(atlas)
        build_id = atlas.meta().get("build_id")
    rows = [{c: r.get(c) for c in CAREER_COLUMNS} for r in rows]
    if fmt == "csv":
        return Response(
            table_csv(rows, CAREER_COLUMNS),
            media_type="text/csv; charset=utf-8",
            headers={"X-Build-Id": build_id or ""},
        )
    return _answer(rows, sources, rules, {
        "region": region,
        "household": chosen,
        "household_label": labels.get(chosen, chosen),
        "credential": credential,
        "scope": scope,
        "build_id": build_id,
    })  # fmt: skip


def _answer(rows: list[dict], sources: list[dict], rules: list[dict], head: dict):
    """The JSON answer: the rows, what was asked, and the terms of the sources
    the rows draw on (every labor source loaded, for an empty answer)."""
    used = {i for r in rows for i in r["source"].split("+")} or {
        s["source_id"] for s in sources
    }
    cited = _unique([s for s in sources if s["source_id"] in used])
    return {
        **head,
        "data": rows,
        "period_note": next((r["period_note"] for r in rows if r["period_note"]), ""),
        "rules": [{k: r[k] for k in ("id", "title", "explanation")} for r in rules],
        "sources": [
            {k: s[k] for k in ("source_id", "title", "license", "attribution")}
            for s in cited
        ],
        "licenses": sorted({s["license"] for s in cited if s["license"]}),
        "attributions": sorted({s["attribution"] for s in cited if s["attribution"]}),
    }


def _unique(sources: list[dict]) -> list[dict]:
    seen, out = set(), []
    for s in sources:
        if s["source_id"] not in seen:
            seen.add(s["source_id"])
            out.append(s)
    return out
