"""The HTML pages, in English at their path and in Spanish under ``/es/``, and the
downloads of exactly what a page shows. Each route opens the atlas read-only, asks
``views`` for the page's data and renders a template; nothing is computed here.
"""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from .. import charts
from ..atlas import CHANGED_FIGURE_FIELDS, Atlas
from ..errors import AtlasError
from ..exports import write_csv
from ..indicators import catalog
from . import views
from .i18n import gettext, render

router = APIRouter(include_in_schema=False)


# Seconds one query behind a page may take before the page gives up.
QUERY_TIMEOUT = 10.0


def _atlas(request: Request) -> Atlas:
    return Atlas(request.app.state.db_path, timeout=QUERY_TIMEOUT)


def _both(path: str):
    """Register a page at its English path and its Spanish one."""

    def register(handler):
        router.get(path, response_class=HTMLResponse)(_lang(handler, "en"))
        spanish = "/es/" if path == "/" else f"/es{path}"
        router.get(spanish, response_class=HTMLResponse)(_lang(handler, "es"))
        return handler

    return register


def _lang(handler, lang: str):
    import functools
    import inspect

    @functools.wraps(handler)
    def wrapper(*args, **kwargs):
        return handler(*args, lang=lang, **kwargs)

    signature = inspect.signature(handler)
    wrapper.__signature__ = signature.replace(
        parameters=[p for p in signature.parameters.values() if p.name != "lang"]
    )
    return wrapper


def page_context(atlas: Atlas) -> dict:
    """What every page needs: the build, and whether its figures are real."""
    meta = atlas.meta()
    return {"meta": meta, "regions": views.regions(atlas)}


# What each page shows: (template, context), for the routes below and for the
# static export alike. ``maps`` is the county shapes' URL.

MAPS = "/maps/counties.topo.json"


def home_page(atlas: Atlas, lang: str, maps: str = MAPS) -> tuple[str, dict]:
    return "home.html", {
        "headline": views.headline(atlas, lang),
        "region_map": region_map_spec(atlas, lang, maps),
        "region_counties": views.region_counties(atlas),
    }


def regions_page(atlas: Atlas, lang: str, maps: str = MAPS) -> tuple[str, dict]:
    return "regions.html", {
        "region_map": region_map_spec(atlas, lang, maps),
        "region_counties": views.region_counties(atlas),
    }


def indicators_page(atlas: Atlas, lang: str) -> tuple[str, dict]:
    return "indicators.html", {"entries": views.catalog_entries(atlas)}


def indicator_page(
    atlas: Atlas,
    lang: str,
    indicator_id: str,
    place: str | None = None,
    period: str | None = None,
    group_type: str | None = None,
    maps: str = MAPS,
    static: bool = False,
) -> tuple[str, dict]:
    view = views.indicator_view(atlas, indicator_id, place, period, group_type, lang)
    counties = views.county_regions(atlas) if views.has_shapes(atlas) else None
    return "indicator.html", {
        "view": view,
        "specs": indicator_specs(view, lang, maps, counties),
        "downloads": downloads(view, static),
        "notes": views.notes_for(atlas, indicator_id, view.place, lang),
    }


def region_page(atlas: Atlas, lang: str, region_id: str) -> tuple[str, dict]:
    from .career_views import top_jobs

    name = views.region_name(atlas, region_id)
    profile = views.region_profile(atlas, region_id)
    shown = {e["indicator"].id for e in profile}
    jobs = top_jobs(atlas, region_id)
    return "region.html", {
        "region_id": region_id,
        "region_name": name,
        "profile": profile,
        "places": views.region_places(atlas, region_id, shown),
        "top_jobs": jobs,
        "careers_link": f"/careers/{region_id}" if jobs is not None else None,
    }


# The data page lists this many changed figures; the CSV has all of them.
CHANGES_SHOWN = 100


def data_page(atlas: Atlas, lang: str) -> tuple[str, dict]:
    releases, changes = views.releases(atlas)
    return "data.html", {
        "sources": atlas.sources(),
        "missing": atlas.missing_sources(),
        "findings": views.finding_summary(atlas),
        "releases": releases,
        "changes": changes,
        "figures": views.changed_figures(atlas, CHANGES_SHOWN),
        "figures_total": sum(c["changed"] + c["added"] + c["removed"] for c in changes),
    }


def _serve(request: Request, lang: str, page, *args, **kwargs) -> str:
    with _atlas(request) as atlas:
        context = page_context(atlas)
        template, extra = page(atlas, lang, *args, **kwargs)
    return render(lang, template, request, **context, **extra)


@_both("/")
def home(request: Request, lang: str = "en") -> str:
    return _serve(request, lang, home_page)


@_both("/regions")
def region_list(request: Request, lang: str = "en") -> str:
    return _serve(request, lang, regions_page)


@_both("/indicators")
def indicator_list(request: Request, lang: str = "en") -> str:
    return _serve(request, lang, indicators_page)


@_both("/indicators/{indicator_id}")
def indicator(
    request: Request,
    indicator_id: str,
    place: str | None = Query(None, max_length=80),
    period: str | None = Query(None, max_length=20),
    group_type: str | None = Query(None, max_length=60),
    lang: str = "en",
) -> str:
    return _serve(
        request, lang, indicator_page, indicator_id, place, period, group_type
    )


