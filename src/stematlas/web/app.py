"""The web application: pages, downloads and the open data API, all read from the
warehouse through ``stematlas.atlas`` and the view models in ``views``, so a page,
its downloads and the API answer for the same filters hold the same rows.

``create_app(db)`` is the only entry point; the database is opened read-only per
request, so a rebuild that swaps the file in is picked up on the next request.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from ..atlas import Atlas
from ..errors import AtlasError
from . import api, career_api, careers, pages
from .i18n import render
from .security import SecurityAndCaching

STATIC = Path(str(resources.files("stematlas.web").joinpath("static")))


def create_app(db_path: Path | str) -> FastAPI:
    app = FastAPI(
        title="STEM Atlas open data API",
        version="1",
        description=api.DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.db_path = Path(db_path)
    app.state.build = BuildWatch(Path(db_path))
    app.add_middleware(SecurityAndCaching, build_id=app.state.build.current)
    # Outermost: pages, scripts and downloads travel compressed.
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(api.docs_router)
    app.include_router(career_api.router)
    app.include_router(pages.router)
    app.include_router(careers.router)
    _error_handlers(app)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict:
        with Atlas(db_path) as atlas:
            return {"status": "ok", "build_id": atlas.meta().get("build_id")}

    return app


class BuildWatch:
    """The build id of the database being served, read again only when the file
    changes (a rebuild swaps a new file in)."""

    def __init__(self, path: Path):
        self.path = path
        self._stamp: tuple | None = None
        self._build: str | None = None

    def current(self) -> str | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        if stamp != self._stamp:
            with Atlas(self.path) as atlas:
                self._build = atlas.meta().get("build_id")
            self._stamp = stamp
        return self._build


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return (
        path.startswith("/api/")
        or path.endswith((".json", ".csv"))
        or "text/html" not in request.headers.get("accept", "")
    )


def _error(request: Request, status: int, message: str):
    if _wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    lang = "es" if request.url.path.startswith("/es/") else "en"
    try:
        with Atlas(request.app.state.db_path) as atlas:
            meta = atlas.meta()
    except AtlasError:
        meta = {}
    page = render(
        lang, "error.html", request, status=status, message=message, meta=meta
    )
    return HTMLResponse(page, status_code=status)


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AtlasError)
    async def atlas_error(request: Request, exc: AtlasError):
        return _error(request, exc.status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}: start from / or /api/docs"
        return _error(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}"
            for e in exc.errors()
        )
        return _error(request, 422, f"invalid request: {problems}")
