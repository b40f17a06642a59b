"""The web application. For now one page: what the warehouse holds (sources, their
row accounting and licenses, the indicators with figures), so ``make run`` shows a
user what was built. Pages read the warehouse only through ``stematlas.atlas``."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from ..atlas import Atlas
from ..errors import AtlasError

templates = Environment(
    loader=PackageLoader("stematlas.web", "templates"),
    autoescape=select_autoescape(["html"]),
)


def create_app(db_path: Path | str) -> FastAPI:
    app = FastAPI(title="STEM Atlas", docs_url=None, redoc_url=None)

    @app.exception_handler(AtlasError)
    async def atlas_error(request: Request, exc: AtlasError):
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    @app.get("/", response_class=HTMLResponse)
    def home() -> str:
        with Atlas(db_path) as atlas:
            meta = atlas.meta()
            sources = atlas.sources()
            missing = atlas.missing_sources()
            counts = atlas.indicator_counts()
        return templates.get_template("home.html").render(
            meta=meta, sources=sources, missing=missing, counts=counts
        )

    @app.get("/healthz")
    def health() -> dict:
        with Atlas(db_path) as atlas:
            return {"status": "ok", "build_id": atlas.meta().get("build_id")}

    return app