def downloads(view: views.IndicatorView, static: bool = False) -> dict:
    """Where the view's rows can be downloaded: the same filters every time."""
    base = f"/indicators/{view.indicator.id}"
    if static:
        return {"csv": "data.csv", "json": "data.json", "api": None}
    query = urlencode(view.params)
    api = urlencode({"indicator": view.indicator.id, **view.filters})
    return {
        "csv": f"{base}/data.csv?{query}",
        "json": f"{base}/data.json?{query}",
        "api": f"/api/v1/observations?{api}",
    }


@_both("/regions/{region_id}")
def region(request: Request, region_id: str, lang: str = "en") -> str:
    return _serve(request, lang, region_page, region_id)


@_both("/data")
def data(request: Request, lang: str = "en") -> str:
    return _serve(request, lang, data_page)


@router.get("/data/changes.csv")
def changes_csv(request: Request) -> Response:
    """Every figure the newest build changed, added or removed."""
    with _atlas(request) as atlas:
        body = figures_csv(views.changed_figures(atlas))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="changes.csv"'},
    )


def figures_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = CHANGED_FIGURE_FIELDS
    writer.writerow(names)
    writer.writerows([row[c] for c in names] for row in rows)
    return out.getvalue()


# Downloads of exactly what the explorer shows.


@router.get("/indicators/{indicator_id}/data.csv")
def indicator_csv(
    request: Request,
    indicator_id: str,
    place: str | None = Query(None, max_length=80),
    period: str | None = Query(None, max_length=20),
    group_type: str | None = Query(None, max_length=60),
) -> Response:
    with _atlas(request) as atlas:
        view = views.indicator_view(atlas, indicator_id, place, period, group_type)
    name = f"{indicator_id}_{view.place[1]}_{view.period}.csv".replace("/", "-")
    return Response(
        rows_csv(view.rows),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@router.get("/indicators/{indicator_id}/data.json")
def indicator_json(
    request: Request,
    indicator_id: str,
    place: str | None = Query(None, max_length=80),
    period: str | None = Query(None, max_length=20),
    group_type: str | None = Query(None, max_length=60),
) -> Response:
    with _atlas(request) as atlas:
        view = views.indicator_view(atlas, indicator_id, place, period, group_type)
        body = view_json(atlas, view)
    return Response(
        json.dumps(body, default=str, ensure_ascii=False),
        media_type="application/json",
    )


def view_json(atlas: Atlas, view: views.IndicatorView) -> dict:
    """The explorer's rows as JSON, with the build and the sources' licenses and
    attributions, as every answer of the API carries them."""
    return {
        "indicator": view.indicator.id,
        "filters": view.filters,
        **atlas.attribution(r["source_id"] for r in view.rows),
        "data": view.rows,
    }


def rows_csv(rows: list[dict]) -> str:
    """The CSV every export writes: one header line, then the rows."""
    out = io.StringIO()
    write_csv(rows, out)
    return out.getvalue()


@router.get("/maps/counties.topo.json")
def county_shapes(request: Request) -> Response:
    with _atlas(request) as atlas:
        rows = atlas._rows("SELECT topology FROM shapes WHERE name = 'counties'")
    if not rows:
        raise AtlasError("no county shapes in this build: rebuild the atlas", 404)
    return Response(rows[0]["topology"], media_type="application/json")


# Chart specifications.


def region_map_spec(atlas: Atlas, lang: str, url: str = MAPS) -> dict | None:
    if not views.has_shapes(atlas):
        return None
    return charts.region_map(
        views.county_regions(atlas),
        url,
        gettext(lang, "Map of Washington's counties colored by STEM network region"),
        lambda text: gettext(lang, text),
    )


def indicator_specs(
    view: views.IndicatorView,
    lang: str,
    maps: str = MAPS,
    counties: list[dict] | None = None,
) -> dict:
    """The explorer's charts; the map only with ``counties`` (id, name), which a
    build holds where it has the county shapes."""

    def t(text: str) -> str:
        return gettext(lang, text)

    label = t  # data labels: not extracted as messages of their own

    rate = view.indicator.unit == catalog.RATE
    title = label(view.indicator.title)
    everyone = view.everyone
    reference = everyone["value"] if everyone and rate else None
    specs = {
        "trend": charts.trend(
            view.trend,
            [{"period": b.period, "note": b.note} for b in view.indicator.breaks],
            t("{title} over time in {place}, All Students").format(
                title=title, place=view.place_name
            ),
            t,
            rate,
        ),
    }
    if counties:
        specs["map"] = charts.county_map(
            view.counties,
            counties,
            maps,
            t("{title} by county, {period}, All Students").format(
                title=title, period=view.period
            ),
            t,
            rate,
        )
    if rate:
        specs["groups"] = charts.group_bars(
            view.rows,
            t("{title} by {group_type} in {place}, {period}").format(
                title=title,
                group_type=label(view.group_type),
                place=view.place_name,
                period=view.period,
            ),
            t,
            reference,
        )
    return specs
