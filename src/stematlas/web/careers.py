"""The careers pages, in English and in Spanish under ``/es/``: the statewide count
of good jobs by credential (``/careers``), each region's in-demand family-wage
jobs (``/careers/{region_id}``) with downloads of exactly its table, and where to
earn the credentials (``/credentials/{region_id}``). Each route opens the atlas
read-only, asks ``career_views`` for the page's data and renders a template.
"""

from __future__ import annotations

import io
import json
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from .. import charts
from ..atlas import Atlas
from . import career_views as cv
from .i18n import gettext, render
from .pages import _lang, page_context

router = APIRouter(include_in_schema=False)

HOUSEHOLD = Query(None, max_length=60, description="Household id, e.g. 1-adult-1-child")
CREDENTIAL = Query(None, max_length=40, description="Credential level id")


def _both(path: str):
    """Register a page at its English path and at its Spanish one."""

    def register(handler):
        router.get(path, response_class=HTMLResponse)(_lang(handler, "en"))
        router.get(f"/es{path}", response_class=HTMLResponse)(_lang(handler, "es"))
        return handler

    return register


# What each page shows: (template, context), for the routes and the static export.


def careers_page(
    atlas: Atlas, lang: str, household: str | None = None, static: bool = False
) -> tuple[str, dict]:
    if not atlas.has_careers():
        # The page the navigation links to says what to load, even in a build
        # without labor data.
        return "careers.html", {"view": None, "notes": cv.notes(atlas, None, lang)}
    view = cv.statewide_view(atlas, household, lang)
    chart = charts.openings_by_credential(
        view.levels,
        gettext(lang, "Openings a year in in-demand family-wage jobs, by credential"),
        lambda text: gettext(lang, text),
    )
    return "careers.html", {
        "view": view,
        "chart": chart,
        "alternate_params": view.params,
    }


def career_region_page(
    atlas: Atlas,
    lang: str,
    region_id: str,
    household: str | None = None,
    credential: str | None = None,
    static: bool = False,
) -> tuple[str, dict]:
    view = cv.career_view(atlas, region_id, household, credential, lang)
    return "career_region.html", {
        "view": view,
        "downloads": career_downloads(view, static),
        "alternate_params": view.params,
        "kinds": cv.KIND_LABELS,
    }


def credentials_page(
    atlas: Atlas,
    lang: str,
    region_id: str,
    household: str | None = None,
    static: bool = False,
) -> tuple[str, dict]:
    view = cv.credential_view(atlas, region_id, household, lang)
    return "credentials.html", {
        "view": view,
        "downloads": credential_downloads(view, static),
        "alternate_params": view.params,
    }


def career_downloads(view: cv.CareerView, static: bool = False) -> dict:
    """Where the table's rows can be downloaded: the same filters every time."""
    if static:
        return {"csv": "data.csv", "json": "data.json", "api": None}
    base = f"/careers/{view.region_id}"
    query = urlencode(view.params)
    api = urlencode({"region": view.region_id, **view.params})
    return {
        "csv": f"{base}/data.csv?{query}",
        "json": f"{base}/data.json?{query}",
        "api": f"/api/v1/careers?{api}",
    }


def credential_downloads(view: cv.CredentialView, static: bool = False) -> dict:
    if static:
        return {"csv": "data.csv", "json": "data.json"}
    base = f"/credentials/{view.region_id}"
    query = urlencode(view.params)
    return {"csv": f"{base}/data.csv?{query}", "json": f"{base}/data.json?{query}"}


def _serve(request: Request, lang: str, page, *args, **kwargs) -> str:
    with Atlas(request.app.state.db_path) as atlas:
        context = page_context(atlas)
        template, extra = page(atlas, lang, *args, **kwargs)
    return render(lang, template, request, **context, **extra)


@_both("/careers")
def careers(request: Request, household: str | None = HOUSEHOLD, lang: str = "en"):
    return _serve(request, lang, careers_page, household)


@_both("/careers/{region_id}")
def career_region(
    request: Request,
    region_id: str,
    household: str | None = HOUSEHOLD,
    credential: str | None = CREDENTIAL,
    lang: str = "en",
):
    return _serve(request, lang, career_region_page, region_id, household, credential)


@_both("/credentials/{region_id}")
def credentials(
    request: Request,
    region_id: str,
    household: str | None = HOUSEHOLD,
    lang: str = "en",
):
    return _serve(request, lang, credentials_page, region_id, household)


# Downloads of exactly what the pages show.


