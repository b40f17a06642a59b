"""The whole public site as static files, for any static host or CDN.

Every page is rendered by the same page functions the server uses, in English and
Spanish, with links made relative to each page's folder (``index.html`` files), so
the copy works from any host and any path. Each indicator has its default view
and one view per region that has figures; every view's CSV and JSON downloads and
chart specifications sit beside its page. The export is written into a new folder
and swapped in only when complete.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from ..atlas import Atlas
from ..errors import AtlasError
from . import careers, pages, views
from .app import STATIC
from .i18n import LANGS, Links, render

# Test tooling ships with the package for the browser tests, not for readers.
SKIP_VENDOR = ("axe-core", "swagger-ui-dist")


def export_site(db_path: Path, out: Path, progress: Callable | None = None) -> int:
    """Write the site into ``out``; the number of pages written."""
    out = Path(out)
    work = out.with_name(out.name + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        with Atlas(db_path) as atlas:
            count = _write_site(atlas, work, progress)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    work.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    return count


def _write_site(atlas: Atlas, root: Path, progress) -> int:
    _copy_static(root)
    shapes = views.has_shapes(atlas)
    if shapes:
        topology = atlas._rows("SELECT topology FROM shapes WHERE name = 'counties'")
        _write(root, "maps/counties.topo.json", topology[0]["topology"])

    _write(root, "data/changes.csv", pages.figures_csv(views.changed_figures(atlas)))

    jobs = _pages(atlas)
    context = pages.page_context(atlas)
    count = 0
    for lang in LANGS:
        for i, (path, page, args) in enumerate(jobs, start=1):
            if progress:
                progress(f"{lang}{path}", i, len(jobs))
            count += _write_page(atlas, root, lang, path, page, args, context)
    return count


def _pages(atlas: Atlas) -> list[tuple[str, Callable, dict]]:
    """(path, page function, arguments) for every page of the copy."""
    jobs = [
        ("/", pages.home_page, {}),
        ("/indicators", pages.indicators_page, {}),
        ("/regions", pages.regions_page, {}),
        ("/data", pages.data_page, {}),
    ]
    for region in views.regions(atlas):
        jobs.append(
            (f"/regions/{region['geo_id']}", pages.region_page,
             {"region_id": region["geo_id"]})
        )  # fmt: skip
    jobs += careers.static_jobs(atlas)
    for entry in views.catalog_entries(atlas):
        indicator_id = entry["indicator"].id
        for path, place in _indicator_places(atlas, indicator_id):
            jobs.append(
                (path, pages.indicator_page,
                 {"indicator_id": indicator_id, "place": place, "static": True})
            )  # fmt: skip
    return jobs


def _indicator_places(atlas: Atlas, indicator_id: str) -> list[tuple[str, str | None]]:
    """The default view, then one per region with figures."""
    base = f"/indicators/{indicator_id}"
    places = [(base, None)]
    for region_id in atlas._rows(
        """
        SELECT DISTINCT geo_id FROM observations
        WHERE indicator = ? AND geo_level = 'region' ORDER BY geo_id
        """,
        [indicator_id],
    ):
        places.append(
            (f"{base}/region-{region_id['geo_id']}", f"region:{region_id['geo_id']}")
        )
    return places


def _write_page(atlas, root: Path, lang: str, path: str, page, args, context) -> int:
    links = Links(lang, path, static=True)
    maps = links("/maps/counties.topo.json")
    if page in (pages.home_page, pages.regions_page, pages.indicator_page):
        args = {**args, "maps": maps}
    try:
        template, extra = page(atlas, lang, **args)
    except AtlasError:
        return 0  # a view with no figures here: no page
    if page is pages.indicator_page:
        extra["static_places"] = _static_places(
            atlas, links, args["indicator_id"], path
        )
        _write_downloads(atlas, root, lang, path, extra)
    if page in careers.STATIC_PAGES:
        careers.static_extras(
            atlas, links, path, extra, lambda name, text: _write(root, name, text)
        )
    html = render(lang, template, links=links, page_path=path, **context, **extra)
    folder = ("es" if lang == "es" else "") + path
    _write(root, f"{folder.strip('/')}/index.html".lstrip("/"), html)
    return 1


def _static_places(atlas, links: Links, indicator_id: str, current: str) -> list[dict]:
    names = {r["geo_id"]: r["geo_name"] for r in views.regions(atlas)}
    default = views.indicator_view(atlas, indicator_id, lang=links.lang).place_name
    out = []
    for path, place in _indicator_places(atlas, indicator_id):
        label = names.get(place.split(":", 1)[1], place) if place else default
        out.append({"href": links(path), "label": label, "current": path == current})
    return out


def _write_downloads(atlas, root: Path, lang: str, path: str, extra: dict) -> None:
    """The view's rows (once, in the English folder: figures do not change with
    the language) and its chart specifications beside the page."""
    view = extra["view"]
    folder = ("es" if lang == "es" else "") + path
    if lang == "en":
        _write(root, f"{path.strip('/')}/data.csv", pages.rows_csv(view.rows))
        body = pages.view_json(atlas, view)
        _write(root, f"{path.strip('/')}/data.json", json.dumps(body, default=str))
    else:
        extra["downloads"] = {
            "csv": f"../{'../' * path.count('/')}{path.strip('/')}/data.csv",
            "json": f"../{'../' * path.count('/')}{path.strip('/')}/data.json",
            "api": None,
        }
    for name, spec in extra["specs"].items():
        _write(root, f"{folder.strip('/')}/chart-{name}.vl.json", json.dumps(spec))


def _copy_static(root: Path) -> None:
    def ignore(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n.startswith(SKIP_VENDOR)]

    shutil.copytree(STATIC, root / "static", ignore=ignore)


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
