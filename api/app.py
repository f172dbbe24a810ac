"""The application factory: ``create_app(db)`` is the whole HTTP API under ``/api/v1``
(OpenAPI at ``/api/v1/openapi.json``, docs at ``/api/v1/docs``), with its task runner
started and stopped with the server (``huibian serve`` runs it on uvicorn)."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from starlette.exceptions import HTTPException as StarletteHTTPException

from huibian.api import (auth, errors, routes_check, routes_documents, routes_items,
    routes_review, routes_search, routes_volumes)
from huibian.api.state import ApiState
from huibian.api.tasks import TaskRunner

PREFIX = "/api/v1"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("huibian")
    except PackageNotFoundError:
        return "0"


APP_SCRIPT = Path(__file__).resolve().parents[1] / "app.py"  # in a checkout


def mount_ui(app: FastAPI, script: Path = APP_SCRIPT) -> None:
    """Serve the Streamlit app (``app.py``) at ``/`` of the same server, beside the API
    (Streamlit's ASGI ``st.App``; the API's routes are matched first)."""
    if not script.is_file():
        raise ToolMissing(f"the app's script is not at {script}: the app is served from a "
                          "checkout of the repository (make run)", code="E761")
    import streamlit as st  # deferred: only with --with-app (Streamlit's start-up time)

    @app.api_route(PREFIX + "/{rest:path}", include_in_schema=False,
                   methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
    def _not_the_api(rest: str):  # under /api/v1 the API answers, never the app's page
        raise StarletteHTTPException(404)

    app.mount("/", st.App(str(script)))


def app_and_ui_from_env() -> FastAPI:
    """``huibian serve --with-app``: the API and the app in one process."""
    app = create_app(None)
    mount_ui(app)
    return app


def app_from_env() -> FastAPI:
    """The app over ``$HUIBIAN_DB``: what ``huibian serve`` hands uvicorn by name
    (``uvicorn --factory huibian.api.app:app_from_env`` does the same)."""
    return create_app(None)


def create_app(db: str | None = None, *, run_tasks: bool = True) -> FastAPI:
    """The API over the store ``db`` (``--db``, else ``$HUIBIAN_DB``, else
    ``data/huibian.db``). ``run_tasks=False``: tasks are queued, not run (a second
    server process over the same store may leave them to the first)."""
    state = ApiState.open(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        runner = None
        if run_tasks:
            runner = TaskRunner(state.db_path, state.resources)
            runner.start()
        app.state.runner = runner
        try:
            yield
        finally:
            if runner is not None:
                runner.stop()

    app = FastAPI(title="huibian 汇编 API", version=_version(), lifespan=lifespan,
                  openapi_url=f"{PREFIX}/openapi.json", docs_url=f"{PREFIX}/docs",
                  redoc_url=None,
                  description="Submissions in, results out: token sign-in, uploads as "
                              "background tasks, search, similarity checks, labels, reviews "
                              "and volumes, with the roles of the app. Errors are "
                              '{"error": {"code", "message"}} with the CLI\'s codes.')
    app.state.hb = state
    app.state.runner = None
    errors.install(app)

    for module in (auth, routes_documents, routes_items, routes_search, routes_check,
                   routes_review, routes_volumes):
        app.include_router(module.router, prefix=PREFIX, responses=errors.RESPONSES)
    return app