@router.get("/careers/{region_id}/data.{ext}")
def career_download(
    request: Request,
    region_id: str,
    ext: str,
    household: str | None = HOUSEHOLD,
    credential: str | None = CREDENTIAL,
) -> Response:
    with Atlas(request.app.state.db_path) as atlas:
        view = cv.career_view(atlas, region_id, household, credential)
        build_id = atlas.meta().get("build_id", "")
    rows = cv.career_rows(view)
    name = f"careers_{region_id}_{view.household}"
    return download(rows, cv.CAREER_COLUMNS, ext, name, build_id, view.params)


@router.get("/credentials/{region_id}/data.{ext}")
def credential_download(
    request: Request, region_id: str, ext: str, household: str | None = HOUSEHOLD
) -> Response:
    with Atlas(request.app.state.db_path) as atlas:
        view = cv.credential_view(atlas, region_id, household)
        build_id = atlas.meta().get("build_id", "")
    rows = cv.credential_rows(view)
    name = f"credentials_{region_id}_{view.household}"
    return download(rows, cv.CREDENTIAL_COLUMNS, ext, name, build_id, view.params)


def download(rows, columns, ext, name, build_id, params) -> Response:
    from ..errors import AtlasError

    if ext == "csv":
        return Response(
            table_csv(rows, columns),
            media_type="text/csv; charset=utf-8",
            headers={
                "content-disposition": f'attachment; filename="{name}.csv"',
                "x-build-id": build_id,
            },
        )
    if ext == "json":
        body = {"filters": params, "build_id": build_id, "data": rows}
        return Response(
            json.dumps(body, default=str, ensure_ascii=False),
            media_type="application/json",
        )
    raise AtlasError(f"no download as .{ext}: ask for data.csv or data.json", 404)


def table_csv(rows: list[dict], columns: list[str]) -> str:
    """One header line, then the rows, in ``columns``' order."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_cell(r.get(c)) for c in columns])
    return out.getvalue()


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# The static export: every region's list for every household (the live site's
# household form becomes links), each region's credentials, and the downloads.

STATIC_PAGES = (careers_page, career_region_page, credentials_page)


def static_jobs(atlas: Atlas) -> list[tuple[str, object, dict]]:
    """(path, page function, arguments) of every careers page of the copy."""
    jobs: list[tuple[str, object, dict]] = [("/careers", careers_page, {})]
    if not atlas.has_careers():
        return jobs
    default = atlas.career_default_household()
    others = [h["id"] for h in atlas.career_households() if h["id"] != default]
    jobs += [
        (f"/careers/household-{h}", careers_page, {"household": h}) for h in others
    ]
    for region in atlas.career_region_totals():
        rid = region["region_id"]
        jobs.append((f"/careers/{rid}", career_region_page, {"region_id": rid}))
        jobs += [
            (f"/careers/{rid}/household-{h}", career_region_page,
             {"region_id": rid, "household": h})
            for h in others
        ]  # fmt: skip
        jobs.append((f"/credentials/{rid}", credentials_page, {"region_id": rid}))
    return [(path, page, {**args, "static": True}) for path, page, args in jobs]


def static_extras(atlas: Atlas, links, path: str, extra: dict, write) -> None:
    """Links to the page for each household, and the table's downloads beside
    the page (in the English folder only: figures do not change with the
    language). ``write(relative path, text)`` writes a file of the copy."""
    view = extra.get("view")
    if view is None:
        return
    default = atlas.career_default_household()
    base = path.split("/household-")[0]
    if not base.startswith("/credentials/"):
        extra["static_households"] = [
            {
                "href": links(
                    base if c.value == default else f"{base}/household-{c.value}"
                ),
                "label": c.label,
                "current": c.selected,
            }
            for c in view.households
        ]
    suffix = "" if view.household == default else f"/household-{view.household}"
    extra["static_suffix"] = suffix
    if isinstance(view, cv.CareerView):
        rows, columns = cv.career_rows(view), cv.CAREER_COLUMNS
    elif isinstance(view, cv.CredentialView):
        rows, columns = cv.credential_rows(view), cv.CREDENTIAL_COLUMNS
    else:
        return
    folder = path.strip("/")
    if links.lang == "en":
        write(f"{folder}/data.csv", table_csv(rows, columns))
        body = {"filters": view.params, "data": rows}
        write(f"{folder}/data.json", json.dumps(body, default=str))
    else:
        up = "../" * (path.count("/") + 1)
        extra["downloads"] = {
            "csv": f"{up}{folder}/data.csv",
            "json": f"{up}{folder}/data.json",
            "api": None,
        }
